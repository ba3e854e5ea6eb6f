from django.core.management.base import BaseCommand

from npo_planner.scholen import totp
from npo_planner.scholen.demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Toont de huidige inlogcode van de demo-accounts (alleen de demosleutel, nooit die van echte gebruikers)."

    def handle(self, *args, **options):
        step = totp.current_step()
        self.stdout.write(totp.code_at(DEMO_TOTP_SECRET, step))

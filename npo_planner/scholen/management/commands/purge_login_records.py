from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from npo_planner.scholen.login_records import login_records_purge


class Command(BaseCommand):
    help = (
        "Verwijdert inlogregels (met netwerkadressen) die ouder zijn dan LOGIN_RECORD_RETENTION_DAYS dagen. "
        "Bedoeld om dagelijks te plannen (cron/systemd-timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="alleen tonen wat er weg zou gaan")

    def handle(self, *args, dry_run, **options):
        n, cutoff = login_records_purge(dry_run=dry_run)
        if dry_run:
            text = _("Grens: %(cutoff)s. %(n)s inlogregel(s) zou verwijderen.")
        else:
            text = _("Grens: %(cutoff)s. %(n)s inlogregel(s) verwijderd.")
        self.stdout.write(text % {"cutoff": timezone.localtime(cutoff).strftime("%Y-%m-%d %H:%M"), "n": n})

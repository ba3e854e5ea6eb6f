from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from npo_planner.scholen.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, demo_accounts, load_core


class Command(BaseCommand):
    help = "Laadt het demobestuur met twee scholen, gebruikers en voorbeeldgegevens (kan vaker draaien)."

    def handle(self, *args, **options):
        ctx = load_core()
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if config.label == "scholen" or find_spec(config.name) is None:
                continue
            if find_spec(module_name) is None:
                continue
            import_module(module_name).load(ctx)
        for line in ctx.log:
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(_("Demogegevens geladen. Inloggen op http://127.0.0.1:8000/ met:"))
        )
        width = max(len(u) for u, _d in demo_accounts())
        for username, description in demo_accounts():
            self.stdout.write(f"  {username.ljust(width)}  {DEMO_PASSWORD}  {description}")
        self.stdout.write(
            _(
                "Directeur, ib, bestuur en beheerder loggen in met een tweede stap: voeg de sleutel "
                "%(key)s toe aan een authenticator-app, of vraag de code op met 'python manage.py demo_code'."
            )
            % {"key": DEMO_TOTP_SECRET}
        )

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from npo_planner.scholen.pupil_data import departed_pupils_purge


class Command(BaseCommand):
    help = (
        "Verwijdert leerlingen die meer dan twee jaar geleden van school gingen, met al hun gegevens, en legt vast "
        "dat dit is gebeurd. Bedoeld om dagelijks te plannen (cron/systemd-timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="alleen tonen wat er weg zou gaan")

    def handle(self, *args, dry_run, **options):
        purge = departed_pupils_purge(dry_run=dry_run)
        total = sum(purge.run.removed.values())
        if dry_run:
            text = _("Grens: van school af vóór %(cutoff)s. %(n)s leerling(en) zou verwijderen.")
        else:
            text = _("Grens: van school af vóór %(cutoff)s. %(n)s leerling(en) verwijderd.")
        self.stdout.write(text % {"cutoff": purge.run.cutoff, "n": total})
        for brin, codes in sorted(purge.codes.items()):
            # Only a dry run names the pupils (to check before they go); afterwards the codes are gone everywhere,
            # the output of a scheduled run (mailed by cron) included.
            shown = ", ".join(codes) if dry_run else str(len(codes))
            self.stdout.write(f"  {brin}: {shown}")

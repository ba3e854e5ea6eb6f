from django.core.management.base import BaseCommand

from kanvas.management.commands.kanvas_report import school_with_moments
from kanvas.report import SAFETY_HEADER, safety_report_rows
from npo_planner.lib.csv_export import csv_text


class Command(BaseCommand):
    help = (
        "Sociale veiligheid als CSV op stdout, één rij per groep: "
        "groep;n;welbevinden;veiligheidsbeleving;pct_veilig;pct_gepest;pct_incident (CONTRACT §6)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="BRIN van de school")
        parser.add_argument("--moment", required=True, help="meetmoment, bijv. 2022-voorjaar")

    def handle(self, *args, **options):
        school = school_with_moments(options["school"], options["moment"])
        self.stdout.ending = ""
        self.stdout.write(
            csv_text(SAFETY_HEADER, safety_report_rows(school=school, moment=options["moment"]))
        )

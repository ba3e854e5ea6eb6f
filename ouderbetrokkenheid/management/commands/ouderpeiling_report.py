from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ouderbetrokkenheid.models import Survey
from ouderbetrokkenheid.report import report_csv


class Command(BaseCommand):
    help = "Schrijft de uitslag van een ouderpeiling als CSV naar stdout (CONTRACT §6)."

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="BRIN van de school, bijv. 12AB")
        parser.add_argument("--year", required=True, help="schooljaar, bijv. 2021-2022")
        parser.add_argument("--title", required=True, help="titel van de peiling")
        parser.add_argument(
            "--bouw",
            choices=["onderbouw", "middenbouw", "bovenbouw"],
            help="alleen respondenten van deze bouw",
        )

    def handle(self, *args, **options):
        survey = (
            Survey.objects.select_related("school", "school_year")
            .filter(
                school__brin=options["school"], school_year__label=options["year"], title=options["title"]
            )
            .first()
        )
        if survey is None:
            raise CommandError(
                _("Geen peiling '%(title)s' in %(year)s voor school %(brin)s.")
                % {"title": options["title"], "year": options["year"], "brin": options["school"]},
                returncode=1,
            )
        self.stdout.write(report_csv(survey=survey, stage=options.get("bouw")), ending="")

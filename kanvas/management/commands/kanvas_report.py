from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kanvas.models import Moment
from kanvas.report import report_header, report_rows
from npo_planner.lib.csv_export import csv_text
from npo_planner.scholen.models import School


class Command(BaseCommand):
    help = (
        "KanVAS-groepsoverzicht als CSV op stdout: groep;n;klassenzorgscore;NI;OS;OV;HS; met --compare de "
        "vorige cijfers van dezelfde leerlingen en de groep(en) waar ze toen in zaten (CONTRACT §6)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="BRIN van de school")
        parser.add_argument("--moment", required=True, help="meetmoment, bijv. 2022-voorjaar")
        parser.add_argument(
            "--compare",
            help="eerder meetmoment om mee te vergelijken (dezelfde leerlingen, toen in hun groep van dat moment)",
        )

    def handle(self, *args, **options):
        school = school_with_moments(options["school"], options["moment"], options["compare"])
        compare = options["compare"]
        text = csv_text(
            report_header(compare=bool(compare)),
            report_rows(school=school, moment=options["moment"], compare=compare),
        )
        self.stdout.ending = ""
        self.stdout.write(text)


def school_with_moments(brin: str, *labels: str | None) -> School:
    """The school with BRIN `brin`, when each of `labels` (None skipped) is a moment with data there."""
    school = School.objects.filter(brin=brin).first()
    if school is None:
        raise CommandError(_("School met BRIN %(brin)s bestaat niet.") % {"brin": brin})
    for label in labels:
        if label and not Moment.objects.filter(school=school, label=label).exists():
            raise CommandError(
                _("Meetmoment %(moment)s heeft geen gegevens bij school %(brin)s.")
                % {"moment": label, "brin": school.brin}
            )
    return school

"""export_programme --school BRIN --year YYYY-YYYY --output FILE.pdf (CONTRACT §6): writes the programme PDF.
The year may be either school year of the programme. The export is kept and recorded in the audit log."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from npo_planner.programma import selectors, services
from npo_planner.scholen.models import School, SchoolYear


class Command(BaseCommand):
    help = "Schrijft de PDF van het schoolprogramma van een school."

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="BRIN van de school, bijv. 12AB")
        parser.add_argument("--year", required=True, help="een schooljaar van het programma, bijv. 2021-2022")
        parser.add_argument("--output", required=True, help="pad van het PDF-bestand")

    def handle(self, *args, school, year, output, **options):
        school_obj = School.objects.filter(brin=school).first()
        if school_obj is None:
            raise CommandError(_("School %(brin)s bestaat niet.") % {"brin": school})
        year_obj = SchoolYear.objects.filter(label=year).first()
        if year_obj is None:
            raise CommandError(_("Schooljaar %(year)s bestaat niet.") % {"year": year})
        programme = selectors.programme_for(school=school_obj, school_year=year_obj)
        if programme is None:
            raise CommandError(
                _("School %(brin)s heeft geen schoolprogramma voor %(year)s.")
                % {"brin": school, "year": year}
            )
        path = Path(output)
        if path.parent and not path.parent.exists():
            raise CommandError(_("Map %(dir)s bestaat niet.") % {"dir": path.parent})
        export = services.programme_export(programme=programme, user=None, via="opdrachtregel")
        path.write_bytes(bytes(export.pdf))
        self.stdout.write(
            _("%(path)s geschreven (%(size)s bytes, %(status)s).")
            % {"path": path, "size": export.size, "status": programme.get_status_display()}
        )

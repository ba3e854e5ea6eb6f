from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from npo_planner.scholen.backup import backup_write
from npo_planner.scholen.models import School


class Command(BaseCommand):
    help = "Schrijft een back-up (JSON, met .gz ingepakt) van de hele database of van één school."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="bestand, bijv. backup.json.gz")
        parser.add_argument("--school", help="alleen deze school (BRIN) met alles wat erbij hoort")

    def handle(self, *args, output, school, **options):
        school_obj = None
        if school:
            school_obj = School.objects.filter(brin=school.upper()).first()
            if school_obj is None:
                raise CommandError(_("School %(brin)s bestaat niet.") % {"brin": school})
        count = backup_write(output, school=school_obj)
        self.stdout.write(
            _("Back-up geschreven naar %(path)s: %(n)s records.") % {"path": output, "n": count}
        )

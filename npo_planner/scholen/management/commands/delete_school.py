from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from npo_planner.scholen.models import School
from npo_planner.scholen.school_removal import school_delete


class Command(BaseCommand):
    help = (
        "Verwijdert een school met al haar gegevens, nadat eerst een back-up (met het auditlog) is geschreven; "
        "de verwijdering zelf wordt vastgelegd."
    )

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="BRIN van de school, bijv. 12AB")
        parser.add_argument(
            "--output", required=True, help="bestand voor de back-up van de school, bijv. school-12AB.json.gz"
        )

    def handle(self, *args, school, output, **options):
        found = School.objects.filter(brin=school.strip().upper()).first()
        if found is None:
            raise CommandError(_("School %(brin)s bestaat niet.") % {"brin": school})
        record = school_delete(school=found, backup_path=output)
        self.stdout.write(record.summary)

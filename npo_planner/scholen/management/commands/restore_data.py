from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from npo_planner.scholen.backup import RestoreRefused, backup_restore


class Command(BaseCommand):
    help = "Zet een back-up van backup_data terug: alles of niets."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            count = backup_restore(file)
        except RestoreRefused as error:
            raise CommandError(str(error)) from None
        self.stdout.write(_("Back-up teruggezet: %(n)s records.") % {"n": count})

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from npo_planner.scholen.backup import RestoreRefused, backup_restore


class Command(BaseCommand):
    help = (
        "Zet een back-up van backup_data terug, alles of niets: een volledige in een lege database, een van "
        "één school naast de scholen die er al zijn (zonder iets bestaands te wijzigen)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            result = backup_restore(file)
        except RestoreRefused as error:
            raise CommandError(str(error)) from None
        self.stdout.write(_("Back-up teruggezet: %(n)s records.") % {"n": result.count})
        if result.new_accounts:
            self.stdout.write(
                _(
                    "Nieuwe accounts zonder wachtwoord (een back-up van een school bevat geen wachtwoorden): "
                    "%(users)s. Zij kiezen een wachtwoord via 'Wachtwoord vergeten' op de inlogpagina en zetten "
                    "tweestapsverificatie opnieuw aan."
                )
                % {"users": ", ".join(result.new_accounts)}
            )

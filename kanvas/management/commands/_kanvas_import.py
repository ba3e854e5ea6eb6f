"""Shared body of `import_kanvas` and `import_sociogram` (CONTRACT §6): exit 0 on success, 1 on a refused file."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kanvas.services import MAPPING_KINDS, file_import
from npo_planner.lib.import_errors import ImportErrors
from npo_planner.scholen.mapping_option import add_mapping_argument, command_mapping
from npo_planner.scholen.models import School


class ImportCommand(BaseCommand):
    kind = ""

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="BRIN van de school, bijv. 12AB")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="bestaande gegevens vervangen, alleen van de groepen in het bestand (per meetmoment, bij antwoorden ook per vragenlijst)",
        )
        add_mapping_argument(parser)
        parser.add_argument("file", help="CSV- of XLSX-bestand")

    def handle(self, *args, **options):
        school = School.objects.filter(brin=options["school"]).first()
        if school is None:
            raise CommandError(_("School met BRIN %(brin)s bestaat niet.") % {"brin": options["school"]})
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Bestand %(path)s kan niet worden gelezen: %(reason)s.")
                % {"path": path, "reason": exc.strerror}
            ) from exc
        try:
            mapping = command_mapping(school=school, kind=MAPPING_KINDS[self.kind], path=options["mapping"])
            record = file_import(
                school=school,
                user=None,
                kind=self.kind,
                data=data,
                filename=path.name,
                replace=options["replace"],
                mapping=mapping,
            )
        except ImportErrors as errors:
            self.stderr.write(_("%(name)s is niet ingelezen; er is niets opgeslagen.") % {"name": path.name})
            for line in errors.messages():
                self.stderr.write(line)
            sys.exit(1)
        for line in record.summary.get("replaced", []):
            self.stdout.write(_("Vervangen: %(what)s") % {"what": line})
        for line in record.summary.get("kept", []):
            self.stdout.write(_("Blijft: %(what)s") % {"what": line})
        for warning in record.summary.get("warnings", []):
            self.stdout.write(_("Let op: %(warning)s") % {"warning": warning})
        self.stdout.write(
            self.style.SUCCESS(
                _("%(name)s ingelezen: %(rows)s rijen geschreven (sha256 %(sha256)s…).")
                % {"name": path.name, "rows": record.rows, "sha256": record.sha256[:12]}
            )
        )

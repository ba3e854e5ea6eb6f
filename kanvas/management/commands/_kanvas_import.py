"""Shared body of `import_kanvas` and `import_sociogram` (CONTRACT §6): exit 0 on success, 1 on a refused file."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kanvas.services import file_import
from npo_planner.lib.import_errors import ImportErrors
from npo_planner.scholen.models import School


class ImportCommand(BaseCommand):
    kind = ""

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="BRIN van de school, bijv. 12AB")
        parser.add_argument(
            "--replace", action="store_true", help="bestaande gegevens van het meetmoment vervangen"
        )
        parser.add_argument("file", help="CSV- of XLSX-bestand")

    def handle(self, *args, **options):
        school = School.objects.filter(brin=options["school"]).first()
        if school is None:
            raise CommandError(f"School met BRIN {options['school']} bestaat niet.")
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Bestand {path} kan niet worden gelezen: {exc.strerror}.") from exc
        try:
            record = file_import(
                school=school,
                user=None,
                kind=self.kind,
                data=data,
                filename=path.name,
                replace=options["replace"],
            )
        except ImportErrors as errors:
            self.stderr.write(f"{path.name} is niet ingelezen; er is niets opgeslagen.")
            for line in errors.messages():
                self.stderr.write(line)
            sys.exit(1)
        for warning in record.summary.get("warnings", []):
            self.stdout.write(f"Let op: {warning}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{path.name} ingelezen: {record.rows} rijen geschreven (sha256 {record.sha256[:12]}…)."
            )
        )

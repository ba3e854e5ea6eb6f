"""`import_roster --school BRIN --year 2022-2023 [--mapping FILE.json] FILE`: read a roster (groepsindeling) from the administration's
export; exit 0 on success, 1 on a refused file (nothing written)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from npo_planner.lib.import_errors import ImportErrors
from npo_planner.scholen.mapping_option import add_mapping_argument, command_mapping
from npo_planner.scholen.models import MappingKind, School, SchoolYear
from npo_planner.scholen.roster_services import roster_import


class Command(BaseCommand):
    help = (
        "Leest de groepsindeling van een schooljaar in (leerlingnummer, groep, leerjaar, roepnaam) uit een export "
        "van de leerlingadministratie; leerlingen van de school die er niet in staan krijgen een datum van vertrek."
    )

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="BRIN van de school, bijv. 12AB")
        parser.add_argument("--year", required=True, help="schooljaar, bijv. 2022-2023")
        add_mapping_argument(parser)
        parser.add_argument("file", help="CSV- of XLSX-bestand")

    def handle(self, *args, school, year, file, mapping=None, **options):
        found = School.objects.filter(brin=school).first()
        if found is None:
            raise CommandError(_("School met BRIN %(brin)s bestaat niet.") % {"brin": school})
        school_year = SchoolYear.objects.filter(label=year).first()
        if school_year is None:
            raise CommandError(_("Schooljaar %(year)s bestaat niet.") % {"year": year})
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Bestand %(path)s kan niet worden gelezen: %(reason)s.")
                % {"path": path, "reason": exc.strerror}
            ) from exc
        try:
            chosen = command_mapping(school=found, kind=MappingKind.ROSTER, path=mapping)
            plan = roster_import(
                school=found, year=school_year, data=data, filename=path.name, mapping=chosen
            )
        except ImportErrors as errors:
            self.stderr.write(_("%(name)s is niet ingelezen; er is niets opgeslagen.") % {"name": path.name})
            for line in errors.messages():
                self.stderr.write(line)
            sys.exit(1)
        if plan.personal_columns:
            self.stdout.write(
                _("Persoonsgegevens genegeerd en niet opgeslagen: %(columns)s")
                % {"columns": ", ".join(plan.personal_columns)}
            )
        if plan.other_columns:
            self.stdout.write(
                _("Onbekende kolommen genegeerd: %(columns)s") % {"columns": ", ".join(plan.other_columns)}
            )
        for code, before, after in plan.moved:
            self.stdout.write(
                _("Vervangen: %(code)s van %(before)s naar %(after)s")
                % {"code": code, "before": before, "after": after}
            )
        for warning in plan.warnings:
            self.stdout.write(_("Let op: %(warning)s") % {"warning": warning})
        if plan.leaving:
            self.stdout.write(
                _("Van school af op %(date)s: %(codes)s")
                % {"date": plan.left_on.isoformat(), "codes": ", ".join(plan.leaving)}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(name)s ingelezen: %(pupils)s leerlingen in %(groups)s groepen (%(new)s nieuw), schooljaar %(year)s."
                )
                % {
                    "name": path.name,
                    "pupils": len(plan.rows),
                    "groups": len(plan.groups),
                    "new": len(plan.new_pupils),
                    "year": school_year.label,
                }
            )
        )

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from npo_planner.lib.import_errors import ImportErrors
from npo_planner.lib.tabular import MAX_BYTES
from npo_planner.scholen.mapping_option import add_mapping_argument, command_mapping
from npo_planner.scholen.models import MappingKind, School
from ouderbetrokkenheid.importers import responses_import
from ouderbetrokkenheid.models import Response


class Command(BaseCommand):
    help = "Leest antwoorden van een ouderpeiling in (CSV of XLSX, één respondent per rij; CONTRACT §5)."

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="BRIN van de school, bijv. 12AB")
        parser.add_argument("--year", required=True, help="schooljaar, bijv. 2021-2022")
        parser.add_argument("--title", required=True, help="titel van de peiling")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--replace",
            action="store_true",
            help="antwoorden uit eerdere bestanden vervangen (papieren en online antwoorden blijven)",
        )
        mode.add_argument("--add", action="store_true", help="toevoegen aan de antwoorden die er al zijn")
        add_mapping_argument(parser)
        parser.add_argument("file", help="het .csv- of .xlsx-bestand")

    def handle(self, *args, **options):
        school = School.objects.filter(brin=options["school"]).first()
        if school is None:
            raise CommandError(
                _("School met BRIN %(brin)s bestaat niet.") % {"brin": options["school"]}, returncode=1
            )
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("Bestand %(path)s bestaat niet.") % {"path": path}, returncode=1)
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(_("het bestand is groter dan 20 MB; het maximum is 20 MB."), returncode=1)
        try:
            mapping = command_mapping(school=school, kind=MappingKind.SURVEY, path=options["mapping"])
            result = responses_import(
                user=None,
                school=school,
                year_label=options["year"],
                title=options["title"],
                data=path.read_bytes(),
                filename=path.name,
                replace=options["replace"],
                add=options["add"],
                mapping=mapping,
            )
        except ImportErrors as errors:
            for line in errors.messages():
                self.stderr.write(line)
            raise CommandError(
                _("Het bestand is niet ingelezen; er is niets opgeslagen."), returncode=1
            ) from None
        for warning in result.warnings:
            self.stderr.write(warning)
        names = {"title": result.survey.title, "year": result.survey.school_year, "n": result.rows}
        if options["replace"]:
            text = _(
                "Peiling '%(title)s' (%(year)s): %(n)s vragenlijsten ingelezen; %(removed)s antwoorden uit eerdere "
                "bestanden vervangen; %(paper)s papieren en %(online)s online antwoorden bleven."
            ) % {
                **names,
                "removed": result.removed,
                "paper": result.kept[Response.Source.PAPER],
                "online": result.kept[Response.Source.ONLINE],
            }
        elif options["add"]:
            text = _("Peiling '%(title)s' (%(year)s): %(n)s vragenlijsten toegevoegd.") % names
        else:
            text = _("Peiling '%(title)s' (%(year)s): ingelezen: %(n)s vragenlijsten.") % names
        self.stdout.write(text)

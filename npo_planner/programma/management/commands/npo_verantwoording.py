"""npo_verantwoording --board BOARD --year YYYY (CONTRACT §6): the board's jaarverslag over a calendar year, one
row per school, as CSV on stdout."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from npo_planner.lib.csv_export import csv_text
from npo_planner.programma import money
from npo_planner.programma.accounts import HEADER, account_csv_rows
from npo_planner.scholen.models import Board


class Command(BaseCommand):
    help = "De NPO-verantwoording van een bestuur over een kalenderjaar, per school (CSV)."

    def add_arguments(self, parser):
        parser.add_argument("--board", required=True, help="naam van het bestuur")
        parser.add_argument("--year", required=True, type=int, help="kalenderjaar, bijv. 2023")

    def handle(self, *args, board, year, **options):
        boards = list(Board.objects.filter(name=board))
        if not boards:
            raise CommandError(_("Bestuur %(board)s bestaat niet.") % {"board": board})
        rows = money.account_rows(boards=boards, year=year)
        self.stdout.write(csv_text(HEADER, account_csv_rows(rows)), ending="")

"""npo_budget --school BRIN (CONTRACT §6): the school's NPO money per school year of the spending window, with
carry-over, as CSV on stdout."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from npo_planner.lib.csv_export import csv_text, decimal_comma
from npo_planner.programma import allocation
from npo_planner.scholen.models import School

HEADER = ["schooljaar", "toegekend", "uit_vorige_jaren", "gepland", "besteed", "naar_volgend_jaar"]


def budget_csv_rows(window) -> list[list[str]]:
    return [
        [
            row.label,
            decimal_comma(row.allocation),
            decimal_comma(row.carry_in),
            decimal_comma(row.planned),
            decimal_comma(row.spent),
            decimal_comma(row.carry_out),
        ]
        for row in window.rows
    ]


class Command(BaseCommand):
    help = "Het NPO-geld van een school per schooljaar, met wat naar het volgende jaar gaat (CSV)."

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="BRIN van de school, bijv. 12AB")

    def handle(self, *args, school, **options):
        school_obj = School.objects.filter(brin=school).first()
        if school_obj is None:
            raise CommandError(_("School %(brin)s bestaat niet.") % {"brin": school})
        window = allocation.school_window(school=school_obj)
        self.stdout.write(csv_text(HEADER, budget_csv_rows(window)), ending="")

"""The jaarverslag's rows as text: the columns of `npo_verantwoording` (CONTRACT §6), shared by the command and the
board's page and CSV, so they print the same figures."""

from django.utils.translation import gettext as _

from npo_planner.lib.csv_export import decimal_comma
from npo_planner.programma.budget import AREAS

HEADER = [
    "brin",
    "school",
    "schoolscan",
    "instemming_mr",
    "instemming_gmr",
    "besteed",
    "pnil",
    "pct_pnil",
    *AREAS,
]


def yes_no(value: bool) -> str:
    return "ja" if value else "nee"


def gmr_text(row) -> str:
    return yes_no(row.gmr_consent) if row.gmr_needed else "n.v.t."


def account_csv_rows(rows) -> list[list[str]]:
    return [
        [
            row.school.brin,
            row.school.name,
            yes_no(row.scan_made),
            yes_no(row.mr_consent),
            gmr_text(row),
            decimal_comma(row.spent),
            decimal_comma(row.external_hire),
            decimal_comma(row.external_hire_share),
            *(decimal_comma(row.areas[a]) for a in AREAS),
        ]
        for row in rows
    ]


def gmr_label(row) -> str:
    """The GMR column in words for the page."""
    return (_("ja") if row.gmr_consent else _("nee")) if row.gmr_needed else _("niet nodig")

"""The KanVAS group report of CONTRACT §6 (`kanvas_report`): the same figures as the group overview page, from
the same selector, as rows for npo_planner.lib.csv_export."""

from kanvas.selectors import klassenzorgscore_per_group
from npo_planner.lib.csv_export import decimal_comma

SCALE_COLUMNS = ["NI", "OS", "OV", "HS"]


def report_header(*, compare: bool) -> list[str]:
    header = ["groep", "n", "klassenzorgscore", *SCALE_COLUMNS]
    if compare:
        header += ["n_vorig", "klassenzorgscore_vorig", "verschil"]
    return header


def _n(n: int | None, label: str | None) -> str:
    """The number of pupils, or for a hidden row its label ('< 5', or 'afgeschermd' for a larger group hidden
    so a small one cannot be computed from the school total)."""
    if n is None:
        return ""
    return label or str(n)


def report_rows(*, school, moment: str, compare: str | None = None) -> list[list[str]]:
    rows = []
    for group in klassenzorgscore_per_group(school=school, moment=moment, compare=compare):
        row = [
            group["group"],
            _n(group["n"], group["hidden_label"]),
            decimal_comma(group["score"]),
            *(decimal_comma(group["scales"].get(code)) for code in SCALE_COLUMNS),
        ]
        if compare:
            row += [
                _n(group["previous_n"], group["previous_label"]),
                decimal_comma(group["previous"]),
                decimal_comma(group["change"]),
            ]
        rows.append(row)
    return rows

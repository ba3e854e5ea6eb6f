"""The KanVAS group reports of CONTRACT §6 (`kanvas_report`, `veiligheid_report`): the same figures as the group overview page, from
the same selector, as rows for npo_planner.lib.csv_export. The comparison follows the pupils: `groep_vorig` names
the group(s) the group's pupils were in at the compared moment."""

from kanvas.selectors import klassenzorgscore_per_group, safety_per_group
from npo_planner.lib.csv_export import decimal_comma
from npo_planner.lib.privacy import hidden_label

SCALE_COLUMNS = ["NI", "OS", "OV", "HS"]


def report_header(*, compare: bool) -> list[str]:
    header = ["groep", "n", "klassenzorgscore", *SCALE_COLUMNS]
    if compare:
        header += ["n_vorig", "klassenzorgscore_vorig", "verschil", "groep_vorig"]
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
                "+".join(group["previous_groups"]),
            ]
        rows.append(row)
    return rows


SAFETY_HEADER = [
    "groep",
    "n",
    "welbevinden",
    "veiligheidsbeleving",
    "pct_veilig",
    "pct_gepest",
    "pct_incident",
]


def safety_report_rows(*, school, moment: str) -> list[list[str]]:
    """`veiligheid_report` (CONTRACT §6): the group rows of the safety page (kanvas.safety), small cells as shown
    there: a group under 5 gets n `< 5`; a group hidden so that a small one cannot be subtracted shows its n
    without figures."""
    rows = []
    for group in safety_per_group(school=school, moment=moment)["groups"]:
        figures = [decimal_comma(group[key]) for key in SAFETY_HEADER[2:]]
        rows.append(
            [group["group"], hidden_label(group["n"]) if group["small"] else str(group["n"]), *figures]
        )
    return rows

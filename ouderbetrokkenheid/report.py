"""The CSV report of CONTRACT §6 (`ouderpeiling_report`), built from the same selector as the results page."""

from npo_planner.lib.csv_export import csv_text, decimal_comma
from npo_planner.lib.privacy import SUPPRESSED_LABEL
from ouderbetrokkenheid.selectors import GROUPS, survey_results

HEADER = [
    "onderdeel",
    "nummer",
    "groep",
    "n",
    "pct_1",
    "pct_2",
    "pct_3",
    "pct_4",
    "gemiddelde",
    "punten",
    "rang",
]


def report_rows(results: dict) -> list[list[str]]:
    """One row per statement and option and respondent group, as CONTRACT §6 lists them, so the shape is the same
    for every survey of a template: a group of fewer than 5 shows n as '< 5' and no figures (one hidden so a small one cannot be computed:
    'afgeschermd'); a statement the group
    is not asked (parents-only, for the team) shows n 0 and no figures."""
    rows = []
    for part, items in (("stelling", results["statements"]), ("suggestie", results["options"])):
        for item in items:
            for group in GROUPS:
                figures = item[group]
                if figures is None:
                    rows.append([part, item["number"], group, 0, "", "", "", "", "", "", ""])
                    continue
                if figures["suppressed"]:
                    label = figures.get("hidden_label") or SUPPRESSED_LABEL
                    rows.append([part, item["number"], group, label, "", "", "", "", "", "", ""])
                    continue
                pct = [decimal_comma(figures["pct"].get(value)) for value in (1, 2, 3, 4)]
                is_option = part == "suggestie"
                rows.append(
                    [
                        part,
                        item["number"],
                        group,
                        figures["n"],
                        *pct,
                        decimal_comma(figures["mean"]),
                        figures["points"] if is_option and figures["points"] is not None else "",
                        figures["rank"] if is_option and figures["rank"] is not None else "",
                    ]
                )
    return rows


def report_csv(*, survey, stage=None) -> str:
    return csv_text(HEADER, report_rows(survey_results(survey=survey, stage=stage)))

"""Stacked bar charts of the survey results (text alternative: the tables on the same page).

Built on npo_planner.lib.charts (palette, Agg backend, SVG data URI); the legend goes below the bars so it never
covers a bar that runs to 100%."""

from django.utils.translation import gettext as _

from npo_planner.lib.charts import bar_chart
from ouderbetrokkenheid.models import OPTION_SCALE, STATEMENT_SCALE

GROUP_SHORT = {"ouder": "ouders", "team": "team"}


def stacked_percentages(categories: list[str], series: dict[str, list[float | None]]) -> str:
    """Horizontal 100% bars, one per category; None (suppressed) draws nothing."""
    return bar_chart(
        categories,
        series,
        ylabel=_("percentage van wie antwoordde"),
        stacked=True,
        horizontal=True,
        width=7.5,
        height=0.28 * len(categories) + 1.4,
        ylim=(0, 100),
        legend_below=True,
    )


def _stacked(items, prefix: str, scale: dict) -> str | None:
    categories, series = [], {f"{value} {label}": [] for value, label in scale.items()}
    for item in items:
        for group in ("ouder", "team"):
            figures = item[group]
            if figures is None:
                continue
            categories.append(f"{prefix}{item['number']} {GROUP_SHORT[group]}")
            for value, label in scale.items():
                series[f"{value} {label}"].append(
                    None if figures["suppressed"] else figures["pct"].get(value)
                )
    if not categories:
        return None
    return stacked_percentages(categories, series)


def statement_chart(results: dict) -> str | None:
    return _stacked(results["statements"], "S", STATEMENT_SCALE)


def option_chart(results: dict) -> str | None:
    return _stacked(results["options"], "P", OPTION_SCALE)

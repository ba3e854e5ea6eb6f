"""Stacked bar charts of the survey results (text alternative: the tables on the same page).

Built on npo_planner.lib.charts (palette, Agg backend, SVG data URI); the legend goes below the bars so it never
covers a bar that runs to 100%."""

from django.utils.translation import gettext as _

from npo_planner.lib.charts import PALETTE, cached_chart, plt, svg_data_uri
from ouderbetrokkenheid.models import OPTION_SCALE, STATEMENT_SCALE

GROUP_SHORT = {"ouder": "ouders", "team": "team"}


@cached_chart
def stacked_percentages(categories: list[str], series: dict[str, list[float | None]]) -> str:
    """Horizontal 100% bars, one per category; None (suppressed) draws nothing."""
    figure, axes = plt.subplots(figsize=(7.5, 0.28 * len(categories) + 1.4))
    positions = list(range(len(categories)))
    lefts = [0.0] * len(categories)
    for index, (label, values) in enumerate(series.items()):
        clean = [v or 0 for v in values]
        axes.barh(positions, clean, 0.8, left=lefts, label=label, color=PALETTE[index % len(PALETTE)])
        lefts = [a + b for a, b in zip(lefts, clean, strict=True)]
    axes.set_yticks(positions, categories)
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel(_("percentage van wie antwoordde"))
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(
        frameon=False,
        fontsize=8,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.5 / len(categories) - 0.08),
        ncol=len(series),
    )
    return svg_data_uri(figure)


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

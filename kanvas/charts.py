"""The KanVAS charts and which of them a change of a moment's data affects: the pages and the background drawing
(kanvas.tasks) build each chart through the same function, so the background drawing fills exactly the cache keys
the pages read (npo_planner.lib.charts.cached_chart)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from kanvas import selectors, trends
from kanvas.models import Moment, Participation
from npo_planner.lib.charts import bar_chart
from npo_planner.scholen.models import Group


def overview_chart(rows: list[dict], *, moment: str, compare: str | None) -> str | None:
    """The overview's bar chart of the klassenzorgscore per group (None without groups)."""
    if not rows:
        return None
    series = {}
    if compare:
        series[compare] = [r["previous"] for r in rows]
    series[moment] = [r["score"] for r in rows]
    return bar_chart(
        [r["group"] for r in rows], series, ylabel=_("% leerlingen met een opvallende score"), ylim=(0, 100)
    )


def group_trend_figures(*, school, group, labels: list[str] | None) -> dict:
    """The group's trend page: its figures at every moment (only `labels` when given), the scale names and the
    chart."""
    trend = trends.group_trend(school=school, group=group, labels=labels)
    names = selectors.concern_scale_names()
    return {"trend": trend, "scale_names": names, "chart": trends.group_trend_chart(trend, names)}


def year_labels(*, school, school_year_id: int) -> list[str]:
    """The moments of one school year, oldest first: what a leerkracht sees (her groups are that year's)."""
    return list(
        Moment.objects.filter(school=school, school_year_id=school_year_id)
        .order_by("sort_key")
        .values_list("label", flat=True)
    )


@dataclass
class Affected:
    """The charts whose figures include a moment's data, as anyone but a leerkracht sees them by default."""

    overviews: list[tuple[str, str | None]]  # (moment, moment compared with): the moment and the one after it
    trends: list[
        tuple[Group, list[str] | None]
    ]  # (group, labels): every moment, and the year's for a leerkracht


def affected_by(moment: Moment) -> Affected:
    """The overview of the moment compared with the one before it, and of the moment after it compared with this
    one (the overview's default comparison for the IB'er and directeur); the trend of every group whose pupils were
    measured at the moment (a trend follows the group's pupils to every moment), with all moments, and for the
    groups of the moment's school year also with that year's moments (a leerkracht's trend)."""
    labels = list(
        Moment.objects.filter(school=moment.school).order_by("sort_key").values_list("label", flat=True)
    )
    at = labels.index(moment.label)
    overviews = [(moment.label, labels[at - 1] if at else None)]
    if at + 1 < len(labels):
        overviews.append((labels[at + 1], moment.label))
    measured = Participation.objects.filter(moment=moment).values("pupil_id")
    groups = list(
        Group.objects.filter(
            school=moment.school,
            id__in=Participation.objects.filter(pupil_id__in=measured).values("group_id"),
        ).order_by("school_year_id", "name")
    )
    in_year = year_labels(school=moment.school, school_year_id=moment.school_year_id)
    pairs = [(group, None) for group in groups]
    pairs += [(group, in_year) for group in groups if group.school_year_id == moment.school_year_id]
    return Affected(overviews=overviews, trends=pairs)

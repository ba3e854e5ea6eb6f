"""The KanVAS charts and which of them a change of a moment's data affects: the pages and the background drawing
(kanvas.tasks) build each chart through the same function, so the background drawing fills exactly the cache keys
the pages read (npo_planner.lib.charts.cached_chart)."""

from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from kanvas import selectors, trends
from kanvas.models import Moment, Participation
from npo_planner.lib.charts import bar_chart, line_chart
from npo_planner.scholen.models import Group, Membership, Pupil
from npo_planner.scholen.roles import Role


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


def pupil_trend_figures(*, pupil, labels: list[str] | None) -> dict:
    """The pupil's trend page: per questionnaire the scale scores at every moment measured (only `labels` when
    given), the scale names and the line chart of the leerling scales (None without them)."""
    questionnaires = trends.pupil_trend(pupil=pupil, labels=labels)
    names = selectors.concern_scale_names()
    chart = None
    leerling = next((q for q in questionnaires if q["code"] == "leerling"), None)
    if leerling and leerling["rows"]:
        chart = line_chart(
            [r["moment"] for r in leerling["rows"]],
            {
                f"{code} {names.get(code, '')}".strip(): [r["cells"][i][0] for r in leerling["rows"]]
                for i, code in enumerate(leerling["scales"])
            },
            ylabel=_("score (1 tot 4)"),
            ylim=(1, 4),
        )
    return {"questionnaires": questionnaires, "chart": chart, "scale_names": names}


def year_labels(*, school, school_year_id: int) -> list[str]:
    """The moments of one school year, oldest first: what a leerkracht sees (her groups are that year's)."""
    return list(
        Moment.objects.filter(school=school, school_year_id=school_year_id)
        .order_by("sort_key")
        .values_list("label", flat=True)
    )


def teachers_groups(*, school, school_year_id: int) -> list[frozenset[int]]:
    """The different sets of own groups the school's leerkrachten have in the school year (what each of them sees
    on the overview)."""
    own = defaultdict(set)
    for membership_id, group_id in Membership.groups.through.objects.filter(
        membership__school=school, membership__role=Role.LEERKRACHT, group__school_year_id=school_year_id
    ).values_list("membership_id", "group_id"):
        own[membership_id].add(group_id)
    return sorted({frozenset(ids) for ids in own.values()}, key=sorted)


def comparisons(label: str, labels: list[str]) -> list[tuple[str, str | None]]:
    """Every (moment, moment compared with) an overview can show that includes `label`'s figures: the moment alone,
    against each other moment, and each other moment against it."""
    others = [other for other in labels if other != label]
    return [(label, None), *((label, other) for other in others), *((other, label) for other in others)]


@dataclass
class Affected:
    """The charts whose figures include a moment's data."""

    overviews: list[tuple[str, str | None]]  # (moment, compared with) as the IB'er and directeur may choose
    teacher_overviews: list[tuple[str, str | None, frozenset[int]]]  # the same for a leerkracht: her groups
    trends: list[
        tuple[Group, list[str] | None]
    ]  # (group, labels): every moment, and the year's for a leerkracht
    pupils: list[tuple[Pupil, list[str] | None]]  # (pupil, labels): the same for each pupil measured


def affected_by(moment: Moment) -> Affected:
    """The overview of the moment with every comparison, and of every other moment compared with it, as the IB'er
    and directeur see it and as each leerkracht sees it (her groups, the moments of the school year); the trend of
    every group whose pupils were measured at the moment (a trend follows the group's pupils to every moment), with
    all moments, and for the groups of the moment's school year also with that year's moments (a leerkracht's
    trend); the trend of every pupil measured at the moment, with all moments and with the year's."""
    labels = list(
        Moment.objects.filter(school=moment.school).order_by("sort_key").values_list("label", flat=True)
    )
    in_year = year_labels(school=moment.school, school_year_id=moment.school_year_id)
    teacher_overviews = [
        (label, compare, groups)
        for groups in teachers_groups(school=moment.school, school_year_id=moment.school_year_id)
        for label, compare in comparisons(moment.label, in_year)
    ]
    measured = Participation.objects.filter(moment=moment).values("pupil_id")
    groups = list(
        Group.objects.filter(
            school=moment.school,
            id__in=Participation.objects.filter(pupil_id__in=measured).values("group_id"),
        ).order_by("school_year_id", "name")
    )
    pairs = [(group, None) for group in groups]
    pairs += [(group, in_year) for group in groups if group.school_year_id == moment.school_year_id]
    pupils = list(Pupil.objects.filter(school=moment.school, id__in=measured).order_by("code"))
    return Affected(
        overviews=comparisons(moment.label, labels),
        teacher_overviews=teacher_overviews,
        trends=pairs,
        pupils=[(pupil, None) for pupil in pupils] + [(pupil, in_year) for pupil in pupils],
    )

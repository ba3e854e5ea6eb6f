"""Reads of the menukaart. `Intervention`, `interventions_for_school` and `GOAL_AREAS` are the contract that
other apps (programma) use; see docs/conventions.md."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from menukaart import editions
from menukaart.models import NJI_ORDER, ConsideredIntervention, GoalArea, Intervention, InterventionFigures

GOAL_AREAS: dict[str, str] = {choice.value: str(choice.label) for choice in GoalArea}
MAX_COMPARE = 4
UNKNOWN_LAST = 10**6


def _known_first(value, *, descending: bool):
    if value is None:
        return UNKNOWN_LAST
    return -value if descending else value


# sort key on an item with its edition's figures: unknown always last, then by name
SORTS = {
    "": lambda i: (i.goal_area, i.name),
    "impact": lambda i: (_known_first(i.impact_months, descending=True), i.name),
    "cost": lambda i: (_known_first(i.cost, descending=False), i.name),
    "evidence": lambda i: (_known_first(i.evidence, descending=True), i.name),
    "name": lambda i: (i.name,),
}


def interventions_for_school(*, school) -> QuerySet[Intervention]:
    """The catalogue plus this school's own interventions (never another school's)."""
    return Intervention.objects.filter(Q(school__isnull=True) | Q(school=school)).order_by(
        "goal_area", "name"
    )


def _with_sets(qs: QuerySet[Intervention]) -> QuerySet[Intervention]:
    return qs.prefetch_related(
        Prefetch("figure_sets", queryset=InterventionFigures.objects.order_by("-date"))
    )


def in_edition(interventions, *, on: datetime.date) -> list[Intervention]:
    """The items on the menukaart edition in force on `on`, each with that edition's figures (editions.apply)."""
    return [i for i in interventions if editions.apply(i, list(i.figure_sets.all()), on)]


def interventions_in_edition(*, school, school_year, today=None) -> list[Intervention]:
    """The school's menukaart as it was for the school year: the edition in force then (catalogue + own)."""
    on = editions.reference_day(school_year, today)
    return in_edition(_with_sets(interventions_for_school(school=school)), on=on)


def edition_in_force(*, school_year, today=None) -> datetime.date | None:
    """The date of the menukaart edition the school year sees (the newest edition that had begun then)."""
    on = editions.reference_day(school_year, today)
    return (
        InterventionFigures.objects.filter(intervention__school__isnull=True, date__lte=on)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )


def intervention_for_school(*, school, pk, school_year=None, today=None) -> Intervention | None:
    """One item with the figures of the school year's edition; `on_edition` says whether it is on that edition."""
    intervention = _with_sets(interventions_for_school(school=school).filter(pk=pk)).first()
    if intervention is not None:
        on = editions.reference_day(school_year, today)
        intervention.on_edition = editions.apply(intervention, list(intervention.figure_sets.all()), on)
    return intervention


@dataclass(frozen=True)
class Filters:
    goal_areas: tuple[str, ...] = ()
    min_impact: int | None = None
    min_evidence: int | None = None
    max_cost: int | None = None
    nji: str = ""  # "" any, "erkend" any recognition, or a level code: at least that level
    school_type: str = ""  # "po" or "vo": items for that type (and for both)
    q: str = ""
    origin: str = ""  # "" all, "menukaart", "eigen"
    sort: str = ""


def interventions_filtered(*, school, filters: Filters, school_year=None, today=None) -> list[Intervention]:
    """The school's menukaart of the school year (its edition's figures), filtered and sorted; a figure filter
    leaves out items whose figure is unknown (the page says so)."""
    qs = interventions_for_school(school=school)
    if filters.goal_areas:
        qs = qs.filter(goal_area__in=filters.goal_areas)
    if filters.nji == "erkend":
        qs = qs.exclude(nji_level="")
    elif filters.nji in NJI_ORDER:
        qs = qs.filter(nji_level__in=NJI_ORDER[NJI_ORDER.index(filters.nji) :])
    if filters.school_type in ("po", "vo"):
        qs = qs.filter(school_type__in=[filters.school_type, "po_vo"])
    if filters.q:
        for word in filters.q.split()[:8]:
            qs = qs.filter(
                Q(name__icontains=word)
                | Q(summary__icontains=word)
                | Q(description__icontains=word)
                | Q(subjects__icontains=word)
            )
    if filters.origin == "menukaart":
        qs = qs.filter(school__isnull=True)
    elif filters.origin == "eigen":
        qs = qs.filter(school=school)
    items = in_edition(_with_sets(qs), on=editions.reference_day(school_year, today))
    limits = [
        ("impact_months", filters.min_impact, lambda value, limit: value >= limit),
        ("evidence", filters.min_evidence, lambda value, limit: value >= limit),
        ("cost", filters.max_cost, lambda value, limit: value <= limit),
    ]
    for name, limit, ok in limits:
        if limit is not None:
            items = [i for i in items if getattr(i, name) is not None and ok(getattr(i, name), limit)]
    return sorted(items, key=SORTS.get(filters.sort, SORTS[""]))


def interventions_to_compare(*, school, ids: list[int], school_year=None, today=None) -> list[Intervention]:
    """At most MAX_COMPARE interventions of this school's menukaart, in the order asked, with the figures of the
    school year's edition."""
    wanted = list(dict.fromkeys(ids))[:MAX_COMPARE]
    qs = _with_sets(interventions_for_school(school=school).filter(pk__in=wanted))
    on = editions.reference_day(school_year, today)
    found = {}
    for item in qs:
        editions.apply(item, list(item.figure_sets.all()), on)
        found[item.pk] = item
    return [found[pk] for pk in wanted if pk in found]


def considered_ids(*, school, school_year) -> set[int]:
    if school_year is None:
        return set()
    return set(
        ConsideredIntervention.objects.filter(school=school, school_year=school_year).values_list(
            "intervention_id", flat=True
        )
    )


def considered_for(*, school, school_year) -> list[Intervention]:
    """The interventions the school considers this school year (its shortlist), for the programme."""
    if school_year is None:
        return []
    return list(
        interventions_for_school(school=school).filter(
            considered_by__school=school, considered_by__school_year=school_year
        )
    )


def cycle_counts(*, school, school_year) -> dict:
    """Numbers for the dashboard step in one query: considered this year, own interventions."""
    considered = Count(
        "considered_by",
        filter=Q(considered_by__school=school, considered_by__school_year=school_year),
        distinct=True,
    )
    rows = interventions_for_school(school=school).annotate(n_considered=considered)
    n_considered = n_own = 0
    own_checklists = []
    for row in rows.values("school_id", "n_considered", "checklist"):
        n_considered += 1 if row["n_considered"] else 0
        if row["school_id"] is not None:
            n_own += 1
            own_checklists.append(row["checklist"])
    return {"considered": n_considered, "own": n_own, "own_checklists": own_checklists}

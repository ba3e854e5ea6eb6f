"""Reads of the menukaart. `Intervention`, `interventions_for_school` and `GOAL_AREAS` are the contract that
other apps (programma) use; see docs/conventions.md."""

from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet

from menukaart.models import NJI_ORDER, ConsideredIntervention, GoalArea, Intervention, InterventionFigures

GOAL_AREAS: dict[str, str] = {choice.value: str(choice.label) for choice in GoalArea}
MAX_COMPARE = 4

SORTS = {
    "": ("goal_area", "name"),
    "impact": (F("impact_months").desc(nulls_last=True), "name"),
    "cost": (F("cost").asc(nulls_last=True), "name"),
    "evidence": (F("evidence").desc(nulls_last=True), "name"),
    "name": ("name",),
}


def interventions_for_school(*, school) -> QuerySet[Intervention]:
    """The catalogue plus this school's own interventions (never another school's)."""
    return Intervention.objects.filter(Q(school__isnull=True) | Q(school=school)).order_by(
        "goal_area", "name"
    )


def intervention_for_school(*, school, pk) -> Intervention | None:
    return interventions_for_school(school=school).filter(pk=pk).first()


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


def interventions_filtered(*, school, filters: Filters) -> QuerySet[Intervention]:
    qs = interventions_for_school(school=school)
    if filters.goal_areas:
        qs = qs.filter(goal_area__in=filters.goal_areas)
    if filters.min_impact is not None:
        qs = qs.filter(impact_months__gte=filters.min_impact)
    if filters.min_evidence is not None:
        qs = qs.filter(evidence__gte=filters.min_evidence)
    if filters.max_cost is not None:
        qs = qs.filter(cost__lte=filters.max_cost)
    if filters.nji == "erkend":
        qs = qs.exclude(nji_level="")
    elif filters.nji in NJI_ORDER:
        qs = qs.filter(nji_level__in=NJI_ORDER[NJI_ORDER.index(filters.nji) :])
    if filters.school_type in ("po", "vo"):
        qs = qs.filter(school_type__in=[filters.school_type, "po_vo"])
    if filters.q:
        for word in filters.q.split()[:8]:
            qs = qs.filter(
                Q(name__icontains=word) | Q(summary__icontains=word) | Q(description__icontains=word)
            )
    if filters.origin == "menukaart":
        qs = qs.filter(school__isnull=True)
    elif filters.origin == "eigen":
        qs = qs.filter(school=school)
    return qs.order_by(*SORTS.get(filters.sort, SORTS[""]))


def interventions_to_compare(*, school, ids: list[int]) -> list[Intervention]:
    """At most MAX_COMPARE interventions of this school's menukaart, in the order asked."""
    wanted = list(dict.fromkeys(ids))[:MAX_COMPARE]
    found = {i.pk: i for i in interventions_for_school(school=school).filter(pk__in=wanted)}
    return [found[pk] for pk in wanted if pk in found]


def figure_history(*, intervention) -> list[InterventionFigures]:
    return list(intervention.figure_sets.order_by("-date"))


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


def own_interventions(*, school) -> list[Intervention]:
    return list(Intervention.objects.filter(school=school).order_by("name"))


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

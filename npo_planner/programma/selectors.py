"""Reads of the school programme: the programme of a school year, its budget, the board's overview."""

import hashlib
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from npo_planner.programma import allocation, sources
from npo_planner.programma import budget as budget_rules
from npo_planner.programma.funding import NPO_CODE, FundingStream
from npo_planner.programma.models import (
    GOAL_AREA_CHOICES,
    Council,
    Export,
    Item,
    ItemOutcome,
    Programme,
    Submission,
)
from npo_planner.scholen.models import School, SchoolYear


def covering(school_year: SchoolYear) -> Q:
    """Programmes whose years include this school year."""
    return Q(first_year__start__lte=school_year.start, last_year__start__gte=school_year.start)


def programme_for(*, school: School, school_year: SchoolYear | None) -> Programme | None:
    """The school's programme that covers this school year: the NPO's before another stream's, the latest
    started first."""
    if school_year is None:
        return None
    covering = programmes_covering(school=school, school_year=school_year)
    return covering[0] if covering else None


def programmes_covering(*, school: School, school_year: SchoolYear) -> list[Programme]:
    """Every programme of the school covering this school year (one per funding stream at most), NPO first."""
    programmes = (
        Programme.objects.filter(school=school)
        .filter(covering(school_year))
        .select_related("school__board", "first_year", "last_year", "stream")
        .order_by("stream__first_year", "stream__name", "-first_year__start")
    )
    return [p for p in programmes if p.stream.code == NPO_CODE] + [
        p for p in programmes if p.stream.code != NPO_CODE
    ]


def programme_get(*, school: School, programme_id: int) -> Programme | None:
    return (
        Programme.objects.filter(school=school, pk=programme_id)
        .select_related("school__board", "first_year", "last_year", "stream")
        .first()
    )


def items_of(programme: Programme) -> list[Item]:
    """The items with their evaluation outcome (`item.outcome`, absent when none is recorded), one query."""
    return list(programme.items.select_related("outcome"))


def outcome_of(item: Item):
    """The item's recorded outcome or None (reads what `items_of` loaded)."""
    try:
        return item.outcome
    except Item.outcome.RelatedObjectDoesNotExist:
        return None


def submissions_of(programme: Programme) -> list[Submission]:
    """Newest first, each marked whether it is the programme as it stands (`mark_current`)."""
    submissions = list(programme.submissions.select_related("submitted_by", "decided_by").defer("snapshot"))
    mark_current(programme, submissions)
    return submissions


def latest_submission(programme: Programme) -> Submission | None:
    """The latest version, marked whether it is the programme as it stands (`mark_current`)."""
    latest = programme.submissions.order_by("-number").first()
    mark_current(programme, [latest] if latest else [])
    return latest


def mark_current(programme: Programme, submissions: list[Submission]) -> Submission | None:
    """The one rule for "consented as it stands": the current version is the latest submitted one, unless the
    programme went back to concept after it (changed, or refused by a council). Marks each of `submissions`
    (newest first, all of this programme, the latest included) with `is_current` and returns the current one.
    A consent is shown as valid only on the current version (`Submission.consent_in_force`)."""
    current = submissions[0] if submissions and programme.status != Programme.Status.CONCEPT else None
    for submission in submissions:
        submission.is_current = submission is current
    return current


def mark_version(programme: Programme, submission: Submission) -> None:
    """Mark one version (a page about that version) whether it is the programme as it stands. One query."""
    latest = programme.submissions.order_by("-number").values_list("pk", flat=True).first()
    if submission.pk == latest:
        mark_current(programme, [submission])
    else:
        submission.is_current = False


def consented_version(programme: Programme, submissions: list[Submission]) -> Submission | None:
    """The version every council it needs consented to, when that is the programme as it stands; else None."""
    current = mark_current(programme, submissions)
    return current if current is not None and current.consented else None


def reopen_notice(programme: Programme, latest: Submission | None) -> str | None:
    """What a real change does to a programme that is not in concept, said on the form before saving (None in
    concept: a change there withdraws nothing)."""
    if latest is None or programme.status == Programme.Status.CONCEPT:
        return None
    values = {"n": latest.number}
    if programme.status == Programme.Status.APPROVED:
        if latest.needs_gmr:
            text = _(
                "Deze wijziging trekt de instemming van de MR en de GMR met versie %(n)s in: het programma gaat "
                "terug naar concept en moet opnieuw ter instemming worden voorgelegd."
            )
        else:
            text = _(
                "Deze wijziging trekt de instemming van de MR met versie %(n)s in: het programma gaat terug naar "
                "concept en moet opnieuw ter instemming worden voorgelegd."
            )
        return text % values
    consented = [c.label for c in latest.councils() if latest.decision_of(c) == Submission.Decision.CONSENT]
    if consented:
        text = _(
            "Versie %(n)s ligt ter instemming en de %(council)s heeft al ingestemd. Deze wijziging trekt die "
            "instemming en de versie in: het programma gaat terug naar concept en moet opnieuw ter instemming "
            "worden voorgelegd."
        )
        return text % {**values, "council": consented[0]}
    return (
        _(
            "Versie %(n)s ligt ter instemming. Deze wijziging trekt die versie in: het programma gaat terug naar "
            "concept en moet opnieuw ter instemming worden voorgelegd."
        )
        % values
    )


def latest_decided(submissions: list[Submission]) -> Submission | None:
    """The latest version on which a council (MR or GMR) consented or refused (newest first in)."""
    decided = (Submission.Decision.CONSENT, Submission.Decision.REFUSED)
    return next((s for s in submissions if any(s.decision_of(c) in decided for c in s.councils())), None)


def awaited_councils(programme: Programme, latest: Submission | None) -> list[Council]:
    """The councils whose decision on the submitted version (the latest) is still to come; none unless the
    programme is 'ter instemming'."""
    if latest is None or programme.status != Programme.Status.SUBMITTED:
        return []
    return latest.awaited


def exports_of(programme: Programme) -> list[Export]:
    return list(programme.exports.select_related("created_by", "submission").defer("pdf"))


def next_year_after(year: SchoolYear) -> SchoolYear | None:
    return SchoolYear.objects.filter(start__gt=year.start).order_by("start").first()


def programme_years(programme: Programme) -> list[SchoolYear]:
    """The school years of the programme that are set up, first to last (kept on the programme: one query)."""
    cached = getattr(programme, "_years_cache", None)
    if cached is None:
        cached = list(SchoolYear.objects.filter(label__in=programme.year_labels).order_by("start"))
        programme._years_cache = cached  # type: ignore[attr-defined]  # a per-object cache, like Django's own
    return cached


def streams() -> list[FundingStream]:
    return list(FundingStream.objects.order_by("first_year", "name"))


def goal_area_labels() -> dict[str, str]:
    names = sources.goal_area_names()
    if names:
        return {code: f"{code} – {name}" for code, name in names.items()}
    return {code: str(label) for code, label in GOAL_AREA_CHOICES}


def item_costs(items: list[Item], labels: list[str]) -> list[budget_rules.ItemCost]:
    return [
        budget_rules.ItemCost(
            name=i.name,
            goal_area=i.goal_area,
            costs=tuple(i.costs_over(labels)),
            external_hire=i.external_hire,
            has_evaluation=i.has_evaluation,
        )
        for i in items
    ]


_AUTO = object()


def programme_budget(
    *, programme: Programme, items: list[Item], years=None, pupil_counts=None, scan_bases=None, window=_AUTO
) -> budget_rules.Budget:
    """The programme's budget. A programme in its stream's spending window runs over the school's whole window
    with carry-over (`allocation.windows_and_bases`; pass `window` when it was read for many schools at once); one outside
    it over its own years."""
    if window is _AUTO:
        window = None
        if allocation.in_window(programme):
            windows, window_years, counts, bases = allocation.windows_and_bases(
                schools=[programme.school], stream=programme.stream
            )
            window = windows[programme.school_id]
            years = window_years if years is None else years  # the window holds every year of the programme
            pupil_counts = counts if pupil_counts is None else pupil_counts
            scan_bases = bases if scan_bases is None else scan_bases
    return budget_rules.compute(
        allocation.year_bases(
            programme=programme, years=years, pupil_counts=pupil_counts, scan_bases=scan_bases
        ),
        item_costs(items, programme.year_labels),
        window=window,
    )


@dataclass(frozen=True)
class SubmitWarning:
    """A problem the directeur must see and confirm before the programme goes to the MR. `key` names this very
    warning (its code and text): when the figures change, an earlier confirmation no longer counts."""

    code: str
    message: str

    @property
    def key(self) -> str:
        return f"{self.code}-{hashlib.sha256(self.message.encode()).hexdigest()[:10]}"


SUBMIT_BUDGET_CODES = (*budget_rules.OVER_BUDGET, "f_without_a_e", "no_evaluation")


def submit_warnings(*, programme: Programme, budget: budget_rules.Budget) -> list[SubmitWarning]:
    """What the MR should know before it receives the programme: over budget, goal area F without A–E, items
    without an evaluation plan, and a schoolscan that is still in concept."""
    warnings = [
        SubmitWarning(w.code, str(w.message)) for w in budget.warnings if w.code in SUBMIT_BUDGET_CODES
    ]
    if sources.scan_in_concept(school=programme.school, school_year=programme.first_year):
        warnings.append(
            SubmitWarning(
                "scan_concept",
                _(
                    "De schoolscan van %(year)s is nog een concept: het programma bouwt op een scan die nog kan "
                    "veranderen."
                )
                % {"year": programme.first_year.label},
            )
        )
    return warnings


# --- board ---------------------------------------------------------------------------------------------------


def board_years(*, boards) -> list[SchoolYear]:
    return list(SchoolYear.objects.order_by("start"))


def board_default_year(*, boards) -> SchoolYear | None:
    latest = (
        Programme.objects.filter(school__board__in=boards)
        .select_related("first_year")
        .order_by("-first_year__start")
        .first()
    )
    if latest:
        return latest.first_year
    return SchoolYear.objects.order_by("-start").first()


def board_programme_get(*, boards, programme_id: int) -> Programme | None:
    """A programme of a school of these boards (None for another board's: the page answers 404)."""
    return (
        Programme.objects.filter(school__board__in=boards, pk=programme_id)
        .select_related("school__board", "first_year", "last_year", "stream")
        .first()
    )


def board_awaiting_gmr(*, boards) -> list[Submission]:
    """The submitted versions of the boards' programmes that wait for the GMR's decision, of any school year.
    One query. Only the latest version of a programme can wait (a change withdraws, a refusal lapses it), so each
    is its programme as it stands (`is_current`)."""
    submissions = list(
        Submission.objects.filter(
            programme__school__board__in=boards,
            programme__status=Programme.Status.SUBMITTED,
            needs_gmr=True,
            gmr_decision=Submission.Decision.PENDING,
        )
        .select_related("programme__school", "programme__first_year", "programme__last_year")
        .defer("snapshot")
        .order_by("programme__school__name", "programme__first_year__start")
    )
    for submission in submissions:
        submission.is_current = True
    return submissions


def board_rows(*, boards, school_year: SchoolYear) -> list[dict]:
    """Per school of the boards: scan status, programme status, MR decision, budget and the intervention mix.
    Aggregates only. A fixed number of queries whatever the number of schools: the scans of all schools are read
    at once per school year (`schoolscan.selectors.scans_for_schools`)."""
    schools = list(School.objects.filter(board__in=boards).select_related("board").order_by("name"))
    stream = allocation.npo_stream()
    programmes = {
        p.school_id: p
        for p in Programme.objects.filter(school__in=schools, stream=stream)
        .filter(covering(school_year))
        .select_related("first_year", "last_year", "school")
        .order_by("first_year__start")  # with overlapping programmes the latest one wins
        .prefetch_related(
            Prefetch("items", queryset=Item.objects.select_related("outcome").order_by("position", "id")),
            Prefetch("submissions", queryset=Submission.objects.defer("snapshot").order_by("-number")),
        )
    }
    for p in programmes.values():
        p.stream = stream  # its amounts are loaded
    # the window read the pupil counts and scan bases of its years; only the other years are read here
    windows, years, counts, scan_bases = allocation.windows_and_bases(schools=schools, stream=stream)
    labels = {label for p in programmes.values() for label in p.year_labels}
    if labels - years.keys():  # a programme with years outside the window (or not set up)
        years = {y.label: y for y in SchoolYear.objects.filter(label__in=labels)}
    missing = [year for year in years.values() if year.pk not in scan_bases]
    if missing:
        counts = {**counts, **allocation.count_pupils(schools, missing)}
        scan_bases = {
            **scan_bases,
            **{year.pk: sources.budget_bases(schools=schools, school_year=year) for year in missing},
        }
    statuses = sources.scan_statuses(schools=schools, school_year=school_year)
    rows = []
    for school in schools:
        programme = programmes.get(school.pk)
        row = {
            "school": school,
            "scan_status": statuses.get(school.pk),
            "programme": programme,
            "submission": None,
            "budget": None,
            "window": windows[school.pk],
            "items": [],
        }
        if programme:
            items = list(programme.items.all())
            submissions = list(programme.submissions.all())
            row["items"] = items
            mark_current(programme, submissions)  # a consent shows only on the version it was given to
            row["submission"] = next((s for s in submissions if s.decision != "ingetrokken"), None)
            row["budget"] = programme_budget(
                programme=programme,
                items=items,
                years=years,
                pupil_counts=counts,
                scan_bases=scan_bases,
                window=windows[school.pk] if allocation.in_window(programme) else None,
            )
            row["mix"] = _mix(items)
            row["results"] = first_results(items)
        rows.append(row)
    return rows


def first_results(items: list[Item]) -> dict:
    """How far the school has evaluated its items: {"evaluated": n, "total": n, "verdicts": [(label, n), ...]}
    (verdicts in their fixed order, only those that occur). Reads the outcomes `items_of` / `board_rows` loaded."""
    outcomes = [o for o in (outcome_of(item) for item in items) if o is not None]
    verdicts = [
        (label, n)
        for value, label in ItemOutcome.Verdict.choices
        if (n := sum(1 for o in outcomes if o.verdict == value))
    ]
    return {"evaluated": len(outcomes), "total": len(items), "verdicts": verdicts}


def _mix(items: list[Item]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for item in items:
        counts[item.goal_area] = counts.get(item.goal_area, 0) + 1
    return sorted(counts.items())


def outcomes_before(*, school, school_year) -> dict | None:
    """For next year's scan: the school's latest programme that started before `school_year`, with per item what
    the school concluded (None when there is no such programme). Plain data, two queries; the findings are the
    school's own text (school pages only, never the board)."""
    if school_year is None:
        return None
    programme = (
        Programme.objects.filter(school=school, first_year__start__lt=school_year.start)
        .select_related("first_year", "last_year")
        .order_by("-first_year__start")
        .first()
    )
    if programme is None:
        return None
    items = items_of(programme)
    rows = []
    for item in items:
        outcome = outcome_of(item)
        rows.append(
            {
                "name": item.name,
                "goal_area": item.goal_area,
                "target_groups": item.target_groups,
                "verdict": outcome.verdict if outcome else None,
                "verdict_label": outcome.get_verdict_display() if outcome else None,
                "next_step_label": outcome.get_next_step_display() if outcome else None,
                "findings": outcome.findings if outcome else "",
                "evaluated_on": outcome.evaluated_on if outcome else None,
            }
        )
    return {
        "programme_id": programme.pk,
        "title": str(programme),
        "years_label": programme.years_label,
        "still_running": programme.last_year.end >= school_year.start,
        "items": rows,
        "results": first_results(items),
    }

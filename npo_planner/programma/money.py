"""Reads of the money: a school's spending window year by year with carry-over (`npo_budget`), the spending of a
programme against its plan per goal area, and the board's jaarverslag per calendar year (`npo_verantwoording`)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q, Sum
from django.utils import timezone

from npo_planner.programma import budget as budget_rules
from npo_planner.programma import carry, funding, selectors, sources
from npo_planner.programma.budget import AREAS, ZERO
from npo_planner.programma.funding import NPO_CODE, FundingStream
from npo_planner.programma.models import Council, Item, Programme, Spending, Submission
from npo_planner.scholen.models import School, SchoolYear


def npo_stream() -> FundingStream:
    """The NPO, shipped by the migrations (with its amounts loaded)."""
    return FundingStream.objects.prefetch_related("amounts").get(code=NPO_CODE)


def window_years(stream: FundingStream | None = None) -> list[SchoolYear]:
    stream = stream or npo_stream()
    return list(SchoolYear.objects.filter(label__in=stream.window).order_by("start"))


def _has_money(amount) -> bool:
    """The year brings new money for some school type (else no allocation needs a pupil number)."""
    if amount is None:
        return False
    return any((amount.per_pupil_bo, amount.per_pupil_sbo, amount.per_pupil_so, amount.per_unit))


def _basis_without_programme(
    school: School, label: str, year: SchoolYear | None, amounts: dict, pupil_counts: dict, scan_bases: dict
) -> budget_rules.YearBasis:
    """A year no programme covers: no new money, or the allocation from that year's scan or enrolment."""
    amount = amounts.get(label)
    pupils = units = None
    if year is not None:
        scan = scan_bases.get(year.pk, {}).get(school.pk)
        if scan and scan.get("pupils") is not None:
            pupils, units = scan["pupils"], scan["disadvantage_units"]
        else:
            pupils = pupil_counts.get((school.pk, year.pk))
    return budget_rules.YearBasis(
        label=label,
        pupils=pupils or None,
        per_pupil=funding.per_pupil_of(amount, school.school_type),
        disadvantage_units=units,
        per_unit=None if amount is None else amount.per_unit,
    )


def in_window(programme: Programme) -> bool:
    """Every year of the programme lies in its stream's spending window: its budget runs over the whole window."""
    window = programme.stream.window
    return all(label in window for label in programme.year_labels)


def school_windows(
    *, schools: list[School], stream: FundingStream | None = None, today: datetime.date | None = None
) -> dict[int, carry.Window]:
    return windows_and_bases(schools=schools, stream=stream, today=today)[0]


def windows_and_bases(*, schools: list[School], stream: FundingStream | None = None, today=None):
    """Per school its money over the stream's spending window (the NPO's by default), one row per school year
    (`npo_budget`); with the pupil counts and scan bases it read (`selectors.year_bases` takes them). The
    allocation of a year rests on the basis the programme covering it uses (the budget page's); gepland sums the
    items of every programme of the stream in that year; besteed the spending recorded for it. A fixed number of
    queries whatever the number of schools, programmes and spending lines."""
    today = today or timezone.localdate()
    stream = stream or npo_stream()
    labels = stream.window
    years = list(SchoolYear.objects.filter(label__in=labels).order_by("start"))
    by_label = {year.label: year for year in years}
    amounts = funding.amounts_by_year(stream)
    programmes = list(
        Programme.objects.filter(school__in=schools, stream=stream)
        .select_related("school", "first_year", "last_year")
        .prefetch_related("items")
        .order_by("first_year__start")
    )
    pupil_counts = selectors._pupil_counts(schools, years)
    scan_bases = {
        y.pk: sources.budget_bases(schools=schools, school_year=y) if _has_money(amounts.get(y.label)) else {}
        for y in years
    }
    bases: dict[tuple[int, str], budget_rules.YearBasis] = {}
    planned: dict[tuple[int, str], Decimal] = defaultdict(lambda: ZERO)
    for programme in programmes:  # oldest first: a later programme's basis wins for a year both cover
        programme.stream = stream  # its amounts are loaded
        year_bases = selectors.year_bases(
            programme=programme, years=by_label, pupil_counts=pupil_counts, scan_bases=scan_bases
        )
        items = list(programme.items.all())
        for label, basis in zip(programme.year_labels, year_bases, strict=True):
            bases[(programme.school_id, label)] = basis
            planned[(programme.school_id, label)] += sum((i.cost_for(label) for i in items), ZERO)
    spent = {
        (r["item__programme__school_id"], r["school_year__label"]): r["total"]
        for r in Spending.objects.filter(
            item__programme__school__in=schools, item__programme__stream=stream, school_year__label__in=labels
        )
        .values("item__programme__school_id", "school_year__label")
        .annotate(total=Sum("amount"))
        .order_by()
    }
    windows = {}
    for school in schools:
        money = []
        for label in labels:  # a school year not set up (yet) had nothing planned or spent in it
            year = by_label.get(label)
            key = (school.pk, label)
            basis = bases.get(key) or _basis_without_programme(
                school, label, year, amounts, pupil_counts, scan_bases
            )
            end = year.end if year else SchoolYear.dates_for(label)[1]
            money.append(
                carry.YearMoney(
                    label=label,
                    allocation=basis.allocation,
                    planned=planned[key],
                    spent=spent.get(key) or ZERO,
                    ended=end < today,
                    unknown=basis.unknown_reason,
                )
            )
        windows[school.pk] = carry.run(money)
    return windows, pupil_counts, scan_bases


def school_window(
    *, school: School, stream: FundingStream | None = None, today: datetime.date | None = None
) -> carry.Window:
    return school_windows(schools=[school], stream=stream, today=today)[school.pk]


# --- a programme's spending against its plan -----------------------------------------------------------------


def spending_of(programme: Programme) -> list[Spending]:
    return list(
        Spending.objects.filter(item__programme=programme)
        .select_related("item", "school_year", "created_by")
        .order_by("spent_on", "id")
    )


@dataclass(frozen=True)
class AreaMoney:
    area: str
    planned: Decimal
    spent: Decimal

    @property
    def left(self) -> Decimal:
        return self.planned - self.spent


@dataclass(frozen=True)
class SpentSummary:
    areas: list[AreaMoney]
    spent: Decimal
    external_hire: Decimal

    @property
    def planned(self) -> Decimal:
        return sum((a.planned for a in self.areas), ZERO)

    @property
    def left(self) -> Decimal:
        return self.planned - self.spent

    @property
    def external_hire_share(self) -> Decimal | None:
        """PNIL share of the money spent, in percent (two decimals); None when nothing was spent."""
        if not self.spent:
            return None
        return (self.external_hire * 100 / self.spent).quantize(Decimal("0.01"))


def spent_summary(items: list[Item], lines: list[Spending]) -> SpentSummary:
    """Plan against spent per goal area A–F, and the PNIL share of the money spent (not planned)."""
    planned = dict.fromkeys(AREAS, ZERO)
    for item in items:
        planned[item.goal_area] += item.cost_total
    area_of = {item.pk: item.goal_area for item in items}
    spent = dict.fromkeys(AREAS, ZERO)
    external = ZERO
    for line in lines:
        spent[area_of[line.item_id]] += line.amount
        if line.external_hire:
            external += line.amount
    return SpentSummary(
        areas=[AreaMoney(a, planned[a], spent[a]) for a in AREAS],
        spent=sum(spent.values(), ZERO),
        external_hire=external,
    )


# --- the board's jaarverslag per calendar year ---------------------------------------------------------------


def calendar_school_years(year: int) -> list[SchoolYear]:
    """The school years that overlap calendar year `year` (the one ending in it and the one starting in it)."""
    return list(
        SchoolYear.objects.filter(start__lte=datetime.date(year, 12, 31), end__gte=datetime.date(year, 1, 1))
    )


@dataclass
class AccountRow:
    school: School
    scan_made: bool
    programmes: list[Programme]
    mr_consent: bool
    gmr_needed: bool  # money spent above school level in the year
    gmr_consent: bool
    spent: Decimal
    external_hire: Decimal
    areas: dict[str, Decimal]

    @property
    def external_hire_share(self) -> Decimal | None:
        if not self.spent:
            return None
        return (self.external_hire * 100 / self.spent).quantize(Decimal("0.01"))


def spent_by_school(*, schools, stream_code: str = NPO_CODE, **period) -> dict:
    """The money spent by each school in a period (`spent_on__year=2023` for a calendar year, `school_year=year`
    for a school year): {school id: {"total", "pnil", "above", "A" … "F": amount}}. The one source of spent money
    and its PNIL share for the jaarverslag and the board's CSVs. One query."""
    spent = defaultdict(lambda: defaultdict(lambda: ZERO))  # school → key → amount
    rows = (
        Spending.objects.filter(
            item__programme__school__in=schools, item__programme__stream__code=stream_code, **period
        )
        .values("item__programme__school_id", "item__goal_area", "external_hire", "item__above_school_level")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for r in rows:
        money = spent[r["item__programme__school_id"]]
        money[r["item__goal_area"]] += r["total"]
        money["total"] += r["total"]
        if r["external_hire"]:
            money["pnil"] += r["total"]
        if r["item__above_school_level"]:
            money["above"] += r["total"]
    return spent


def pnil_share(money: dict) -> Decimal | None:
    """PNIL share of the money spent, in percent (two decimals); None when nothing was spent."""
    if not money or not money["total"]:
        return None
    return (money["pnil"] * 100 / money["total"]).quantize(Decimal("0.01"))


def running_in(years: list[SchoolYear]) -> Q:
    """Programmes whose years overlap these school years (none when the list is empty)."""
    if not years:
        return Q(pk__in=[])
    return Q(
        first_year__start__lte=max(y.start for y in years), last_year__start__gte=min(y.start for y in years)
    )


def _consent_as_it_stands(programme: Programme, council: Council) -> bool:
    submissions = list(programme.submissions.all())  # prefetched newest first
    current = selectors.mark_current(programme, submissions)
    return current is not None and council in current.councils() and current.consent_in_force(council)


def account_rows(*, boards, year: int, stream_code: str = NPO_CODE) -> list[AccountRow]:
    """Per school of the boards, for calendar year `year` and a funding stream (the NPO's jaarverslag): scan made, consent of the MR (and the GMR when money
    was spent above school level) to the programmes running that year as they stand now, and the money spent
    in the year (dates in it) per goal area and on external hire. A fixed number of queries whatever the number
    of schools, programmes and spending lines."""
    schools = list(School.objects.filter(board__in=boards).select_related("board").order_by("name"))
    years = calendar_school_years(year)
    programmes: dict[int, list[Programme]] = defaultdict(list)
    for programme in (
        Programme.objects.filter(school__in=schools, stream__code=stream_code)
        .filter(running_in(years))
        .select_related("first_year", "last_year")
        .prefetch_related(
            "items",
            Prefetch("submissions", queryset=Submission.objects.defer("snapshot").order_by("-number")),
        )
        .order_by("first_year__start")
    ):
        programmes[programme.school_id].append(programme)
    scans = set()
    for school_year in years:
        scans |= sources.scans_made(schools=schools, school_year=school_year)
    spent = spent_by_school(schools=schools, stream_code=stream_code, spent_on__year=year)
    out = []
    for school in schools:
        own = programmes.get(school.pk, [])
        money = spent[school.pk]
        out.append(
            AccountRow(
                school=school,
                scan_made=school.pk in scans,
                programmes=own,
                mr_consent=bool(own) and all(_consent_as_it_stands(p, Council.MR) for p in own),
                gmr_needed=money["above"] > 0,
                gmr_consent=bool(own)
                and all(_consent_as_it_stands(p, Council.GMR) for p in own if _spends_above(p)),
                spent=money["total"],
                external_hire=money["pnil"],
                areas={a: money[a] for a in AREAS},
            )
        )
    return out


def _spends_above(programme: Programme) -> bool:
    return any(item.above_school_level for item in programme.items.all())


@dataclass(frozen=True)
class AccountTotals:
    spent: Decimal
    external_hire: Decimal
    areas: dict[str, Decimal]

    @property
    def external_hire_share(self) -> Decimal | None:
        if not self.spent:
            return None
        return (self.external_hire * 100 / self.spent).quantize(Decimal("0.01"))


def account_totals(rows: list[AccountRow]) -> AccountTotals:
    return AccountTotals(
        spent=sum((r.spent for r in rows), ZERO),
        external_hire=sum((r.external_hire for r in rows), ZERO),
        areas={a: sum((r.areas[a] for r in rows), ZERO) for a in AREAS},
    )


def account_years(*, boards) -> list[int]:
    """The calendar years the jaarverslag can cover: those of the school years set up (one query)."""
    years = SchoolYear.objects.order_by("start").values_list("start", "end")
    found = sorted({d.year for pair in years for d in pair})
    return found or [timezone.localdate().year]


def default_account_year(*, boards) -> int:
    """The latest calendar year with spending recorded for the boards' schools, else last year."""
    latest = (
        Spending.objects.filter(item__programme__school__board__in=boards)
        .order_by("-spent_on")
        .values_list("spent_on", flat=True)
        .first()
    )
    return latest.year if latest else timezone.localdate().year - 1


@dataclass(frozen=True)
class BoardMoney:
    """The board overview's totals row over the NPO window: toegekend, gepland, besteed, nog te besteden."""

    allocation: Decimal | None
    planned: Decimal
    spent: Decimal

    @property
    def to_spend(self) -> Decimal | None:
        return None if self.allocation is None else self.allocation - self.spent


def board_money(windows: list[carry.Window]) -> BoardMoney:
    allocations = [w.allocation_total for w in windows]
    return BoardMoney(
        allocation=None if any(a is None for a in allocations) else sum(allocations, ZERO),
        planned=sum((w.planned_total for w in windows), ZERO),
        spent=sum((w.spent_total for w in windows), ZERO),
    )

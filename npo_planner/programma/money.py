"""Reads of the money: the spending of a programme against its plan per goal area, the board's jaarverslag per
calendar year (`npo_verantwoording`) and its totals. A school's spending window year by year with carry-over
(`npo_budget`) is `allocation.school_window`."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q, Sum
from django.utils import timezone

from npo_planner.programma import carry, selectors, sources
from npo_planner.programma.budget import AREAS, ZERO
from npo_planner.programma.funding import NPO_CODE
from npo_planner.programma.models import Council, Item, Programme, Spending, Submission
from npo_planner.scholen.models import School, SchoolYear

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

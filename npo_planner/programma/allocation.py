"""What a school's money rests on: per school year the basis of its allocation (pupils and achterstandsscore units
from the scan, else the enrolled pupils; the funding stream's amounts) and the school's money over its stream's
spending window with carry-over (`npo_budget`). Read by the selectors (a programme's budget, the board overview)
and by `money` (the money reads): it imports neither, so they do not import each other."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from npo_planner.programma import budget as budget_rules
from npo_planner.programma import carry, funding, sources
from npo_planner.programma.budget import ZERO
from npo_planner.programma.funding import NPO_CODE, FundingStream
from npo_planner.programma.models import Programme, Spending
from npo_planner.scholen.models import Group, School, SchoolYear


def npo_stream() -> FundingStream:
    """The NPO, shipped by the migrations (with its amounts loaded)."""
    return FundingStream.objects.prefetch_related("amounts").get(code=NPO_CODE)


def in_window(programme: Programme) -> bool:
    """Every year of the programme lies in its stream's spending window: its budget runs over the whole window."""
    window = programme.stream.window
    return all(label in window for label in programme.year_labels)


def count_pupils(schools: list[School], years: list[SchoolYear]) -> dict[tuple[int, int], int]:
    """{(school id, school year id): enrolled pupils}, one query."""
    rows = (
        Group.objects.filter(school__in=schools, school_year__in=years)
        .values("school_id", "school_year_id")
        .annotate(n=Count("enrollments"))
    )
    return {(r["school_id"], r["school_year_id"]): r["n"] for r in rows}


def year_bases(
    *,
    programme: Programme,
    years: dict | None = None,
    pupil_counts: dict | None = None,
    scan_bases: dict | None = None,
) -> tuple[budget_rules.YearBasis, ...]:
    """Per school year of the programme: pupils and achterstandsscore units from the scan (that year's scan,
    else the first year's), else the enrolled pupils of the core (that year, else the first year); the amounts of
    the programme's funding stream. `years` ({label: SchoolYear}), `pupil_counts` and `scan_bases` ({year id:
    {school id: basis}}, from `sources.budget_bases`) save the lookups when many programmes are read at once."""
    school = programme.school
    labels = programme.year_labels
    if years is None:
        years = {y.label: y for y in SchoolYear.objects.filter(label__in=labels)}
    first = programme.first_year
    if pupil_counts is None:
        pupil_counts = count_pupils([school], [y for label, y in years.items() if label in labels])
    amounts = funding.amounts_by_year(programme.stream)

    def basis_of(year):
        if scan_bases is not None and scan_bases.get(year.pk) is not None:
            return scan_bases[year.pk].get(school.pk)
        return sources.budget_basis(school=school, school_year=year)

    first_scan = basis_of(first)
    bases = []
    for label in labels:
        year = years.get(label)
        scan = first_scan if year is None or year.pk == first.pk else basis_of(year)
        scan_year = year
        if not scan or scan.get("pupils") is None:
            scan, scan_year = first_scan, first
        if scan and scan.get("pupils") is not None:
            pupils, units = scan["pupils"], scan["disadvantage_units"]
            source = _("schoolscan %(year)s") % {"year": scan_year.label if scan_year else first.label}
        else:
            units = None
            counted_year = year if year is not None and pupil_counts.get((school.pk, year.pk)) else first
            pupils = pupil_counts.get((school.pk, counted_year.pk))
            source = (
                _("ingeschreven leerlingen %(year)s (geen schoolscan; achterstandsscore onbekend)")
                % {"year": counted_year.label}
                if pupils
                else ""
            )
        amount = amounts.get(label)
        bases.append(
            budget_rules.YearBasis(
                label=label,
                pupils=pupils or None,
                per_pupil=funding.per_pupil_of(amount, school.school_type),
                disadvantage_units=units,
                per_unit=None if amount is None else amount.per_unit,
                source=source,
            )
        )
    return tuple(bases)


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


def windows_and_bases(*, schools: list[School], stream: FundingStream | None = None, today=None):
    """Per school its money over the stream's spending window (the NPO's by default), one row per school year
    (`npo_budget`); with the window's school years ({label: SchoolYear}), the pupil counts and the scan bases it
    read (`year_bases` takes them). The allocation of a
    year rests on the basis the programme covering it uses (the budget page's); gepland sums the items of every
    programme of the stream in that year; besteed the spending recorded for it. A fixed number of queries
    whatever the number of schools, programmes and spending lines."""
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
    counts = count_pupils(schools, years)
    scan_bases = {
        y.pk: sources.budget_bases(schools=schools, school_year=y) if _has_money(amounts.get(y.label)) else {}
        for y in years
    }
    bases: dict[tuple[int, str], budget_rules.YearBasis] = {}
    planned: dict[tuple[int, str], Decimal] = defaultdict(lambda: ZERO)
    for programme in programmes:  # oldest first: a later programme's basis wins for a year both cover
        programme.stream = stream  # its amounts are loaded
        programme_bases = year_bases(
            programme=programme, years=by_label, pupil_counts=counts, scan_bases=scan_bases
        )
        items = list(programme.items.all())
        for label, basis in zip(programme.year_labels, programme_bases, strict=True):
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
                school, label, year, amounts, counts, scan_bases
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
    return windows, by_label, counts, scan_bases


def school_window(
    *, school: School, stream: FundingStream | None = None, today: datetime.date | None = None
) -> carry.Window:
    """The school's money over the stream's spending window (the NPO's by default), as `npo_budget` prints it."""
    return windows_and_bases(schools=[school], stream=stream, today=today)[0][school.pk]

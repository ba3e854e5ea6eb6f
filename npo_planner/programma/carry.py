"""The money of a spending window, year by year with carry-over (pure, free of Django models and the database).

NPO money could be spent until 31 July 2025; money of one school year may be used in a later one (FACTS §3). Per
school year: toegekend (that year's new money), uit vorige jaren (what the previous year passed on), gepland,
besteed, naar volgend jaar = uit vorige jaren + toegekend − besteed (CONTRACT §6, `npo_budget`).

The warnings look ahead: a year that has ended used what was spent in it (its plan when no spending was recorded); a year still to come (or running) will
use what is planned for it, or what was spent when that is more. Warned is: the window's money is overspent; money
will be left unspent at the window's end; a year's plan (or, once it has ended, its spending) exceeds what is
available in that year including money from earlier years. A year's plan above that year's new money alone is no problem while earlier money is left.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from npo_planner.programma.amounts import ZERO, Warning, euro


@dataclass(frozen=True)
class YearMoney:
    label: str
    allocation: Decimal | None  # None: not known (pupil number missing)
    planned: Decimal = ZERO
    spent: Decimal = ZERO
    ended: bool = False
    unknown: str = ""  # why the allocation is not known (budget.YearBasis.unknown_reason)

    @property
    def use(self) -> Decimal:
        """What this year takes from the money: what was spent when it has ended and spending was recorded in
        it; else its plan (or more, when more was spent). An ended year without any recorded spending counts with
        its plan: a school that does not record spending is not told its money went unused."""
        if self.ended and self.spent:
            return self.spent
        return max(self.planned, self.spent)


@dataclass(frozen=True)
class Row:
    label: str
    allocation: Decimal | None
    carry_in: Decimal | None
    planned: Decimal
    spent: Decimal
    carry_out: Decimal | None
    # Looking ahead (the warnings' view): what is left after this year once it used its plan (or its spending,
    # when it has ended); negative = more planned than available including money from earlier years.
    left_ahead: Decimal | None = None

    @property
    def available(self) -> Decimal | None:
        if self.carry_in is None or self.allocation is None:
            return None
        return self.carry_in + self.allocation


@dataclass
class Window:
    rows: list[Row]
    end_label: str
    warnings: list[Warning] = field(default_factory=list)

    @property
    def allocation_total(self) -> Decimal | None:
        if any(r.allocation is None for r in self.rows):
            return None
        return sum((r.allocation for r in self.rows), ZERO)

    @property
    def planned_total(self) -> Decimal:
        return sum((r.planned for r in self.rows), ZERO)

    @property
    def spent_total(self) -> Decimal:
        return sum((r.spent for r in self.rows), ZERO)

    @property
    def to_spend(self) -> Decimal | None:
        """Nog te besteden: the window's money minus what was spent."""
        total = self.allocation_total
        return None if total is None else total - self.spent_total

    def has(self, code: str) -> bool:
        return any(w.code == code for w in self.warnings)

    def row(self, label: str) -> Row | None:
        return next((r for r in self.rows if r.label == label), None)


def run(years: list[YearMoney]) -> Window:
    """The rows of `npo_budget` and the look-ahead warnings (module docstring)."""
    rows = []
    carry: Decimal | None = ZERO
    ahead: Decimal | None = ZERO
    for year in years:
        carry_out = None if carry is None or year.allocation is None else carry + year.allocation - year.spent
        ahead = None if ahead is None or year.allocation is None else ahead + year.allocation - year.use
        rows.append(Row(year.label, year.allocation, carry, year.planned, year.spent, carry_out, ahead))
        carry = carry_out
    window = Window(rows=rows, end_label=years[-1].label if years else "")
    window.warnings = _warnings(years)
    return window


def _warnings(years: list[YearMoney]) -> list[Warning]:
    warnings = []
    unknown = [y for y in years if y.allocation is None]
    if unknown:
        return [
            Warning(
                "allocation_unknown",
                _("Het budget voor %(year)s is onbekend: %(reason)s.")
                % {"year": y.label, "reason": y.unknown or _("het leerlingaantal ontbreekt")},
            )
            for y in unknown
        ]
    left = ZERO  # what the years so far leave for the next, looking ahead
    for year in years:
        available = left + year.allocation
        if year.use > max(available, ZERO):
            values = {
                "year": year.label,
                "amount": euro(year.use),
                "over": euro(year.use - max(available, ZERO)),
                "available": euro(max(available, ZERO)),
            }
            if year.ended and year.spent:
                text = _(
                    "In %(year)s is %(amount)s besteed, %(over)s meer dan er dat jaar beschikbaar was "
                    "(%(available)s, inclusief geld uit vorige jaren)."
                )
            else:
                text = _(
                    "In %(year)s is %(amount)s gepland, %(over)s meer dan er dat jaar beschikbaar is "
                    "(%(available)s, inclusief geld uit vorige jaren)."
                )
            warnings.append(Warning("over_available_year", text % values))
        left = available - year.use
    total = sum((y.allocation for y in years), ZERO)
    used = sum((y.use for y in years), ZERO)
    end = years[-1].label if years else ""
    if used > total:
        warnings.append(
            Warning(
                "over_window",
                _(
                    "Tot en met %(end)s is %(used)s gepland of besteed, %(over)s meer dan al het geld van "
                    "%(total)s."
                )
                % {"end": end, "used": euro(used), "over": euro(used - total), "total": euro(total)},
            )
        )
    elif used < total:
        warnings.append(
            Warning(
                "unspent_at_end",
                _(
                    "Aan het einde van %(end)s blijft naar verwachting %(left)s onbesteed: dat geld is dan niet "
                    "meer te besteden."
                )
                % {"end": end, "left": euro(total - used)},
            )
        )
    return warnings

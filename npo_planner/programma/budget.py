"""Budget rules of the school programme, free of Django models and the database (pure, tested on its own).

Allocation per school year = pupils × amount per pupil (for the school type) + achterstandsscore units × amount
per unit, the amounts of the programme's funding stream; an amount not known gives "bedrag onbekend", no figure. Planned cost is summed per goal area A–F and per year. Warnings: goal area F without any of A–E, an item
without an evaluation, and the money (`carry`): a year's plan above what is available in it including money left
from earlier years; with the school's spending window (`window`, the NPO's 2021-2022 … 2024-2025) also the whole
window overspent or money left unspent at its end; without it (a programme on its own) more planned over the
programme's years than their money together. A year's plan above that year's new money alone is no
problem while earlier money is left.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from npo_planner.programma import carry
from npo_planner.programma.amounts import CENT, ZERO, Warning, euro
from npo_planner.scholen.goal_areas import F_RULE_SENTENCE

AREAS = ("A", "B", "C", "D", "E", "F")


@dataclass(frozen=True)
class YearBasis:
    """What the allocation of one school year rests on; None = not known."""

    label: str
    pupils: int | None
    per_pupil: Decimal | None  # None: the stream's amount is not known (not verified)
    disadvantage_units: Decimal | None
    per_unit: Decimal | None
    source: str = ""  # Dutch: where the pupil number comes from

    @property
    def no_new_money(self) -> bool:
        return self.per_pupil == 0 and self.per_unit == 0

    @property
    def unknown_reason(self) -> str:
        """Why the allocation cannot be computed ("" when it can)."""
        if self.no_new_money:
            return ""  # a year without new money (NPO 2023-2024, 2024-2025) needs no pupil number
        units = self.disadvantage_units or ZERO
        if self.per_pupil is None or (units and self.per_unit is None):
            return str(_("bedrag onbekend"))
        if self.pupils is None:
            return str(_("het leerlingaantal ontbreekt"))
        return ""

    @property
    def allocation(self) -> Decimal | None:
        if self.no_new_money:
            return ZERO
        if self.unknown_reason:
            return None
        units = self.disadvantage_units or ZERO
        return (Decimal(self.pupils) * self.per_pupil + units * (self.per_unit or ZERO)).quantize(CENT)


@dataclass(frozen=True)
class ItemCost:
    name: str
    goal_area: str
    costs: tuple[Decimal, ...]  # planned cost per school year of the programme
    external_hire: bool = False
    has_evaluation: bool = True


@dataclass
class Budget:
    years: tuple[YearBasis, ...]
    planned: dict[str, tuple[Decimal, ...]]  # area → cost per school year of the programme
    warnings: list[Warning] = field(default_factory=list)
    external_hire: Decimal = ZERO
    window: object = None  # carry.Window: the school's money year by year with carry-over

    @property
    def labels(self) -> list[str]:
        return [basis.label for basis in self.years]

    @property
    def allocations(self) -> tuple[Decimal | None, ...]:
        return tuple(basis.allocation for basis in self.years)

    @property
    def allocation_total(self) -> Decimal | None:
        allocations = self.allocations
        if any(a is None for a in allocations):
            return None
        return sum(allocations, ZERO)

    @property
    def planned_per_year(self) -> tuple[Decimal, ...]:
        return tuple(sum((v[i] for v in self.planned.values()), ZERO) for i in range(len(self.years)))

    @property
    def planned_total(self) -> Decimal:
        return sum(self.planned_per_year, ZERO)

    @property
    def remaining(self) -> tuple[Decimal | None, ...]:
        """Per year of the programme what is left after it, money from earlier years included (the window's
        look-ahead: a year that has ended counts with its spending); last what is left at the window's end. A
        negative figure is exactly a warning `over_available_year` (or `over_window` at the end)."""
        rows = [self.window.row(label) if self.window else None for label in self.labels]
        per_year = tuple(None if row is None else row.left_ahead for row in rows)
        last = self.window.rows[-1].left_ahead if self.window and self.window.rows else None
        return (*per_year, last)

    @property
    def external_hire_share(self) -> Decimal | None:
        """Percentage of planned cost spent on external hire (PNIL), one decimal; None when nothing is planned."""
        if not self.planned_total:
            return None
        return (self.external_hire * 100 / self.planned_total).quantize(Decimal("0.1"))

    def rows(self) -> list[dict]:
        """One row per goal area for tables and CSV: area, per year, total, share of planned total (%)."""
        total = self.planned_total
        out = []
        for area in AREAS:
            per_year = self.planned[area]
            area_total = sum(per_year, ZERO)
            share = area_total * 100 / total if total else None
            out.append(
                {
                    "area": area,
                    "years": per_year,
                    "total": area_total,
                    "share": None if share is None else share.quantize(Decimal("0.1")),
                }
            )
        return out

    @property
    def over_budget(self) -> bool:
        return any(self.has(code) for code in OVER_BUDGET)

    def has(self, code: str) -> bool:
        return any(w.code == code for w in self.warnings)


OVER_BUDGET = ("over_available_year", "over_window", "over_budget_total")


def compute(years: tuple[YearBasis, ...], items: list[ItemCost], window=None) -> Budget:
    """`window`: the school's money over its stream's spending window (`carry.Window`); None for a programme on
    its own, whose money then carries over from year to year within the programme's years only."""
    count = len(years)
    planned = dict.fromkeys(AREAS, (ZERO,) * count)
    external = ZERO
    for item in items:
        planned[item.goal_area] = tuple(
            a + b for a, b in zip(planned[item.goal_area], item.costs, strict=True)
        )
        if item.external_hire:
            external += sum(item.costs, ZERO)
    budget = Budget(years=years, planned=planned, external_hire=external)
    if window is None:
        window = _own_window(budget)
        money = [w for w in window.warnings if w.code == "over_available_year"] + _over_total(budget)
    else:
        money = [w for w in window.warnings if w.code != "allocation_unknown"]
    budget.window = window
    budget.warnings = _unknown(budget) + money + _plan_warnings(items)
    return budget


def _own_window(budget: Budget):
    """The programme's years on their own, each year's money carried into the next."""
    planned = budget.planned_per_year
    return carry.run(
        [
            carry.YearMoney(b.label, b.allocation, p, unknown=b.unknown_reason)
            for b, p in zip(budget.years, planned, strict=True)
        ]
    )


def _unknown(budget: Budget) -> list[Warning]:
    return [
        Warning(
            "allocation_unknown",
            _("Het budget voor %(year)s is onbekend: %(reason)s.")
            % {"year": basis.label, "reason": basis.unknown_reason},
        )
        for basis in budget.years
        if basis.allocation is None
    ]


def _over_total(budget: Budget) -> list[Warning]:
    total = budget.allocation_total
    if total is None or budget.planned_total <= total:
        return []
    return [
        Warning(
            "over_budget_total",
            _(
                "Over alle schooljaren is %(spent)s gepland, %(over)s meer dan het totale budget van %(budget)s."
            )
            % {
                "spent": euro(budget.planned_total),
                "over": euro(budget.planned_total - total),
                "budget": euro(total),
            },
        )
    ]


def _plan_warnings(items: list[ItemCost]) -> list[Warning]:
    warnings = []
    areas_used = {item.goal_area for item in items}
    if "F" in areas_used and not areas_used & set(AREAS[:5]):
        warnings.append(
            Warning(
                "f_without_a_e",
                _("%(rule)s Het programma heeft nog geen interventie uit A t/m E.")
                % {"rule": F_RULE_SENTENCE},
            )
        )
    for item in items:
        if not item.has_evaluation:
            warnings.append(
                Warning(
                    "no_evaluation",
                    _("Bij '%(name)s' staat nog niet hoe het geëvalueerd wordt.") % {"name": item.name},
                )
            )
    return warnings

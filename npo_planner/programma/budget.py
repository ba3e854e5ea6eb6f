"""Budget rules of the school programme, free of Django models and the database (pure, tested on its own).

Allocation per school year = pupils × amount per pupil (for the school type) + achterstandsscore units × amount
per unit. Planned cost is summed per goal area A–F and per year. Warnings: goal area F without any of A–E, an item
without an evaluation, and the money (`carry`): a year's plan above what is available in it including money left
from earlier years; with the school's spending window (`window`, the NPO's 2021-2022 … 2024-2025) also the whole
window overspent or money left unspent at its end; without it (a programme outside the window) more planned over
the programme's two years than their money together. A year's plan above that year's new money alone is no
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
    per_pupil: Decimal
    disadvantage_units: Decimal | None
    per_unit: Decimal
    source: str = ""  # Dutch: where the pupil number comes from

    @property
    def allocation(self) -> Decimal | None:
        if not self.per_pupil and not self.per_unit:
            return ZERO  # a year without new money (NPO 2023-2024, 2024-2025) needs no pupil number
        if self.pupils is None:
            return None
        units = self.disadvantage_units or ZERO
        return (Decimal(self.pupils) * self.per_pupil + units * self.per_unit).quantize(CENT)


@dataclass(frozen=True)
class ItemCost:
    name: str
    goal_area: str
    cost_first: Decimal
    cost_second: Decimal
    external_hire: bool = False
    has_evaluation: bool = True


@dataclass
class Budget:
    years: tuple[YearBasis, YearBasis]
    planned: dict[str, tuple[Decimal, Decimal]]  # area → (first year, second year)
    warnings: list[Warning] = field(default_factory=list)
    external_hire: Decimal = ZERO
    window: object = None  # carry.Window: the school's money year by year with carry-over

    @property
    def allocations(self) -> tuple[Decimal | None, Decimal | None]:
        return self.years[0].allocation, self.years[1].allocation

    @property
    def allocation_total(self) -> Decimal | None:
        first, second = self.allocations
        if first is None or second is None:
            return None
        return first + second

    @property
    def planned_per_year(self) -> tuple[Decimal, Decimal]:
        return (
            sum((v[0] for v in self.planned.values()), ZERO),
            sum((v[1] for v in self.planned.values()), ZERO),
        )

    @property
    def planned_total(self) -> Decimal:
        return sum(self.planned_per_year, ZERO)

    @property
    def remaining(self) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
        planned = self.planned_per_year
        first, second = self.allocations
        total = self.allocation_total
        return (
            None if first is None else first - planned[0],
            None if second is None else second - planned[1],
            None if total is None else total - self.planned_total,
        )

    @property
    def external_hire_share(self) -> Decimal | None:
        """Percentage of planned cost spent on external hire (PNIL), one decimal; None when nothing is planned."""
        if not self.planned_total:
            return None
        return (self.external_hire * 100 / self.planned_total).quantize(Decimal("0.1"))

    def rows(self) -> list[dict]:
        """One row per goal area for tables and CSV: area, first, second, total, share of planned total (%)."""
        total = self.planned_total
        out = []
        for area in AREAS:
            first, second = self.planned[area]
            share = (first + second) * 100 / total if total else None
            out.append(
                {
                    "area": area,
                    "first": first,
                    "second": second,
                    "total": first + second,
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


def compute(years: tuple[YearBasis, YearBasis], items: list[ItemCost], window=None) -> Budget:
    """`window`: the school's money over its spending window (`carry.Window`); None for a programme outside it,
    whose money then carries over from its first year into its second only."""
    planned = dict.fromkeys(AREAS, (ZERO, ZERO))
    external = ZERO
    for item in items:
        first, second = planned[item.goal_area]
        planned[item.goal_area] = (first + item.cost_first, second + item.cost_second)
        if item.external_hire:
            external += item.cost_first + item.cost_second
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
    """The programme's two years on their own, the first year's money carried into the second."""
    planned = budget.planned_per_year
    return carry.run(
        [carry.YearMoney(b.label, b.allocation, p) for b, p in zip(budget.years, planned, strict=True)]
    )


def _unknown(budget: Budget) -> list[Warning]:
    return [
        Warning(
            "allocation_unknown",
            _("Het NPO-budget voor %(year)s is onbekend: het leerlingaantal ontbreekt.")
            % {"year": basis.label},
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
                "Over beide schooljaren is %(spent)s gepland, %(over)s meer dan het totale NPO-budget van %(budget)s."
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

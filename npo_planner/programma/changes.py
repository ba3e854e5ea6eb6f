"""What changed between two submitted versions: a pure comparison of two snapshots (`snapshot.programme_json`).

Items are matched by their id when both snapshots carry it (snapshots since ids were kept), else by name and goal
area. The result names items added, removed and changed field by field, the programme's own texts that changed,
and the budget per goal area and school year before and after."""

from dataclasses import dataclass, field
from decimal import Decimal

from npo_planner.programma.models import ITEM_FIELDS, Item, Programme
from npo_planner.programma.snapshot import item_costs, upgraded_item

PROGRAMME_FIELDS = ["title", "summary", "parents_and_team"]
# Reference ids say nothing to a reader; the snapshot fields beside them (name, priority) carry the change.
HIDDEN_FIELDS = {"intervention_ref", "priority_ref"}


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: object
    after: object


@dataclass(frozen=True)
class ItemChange:
    name: str
    goal_area: str
    fields: list[FieldChange]


@dataclass(frozen=True)
class BudgetRow:
    goal_area: str
    before: tuple[Decimal, ...]  # per school year of `Changes.years`
    after: tuple[Decimal, ...]

    @property
    def difference(self) -> tuple[Decimal, ...]:
        return tuple(a - b for a, b in zip(self.after, self.before, strict=True))

    @property
    def cells(self) -> list[tuple[Decimal, Decimal]]:
        """Per school year: (was, wordt)."""
        return list(zip(self.before, self.after, strict=True))

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass
class Changes:
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    changed: list[ItemChange] = field(default_factory=list)
    programme: list[FieldChange] = field(default_factory=list)
    budget: list[BudgetRow] = field(default_factory=list)
    years: list[str] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(
            self.added
            or self.removed
            or self.changed
            or self.programme
            or any(r.changed for r in self.budget)
        )


def _label(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _key(item: dict, by_id: bool):
    return ("id", item["id"]) if by_id else ("name", item.get("name"), item.get("goal_area"))


def _money(value) -> Decimal:
    return Decimal(str(value)) if value not in (None, "") else Decimal(0)


def _budget(snapshot: dict, years: list[str]) -> dict[str, tuple[Decimal, ...]]:
    totals: dict[str, tuple[Decimal, ...]] = {}
    for item in snapshot.get("items", []):
        costs = item_costs(item, years, snapshot.get("years") or years)
        before = totals.get(item["goal_area"], (Decimal(0),) * len(years))
        totals[item["goal_area"]] = tuple(a + b for a, b in zip(before, costs, strict=True))
    return totals


def _item_fields(before: dict, after: dict) -> list[FieldChange]:
    return [
        FieldChange(name, _label(Item, name), before.get(name), after.get(name))
        for name in ITEM_FIELDS
        if name not in HIDDEN_FIELDS and _same(before.get(name), after.get(name)) is False
    ]


def _same(a, b) -> bool:
    """Money and hours are kept as text ("1200.00"); "1200" and "1200.00" are the same amount."""
    if a == b:
        return True
    if isinstance(a, dict) or isinstance(b, dict):
        a, b = a or {}, b or {}
        return set(a) == set(b) and all(_same(a[k], b[k]) for k in a)
    try:
        return Decimal(str(a)) == Decimal(str(b))
    except ArithmeticError:
        return False


def compare(before: dict, after: dict) -> Changes:
    """The changes from snapshot `before` to snapshot `after`."""
    before_years, after_years = before.get("years") or [], after.get("years") or []
    years = sorted(set(before_years) | set(after_years))
    before_items = [upgraded_item(i, before_years) for i in before.get("items", [])]
    after_items = [upgraded_item(i, after_years) for i in after.get("items", [])]
    by_id = all("id" in i for i in before_items + after_items)
    old = {_key(i, by_id): i for i in before_items}
    new = {_key(i, by_id): i for i in after_items}
    changes = Changes(years=years)
    changes.added = [i for k, i in new.items() if k not in old]
    changes.removed = [i for k, i in old.items() if k not in new]
    for key, item in new.items():
        if key in old:
            fields = _item_fields(old[key], item)
            if fields:
                changes.changed.append(ItemChange(item["name"], item["goal_area"], fields))
    changes.programme = [
        FieldChange(name, _label(Programme, name), before.get(name), after.get(name))
        for name in PROGRAMME_FIELDS
        if before.get(name) != after.get(name)
    ]
    old_budget, new_budget = _budget(before, years), _budget(after, years)
    zero = (Decimal(0),) * len(years)
    changes.budget = [
        BudgetRow(area, old_budget.get(area, zero), new_budget.get(area, zero))
        for area in sorted(set(old_budget) | set(new_budget))
    ]
    return changes

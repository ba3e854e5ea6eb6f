"""The frozen JSON of a programme as submitted for consent (readable later even when the programme changes)."""

from decimal import Decimal

from npo_planner.programma.models import ITEM_FIELDS, ITEM_REFS, Item, Programme, normalized_costs


def _plain(value):
    if value is None or isinstance(value, bool | int | str | dict):
        return value
    return str(value)  # Decimal, date


REFS = set(ITEM_REFS)  # foreign keys: the JSON keeps their id


def item_json(item: Item) -> dict:
    """The item's fields, and its id so a later version can be compared item by item (`changes.compare`)."""
    fields = {name: _plain(getattr(item, f"{name}_id" if name in REFS else name)) for name in ITEM_FIELDS}
    return {"id": item.pk, **fields}


def programme_json(programme: Programme, items: list[Item], agreements: list[dict] | None = None) -> dict:
    return {
        "school": {"brin": programme.school.brin, "name": programme.school.name},
        "years": programme.year_labels,
        "stream": programme.stream.name,
        "title": programme.title,
        "summary": programme.summary,
        "parents_and_team": programme.parents_and_team,
        "programme_version": programme.version,
        "items": [item_json(i) for i in items],
        "agreements": [{k: _plain(v) for k, v in a.items()} for a in (agreements or [])],
    }


def upgraded_item(item: dict, years: list[str]) -> dict:
    """A frozen item in today's form: versions frozen when a programme ran over exactly two school years kept
    `cost_first_year` and `cost_second_year`; they become `year_costs` over the snapshot's `years`."""
    if "year_costs" in item or "cost_first_year" not in item:
        return item
    out = {k: v for k, v in item.items() if k not in ("cost_first_year", "cost_second_year")}
    old = dict(zip(years, (item.get("cost_first_year"), item.get("cost_second_year")), strict=False))
    out["year_costs"] = normalized_costs({label: value or 0 for label, value in old.items()})
    return out


def item_costs(item: dict, labels: list[str], years: list[str] | None = None) -> list[Decimal]:
    """A frozen item's planned cost in each of these school years."""
    costs = upgraded_item(item, years or labels).get("year_costs") or {}
    return [Decimal(str(costs.get(label) or 0)) for label in labels]

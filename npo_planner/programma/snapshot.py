"""The frozen JSON of a programme as submitted for consent (readable later even when the programme changes)."""

from npo_planner.programma.models import ITEM_FIELDS, ITEM_REFS, Item, Programme


def _plain(value):
    if value is None or isinstance(value, bool | int | str):
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
        "years": [programme.first_year.label, programme.second_year.label],
        "title": programme.title,
        "summary": programme.summary,
        "parents_and_team": programme.parents_and_team,
        "programme_version": programme.version,
        "items": [item_json(i) for i in items],
        "agreements": [{k: _plain(v) for k, v in a.items()} for a in (agreements or [])],
    }

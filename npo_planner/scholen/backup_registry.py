"""What a school backup cannot see from the models alone: ids of other records kept in plain fields.

- Id maps: a KanVAS response keeps its answers as {item id: answer} in one text field (kanvas.fields.IdMapField).
  A school backup carries the items those ids name, and a restore into another database rewrites the keys to the
  items' ids there. Apps register such fields in their AppConfig.ready(): `register_id_map(Response, "answers",
  Item)`.
- Generic references: an audit entry names its object by model label and id (`object_type`, `object_id`). A
  restore points them at the object's new id; an object that is not in the backup (deleted before) keeps no id,
  so the entry cannot name another object that happens to get that id.
- Format upgrades: a backup written before a model changed shape (a survey response's answers, once one row per
  answer, now in the response's own row) is brought into today's shape before it is restored
  (`register_format_upgrade`, from the app's AppConfig.ready()).
"""

from collections.abc import Callable

from django.db import models

_id_maps: dict[tuple[str, str], type[models.Model]] = {}


def register_id_map(model: type[models.Model], field: str, target: type[models.Model]) -> None:
    _id_maps[(model._meta.label_lower, field)] = target


def id_map_fields(model: type[models.Model]) -> list[tuple[str, type[models.Model]]]:
    """(field name, model whose ids are the keys) of every registered id map of the model."""
    label = model._meta.label_lower
    return [(field, target) for (owner, field), target in _id_maps.items() if owner == label]


_generic: dict[str, tuple[str, str]] = {}


def register_generic_reference(model: type[models.Model], type_field: str, id_field: str) -> None:
    _generic[model._meta.label_lower] = (type_field, id_field)


def generic_reference(model: type[models.Model]) -> tuple[str, str] | None:
    """(field with the model label, field with the id) when the model names other records that way."""
    return _generic.get(model._meta.label_lower)


_upgrades: list[tuple[int, Callable[[list[dict]], list[dict]]]] = []


def register_format_upgrade(before_version: int, upgrade: Callable[[list[dict]], list[dict]]) -> None:
    """`upgrade(objects)` turns a backup's serialized objects written before format `before_version` into today's
    models (rows of a model that no longer exists folded into the rows that now hold their data). It changes
    nothing in the database and raises RestoreRefused, with a Dutch message, for data it cannot carry over whole.
    """
    _upgrades.append((before_version, upgrade))


def format_upgrades(version: int) -> list[Callable[[list[dict]], list[dict]]]:
    """The upgrades a backup of format `version` needs, oldest first."""
    return [upgrade for before, upgrade in sorted(_upgrades, key=lambda u: u[0]) if version < before]

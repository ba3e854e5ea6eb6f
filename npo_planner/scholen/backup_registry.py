"""What a school backup cannot see from the models alone: fields that hold ids of other records as map keys.

A KanVAS response keeps its answers as {item id: answer} in one text field (kanvas.fields.IdMapField). A school
backup carries the items those ids name, and a restore into another database rewrites the keys to the items'
ids there. Apps register such fields in their AppConfig.ready(): `register_id_map(Response, "answers", Item)`.
"""

from django.db import models

_id_maps: dict[tuple[str, str], type[models.Model]] = {}


def register_id_map(model: type[models.Model], field: str, target: type[models.Model]) -> None:
    _id_maps[(model._meta.label_lower, field)] = target


def id_map_fields(model: type[models.Model]) -> list[tuple[str, type[models.Model]]]:
    """(field name, model whose ids are the keys) of every registered id map of the model."""
    label = model._meta.label_lower
    return [(field, target) for (owner, field), target in _id_maps.items() if owner == label]

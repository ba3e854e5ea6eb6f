"""Model fields for a response's answers and scale scores: small {id: value} maps kept as compact JSON text.

Text, not PostgreSQL's jsonb: the maps are always read whole and never queried inside, and COPY takes text
several times faster than it parses jsonb (bench/kanvas_import.py).
"""

import json
from typing import NamedTuple

from django.db import models


class ScaleResult(NamedTuple):
    score: float | None  # None: too few items answered ("onvoldoende ingevuld")
    answered: int
    signal: bool


def encode_map(value: dict) -> str:
    return json.dumps({str(key): item for key, item in value.items()}, separators=(",", ":"))


class IdMapField(models.TextField):
    """{int id: JSON value}; subclasses turn the stored values into Python values."""

    def convert(self, item):
        return item

    def decode(self, text: str) -> dict:
        return {int(key): self.convert(item) for key, item in json.loads(text).items()}

    def from_db_value(self, value, expression, connection):
        return None if value is None else self.decode(value)

    def to_python(self, value):
        if value is None or isinstance(value, dict):
            return value
        return self.decode(value)

    def get_prep_value(self, value):
        if value is None or isinstance(value, str):
            return value
        return encode_map(value)

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))


class AnswersField(IdMapField):
    """{item id: 1–4, or None for not answered}."""


class ScoresField(IdMapField):
    """{scale id: ScaleResult}."""

    def convert(self, item):
        return ScaleResult(*item)

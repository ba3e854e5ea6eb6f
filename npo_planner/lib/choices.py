"""The label of a choices field's value, cheaply. Django's `get_FOO_display` rebuilds the field's whole choices
mapping, translating every label, on each call; a list page pays that once per row and field."""

from django.db import models


def choice_label(choices: type[models.TextChoices], value: str) -> str:
    """The (translated) label of `value` in `choices`; the value itself when it is none of them, as
    `get_FOO_display` answers."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value

"""Number formatting for KanVAS pages: one decimal with a Dutch comma, '–' for unknown."""

from django import template
from django.utils.formats import number_format

from kanvas.scoring import is_notable_change, round1

register = template.Library()
UNKNOWN = "–"


def _unknown(value) -> bool:
    return value is None or value == ""


@register.filter
def score(value):
    return UNKNOWN if _unknown(value) else number_format(round1(value), 1)


@register.filter
def pct(value):
    return UNKNOWN if _unknown(value) else f"{number_format(round1(value), 1)}%"


@register.filter
def signed(value):
    if _unknown(value):
        return UNKNOWN
    rounded = round1(value)
    text = number_format(abs(rounded), 1)
    if rounded > 0:
        return f"+{text}"
    if rounded < 0:
        return f"−{text}"
    return text


@register.filter
def notable(value):
    return not _unknown(value) and is_notable_change(value)


@register.filter
def get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def answer(value):
    return UNKNOWN if _unknown(value) else value

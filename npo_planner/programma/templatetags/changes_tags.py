"""Formatting of the values in "what changed" (snapshots keep them as JSON text: "1000.00", "2021-09-01")."""

import datetime

from django import template
from django.utils.translation import gettext as _

from npo_planner.programma.templatetags.programma_tags import euro

register = template.Library()

MONEY = {"cost_first_year", "cost_second_year"}  # versions frozen before `year_costs`
DATES = {"starts_on", "ends_on"}


@register.simple_tag
def change_value(field: str, value) -> str:
    """One side of a field change, as a reader writes it."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if field in MONEY:
        return euro(value)
    if field == "year_costs":
        if not value:
            return "–"
        return "; ".join(f"{label}: {euro(amount)}" for label, amount in sorted(value.items()))
    if field in DATES:
        day = datetime.date.fromisoformat(str(value))
        return f"{day.day}-{day.month}-{day.year}"
    if field in {"hours", "fte"}:
        return str(value).replace(".", ",")
    return str(value)


@register.filter
def area_label(labels: dict, code: str) -> str:
    """The goal area's label ("B – Effectievere inzet ...") from `selectors.goal_area_labels`, else its letter."""
    return (labels or {}).get(code, code)

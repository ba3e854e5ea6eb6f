"""A learning delay or growth in months, worded so a reader cannot mistake one for the other: the scan stores
negative months for a delay (achterstand) and positive for growth (voorsprong)."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def delay_text(months) -> str:
    """-4.5 → "4,5 maanden achterstand"; 1 → "1,0 maand voorsprong"; 0 → "geen achterstand"; None → "onbekend"."""
    if months is None or months == "":
        return _("onbekend")
    value = Decimal(str(months)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if value == 0:
        return _("geen achterstand")
    size = abs(value)
    number = f"{size}".replace(".", ",")
    if value < 0:
        text = ngettext("%(m)s maand achterstand", "%(m)s maanden achterstand", 1 if size == 1 else 2)
    else:
        text = ngettext("%(m)s maand voorsprong", "%(m)s maanden voorsprong", 1 if size == 1 else 2)
    return text % {"m": number}

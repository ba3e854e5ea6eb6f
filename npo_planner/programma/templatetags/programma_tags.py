"""Formatting for programme pages and the PDF (Dutch notation)."""

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from npo_planner.lib.delay_text import delay_text
from npo_planner.lib.privacy import SUPPRESSED_LABEL
from npo_planner.programma.budget import euro as euro_text

register = template.Library()


@register.filter
def euro(value):
    if value is None or value == "":
        return _("onbekend")
    return euro_text(Decimal(str(value)))


@register.filter
def costs_over(item, labels):
    """An item's planned cost in each of these school years."""
    return item.costs_over(list(labels))


@register.filter
def snapshot_costs(item: dict, labels):
    """A frozen item's planned cost in each of these school years (`snapshot.item_costs`)."""
    from npo_planner.programma.snapshot import item_costs

    return item_costs(item, list(labels))


@register.filter
def euro0(value):
    """Whole euros: € 12.345 (for wide overviews)."""
    if value is None or value == "":
        return _("onbekend")
    whole = Decimal(str(value)).quantize(Decimal("1"))
    return "€\u00a0" + f"{whole:,.0f}".replace(",", ".")


@register.filter
def pct(value):
    """40.9 → '40,9%'; None → '–'."""
    if value is None or value == "":
        return "–"
    return f"{Decimal(str(value)).quantize(Decimal('0.1'))}%".replace(".", ",")


@register.filter
def num(value):
    if value is None or value == "":
        return "–"
    return str(value).replace(".", ",")


@register.filter
def lookup(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def pair(first, second):
    return [first, second]


@register.filter
def awaiting(councils) -> str:
    """[MR, GMR] → 'wacht op besluit MR en GMR': what a submitted programme still waits for."""
    names = [str(c.label) for c in councils]
    if len(names) > 1:
        names = [_("%(first)s en %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}]
    return _("wacht op besluit %(councils)s") % {"councils": names[0]} if names else ""


@register.simple_tag
def suppressed_label():
    return SUPPRESSED_LABEL


OUTCOME_BADGES = {
    "werkt": "text-bg-success",
    "werkt_deels": "text-bg-warning",
    "werkt_niet": "text-bg-danger",
}


@register.filter
def outcome_badge(verdict: str) -> str:
    """Bootstrap badge classes for an evaluation verdict (the text says it too; colour is not the only cue)."""
    return OUTCOME_BADGES.get(verdict, "text-bg-secondary")


@register.filter
def delay(months):
    """-4.5 → "4,5 maanden achterstand", 1 → "1,0 maand voorsprong" (the scan: negative is a delay)."""
    return delay_text(months)


@register.filter
def monitoring_gaps(reports):
    """The monitoring sources measured for no item (`monitoring_gaps.gaps`): said once above the items."""
    from npo_planner.programma.monitoring_gaps import gaps

    return gaps(reports)

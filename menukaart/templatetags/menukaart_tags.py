"""Presentation of the figures: "+N maanden", padlocks and euro signs, each with a text alternative."""

from django import template
from django.utils.html import format_html

from menukaart import display

register = template.Library()


@register.filter
def impact(months):
    return display.impact_text(months)


@register.filter
def evidence_icons(evidence):
    """Padlocks (0–5) for sighted users, the words for screen readers; unknown reads "onbekend"."""
    if evidence is None:
        return format_html('<span class="text-body-secondary">{}</span>', display.evidence_alt(None))
    return format_html(
        '<span class="figure-icons" aria-hidden="true" title="{alt}">{icons}</span>'
        '<span class="visually-hidden">{alt}</span>',
        alt=display.evidence_alt(evidence),
        icons="🔒" * evidence if evidence else "–",
    )


@register.filter
def cost_icons(cost):
    if cost is None:
        return format_html('<span class="text-body-secondary">{}</span>', display.cost_alt(None))
    return format_html(
        '<span class="figure-icons" aria-hidden="true" title="{alt}">{icons}</span>'
        '<span class="visually-hidden">{alt}</span>',
        alt=display.cost_alt(cost),
        icons="€" * cost,
    )


@register.filter
def evidence_words(evidence):
    return display.evidence_text(evidence)


@register.filter
def cost_words(cost):
    return display.cost_text(cost)

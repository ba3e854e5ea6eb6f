"""Presentation of the figures: "+N maanden", padlocks and euro signs, each with a text alternative."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from menukaart import display

register = template.Library()


@register.filter
def impact(months):
    return display.impact_text(months)


PADLOCK = (
    '<svg class="padlock" width="14" height="16" viewBox="0 0 14 16" aria-hidden="true" focusable="false">'
    '<path d="M3 7V5a4 4 0 0 1 8 0v2" fill="none" stroke="currentColor" stroke-width="2"/>'
    '<rect x="1" y="7" width="12" height="9" rx="1.5" fill="currentColor"/></svg>'
)


@register.filter
def evidence_icons(evidence):
    """Padlocks (0–5) for sighted users, the words for screen readers; unknown reads "onbekend"."""
    if evidence is None:
        return format_html('<span class="text-body-secondary">{}</span>', display.evidence_word(None))
    icons = mark_safe(PADLOCK * evidence) if evidence else "0"  # noqa: S308 (constant markup)
    return format_html(
        '<span class="figure-icons text-nowrap" aria-hidden="true" title="{alt}">{icons}</span>'
        '<span class="visually-hidden">{alt}</span>',
        alt=display.evidence_alt(evidence),
        icons=icons,
    )


@register.filter
def cost_icons(cost):
    if cost is None:
        return format_html('<span class="text-body-secondary">{}</span>', display.cost_word(None))
    return format_html(
        '<span class="figure-icons text-nowrap" aria-hidden="true" title="{alt}">{icons}</span>'
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


@register.filter
def cost_band(cost):
    return display.cost_band(cost)


@register.filter
def cost_band_legend(_value=None):
    return display.cost_bands_legend()


@register.filter
def needs_reassessment(intervention, today):
    """True when the item's NJi recognition is older than five years on `today` ("herbeoordeling nodig")."""
    return intervention.needs_reassessment(today)


@register.filter
def figures_line(figure_set):
    """'+8 maanden · redelijk bewijs · zeer laag in kosten' for one figure set (history)."""
    return " · ".join(
        [
            display.impact_text(figure_set.impact_months),
            display.evidence_text(figure_set.evidence),
            display.cost_text(figure_set.cost),
        ]
    )

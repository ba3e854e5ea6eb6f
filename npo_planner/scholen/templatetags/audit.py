from django import template

from npo_planner.scholen.audit_actions import action_label

register = template.Library()


@register.filter
def audit_action_label(code: str) -> str:
    return action_label(code)

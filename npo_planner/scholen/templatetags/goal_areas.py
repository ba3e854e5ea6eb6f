"""`{% f_rule %}` / `{% f_rule_sentence %}`: the menukaart's rule for goal area F in its one wording."""

from django import template

from npo_planner.scholen import goal_areas

register = template.Library()


@register.simple_tag
def f_rule() -> str:
    return str(goal_areas.F_RULE)


@register.simple_tag
def f_rule_sentence() -> str:
    return str(goal_areas.F_RULE_SENTENCE)

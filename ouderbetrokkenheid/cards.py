"""Dashboard card of the parent survey: for a leerkracht, the open surveys of the year she types paper forms in
(the teacher's start page, issue 17)."""

from npo_planner.scholen.registry import DashboardCard
from npo_planner.scholen.roles import Role
from ouderbetrokkenheid.selectors import surveys_being_entered


def entering_card(*, school, school_year, role, user) -> DashboardCard | None:
    """One query; no card without an open survey this school year."""
    if role != Role.LEERKRACHT or school_year is None:
        return None
    surveys = surveys_being_entered(school=school, school_year=school_year, user=user)
    if not surveys:
        return None
    return DashboardCard(template="ouderbetrokkenheid/_entering_card.html", context={"surveys": surveys})

"""The dashboard card "mijn acties": the open KanVAS follow-ups the user owns, overdue first."""

from django.utils import timezone

from kanvas.pupil_reads import my_actions
from npo_planner.scholen.registry import DashboardCard
from npo_planner.scholen.roles import PUPIL_LEVEL


def my_actions_card(*, school, school_year, role, user) -> DashboardCard | None:
    """Staff only (one query); the card shows pupil codes, which staff may see of the pupils they were given."""
    if role not in PUPIL_LEVEL:
        return None
    today = timezone.localdate()
    actions = my_actions(school=school, user=user, today=today)
    return DashboardCard(
        template="kanvas/_my_actions_card.html",
        context={"actions": actions, "n_overdue": sum(1 for a in actions if a.overdue)},
    )

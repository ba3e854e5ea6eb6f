"""Dashboard cards of KanVAS: "mijn acties" (the open follow-ups the user owns, overdue first) and, for a
leerkracht, "mijn groepen" (her groups' klassenzorgscore at the latest measurement and their pupils with a signal)."""

from django.utils import timezone

from kanvas.pupil_reads import my_actions, signals_since
from kanvas.selectors import all_moments, klassenzorgscore_per_group, moments_for
from npo_planner.scholen.models import Group
from npo_planner.scholen.registry import DashboardCard
from npo_planner.scholen.roles import PUPIL_LEVEL, Role


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


def my_groups_card(*, school, school_year, role, user) -> DashboardCard | None:
    """The teacher's start: her groups this school year with the klassenzorgscore at the latest measurement and
    the change since the one before (the same pupils, as on the overview), and per group the pupils with a signal
    then and how many of them are new since the measurement before. A fixed number of queries."""
    if role != Role.LEERKRACHT or school_year is None:
        return None
    own = set(
        Group.objects.filter(
            teachers__user=user, teachers__school=school, school_year=school_year
        ).values_list("id", flat=True)
    )
    if not own:
        return None
    moments = moments_for(school=school, school_year=school_year)
    rows, moment, compare = [], None, None
    if moments:
        moment = moments[-1]
        earlier = all_moments(school=school)
        earlier = earlier[: earlier.index(moment)]
        compare = earlier[-1] if earlier else None
        rows = [
            r
            for r in klassenzorgscore_per_group(school=school, moment=moment, compare=compare)
            if r["group_id"] in own
        ]
        signals = signals_since(school=school, group_ids=own, moment=moment, compare=compare)
        for r in rows:
            r["signals"] = signals.get(r["group_id"], {"signalled": 0, "new": 0 if compare else None})
    return DashboardCard(
        template="kanvas/_my_groups_card.html",
        context={"rows": rows, "moment": moment, "compare": compare},
    )

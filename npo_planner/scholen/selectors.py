"""Reads of the core data."""

import datetime
import re

from django.db.models import Count, Q
from django.utils import timezone

from npo_planner.scholen.models import AuditEntry, Group, Membership, Pupil, School, SchoolYear
from npo_planner.scholen.roles import Role

SESSION_YEAR_KEY = "school_year_by_brin"


def default_school_year(school: School, today: datetime.date | None = None) -> SchoolYear | None:
    """The year containing today when the school has groups in it, else the latest year with groups, else today's."""
    today = today or timezone.localdate()
    years = list(
        SchoolYear.objects.annotate(n_groups=Count("groups", filter=Q(groups__school=school))).order_by(
            "start"
        )
    )
    if not years:
        return None
    current = next((y for y in years if y.start <= today <= y.end), None)
    if current and current.n_groups:
        return current
    with_groups = [y for y in years if y.n_groups]
    if with_groups:
        return with_groups[-1]
    return current or years[-1]


def school_year_for_request(request, school: School) -> SchoolYear | None:
    chosen = request.session.get(SESSION_YEAR_KEY, {}).get(school.brin)
    if chosen:
        year = SchoolYear.objects.filter(label=chosen).first()
        if year:
            return year
    return default_school_year(school)


def school_years() -> list[SchoolYear]:
    return list(SchoolYear.objects.order_by("start"))


def schools_for_user(user) -> list[School]:
    """Every school the user may open: own schools, and for bestuur every school of the board."""
    if not user.is_authenticated:
        return []
    memberships = Membership.objects.filter(user=user)
    return list(
        School.objects.filter(
            Q(memberships__in=memberships.exclude(role=Role.BESTUUR))
            | Q(board__memberships__in=memberships.filter(role=Role.BESTUUR))
        )
        .select_related("board")
        .distinct()
        .order_by("name")
    )


def groups_for(*, school: School, school_year: SchoolYear | None, group_ids: set[int] | None = None):
    qs = Group.objects.filter(school=school, school_year=school_year).annotate(n_pupils=Count("enrollments"))
    if group_ids is not None:
        qs = qs.filter(id__in=group_ids)
    return qs.order_by("grade", "name")


def audit_entries(*, school: School):
    return AuditEntry.objects.filter(school=school).select_related("user").order_by("-at", "-id")


def pupils_named_in(*, school: School, text: str) -> list[str]:
    """The words of `text` that are a pupil code or a pupil's first name at this school (one query), for texts that
    readers of aggregates (MR, bestuur) will see. First names count only capitalised, as names are written."""
    words = set(re.findall(r"[\w'-]+", text or ""))
    if not words:
        return []
    lowered = {w.lower() for w in words}
    rows = Pupil.objects.filter(school=school).filter(
        Q(code__in=words | {w.upper() for w in words}) | Q(first_name__in=words)
    )
    found = set()
    for code, first_name in rows.values_list("code", "first_name"):
        if code.lower() in lowered:
            found.add(next(w for w in words if w.lower() == code.lower()))
        if first_name and first_name in words:
            found.add(first_name)
    return sorted(found)

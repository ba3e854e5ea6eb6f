"""Reads of the core data."""

import datetime
import re
from dataclasses import dataclass

from django.db.models import Count, Max, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from npo_planner.lib.column_mapping import Mapping
from npo_planner.scholen.models import (
    AuditEntry,
    Enrollment,
    Group,
    ImportMapping,
    Membership,
    Pupil,
    School,
    SchoolYear,
)
from npo_planner.scholen.roles import Role

SESSION_YEAR_KEY = "school_year_by_brin"


def _years_with_group_counts(school: School) -> list[SchoolYear]:
    """Every school year (by start) with `n_groups`, the school's groups in it: one query, which counts the
    school's own groups only (a subquery on its (school, year) rows, not a join over every school's groups)."""
    own_groups = (
        Group.objects.filter(school=school, school_year=OuterRef("pk"))
        .order_by()
        .values("school_year")
        .annotate(n=Count("id"))
        .values("n")
    )
    return list(SchoolYear.objects.annotate(n_groups=Coalesce(Subquery(own_groups), 0)).order_by("start"))


def _group_count(year: SchoolYear) -> int:
    return getattr(year, "n_groups", 0)


def _default_of(years: list[SchoolYear], today: datetime.date) -> SchoolYear | None:
    if not years:
        return None
    current = next((y for y in years if y.start <= today <= y.end), None)
    if current and _group_count(current):
        return current
    with_groups = [y for y in years if _group_count(y)]
    if with_groups:
        return with_groups[-1]
    return current or years[-1]


def default_school_year(school: School, today: datetime.date | None = None) -> SchoolYear | None:
    """The year containing today when the school has groups in it, else the latest year with groups, else today's."""
    return _default_of(_years_with_group_counts(school), today or timezone.localdate())


def school_year_for_request(request, school: School) -> SchoolYear | None:
    """The year the user chose for this school (kept in the session), else the default. One query: the years it
    read are kept on the request as `request.school_years`, for the year switcher."""
    years = _years_with_group_counts(school)
    request.school_years = years
    chosen = request.session.get(SESSION_YEAR_KEY, {}).get(school.brin)
    if chosen:
        year = next((y for y in years if y.label == chosen), None)
        if year:
            return year
    return _default_of(years, timezone.localdate())


def school_years() -> list[SchoolYear]:
    return list(SchoolYear.objects.order_by("start"))


@dataclass(frozen=True)
class UserSchools:
    """A user's memberships (oldest first, with their school or board) and every school they may open (own
    schools, and for bestuur every school of the board; by name)."""

    memberships: list[Membership]
    schools: list[School]

    def access(self, brin: str) -> tuple[Membership, School] | None:
        """The user's first membership that opens the school with this BRIN (bestuur: via the board), with that
        school; None when none does (no query)."""
        school = next((s for s in self.schools if s.brin == brin), None)
        if school is None:
            return None
        for membership in self.memberships:
            if membership.role == Role.BESTUUR:
                if membership.board_id == school.board_id:
                    return membership, school
            elif membership.school_id == school.pk:
                return membership, school
        return None


def user_schools(user) -> UserSchools:
    """One query for the memberships with their schools, one more for the boards' schools of a bestuur member:
    what every school page needs for access and the school switcher, read once."""
    if not user.is_authenticated:
        return UserSchools(memberships=[], schools=[])
    memberships = list(
        Membership.objects.filter(user=user).select_related("school__board", "board").order_by("id")
    )
    # a membership has a school, or (bestuur) a board: the membership_board_xor_school constraint
    schools: dict[int, School] = {m.school.pk: m.school for m in memberships if m.school is not None}
    boards = [m.board_id for m in memberships if m.role == Role.BESTUUR]
    if boards:
        schools.update((s.pk, s) for s in School.objects.filter(board__in=boards).select_related("board"))
    return UserSchools(
        memberships=memberships, schools=sorted(schools.values(), key=lambda s: (s.name, s.pk))
    )


def schools_for_user(user) -> list[School]:
    """Every school the user may open: own schools, and for bestuur every school of the board."""
    return user_schools(user).schools


def groups_for(*, school: School, school_year: SchoolYear | None, group_ids: set[int] | None = None):
    """The groups of a year with `n_pupils` and the grades their pupils are in (`low_grade`, `high_grade`: a
    combination group 5/6 has 5 and 6; None for a group without pupils)."""
    qs = Group.objects.filter(school=school, school_year=school_year).annotate(
        n_pupils=Count("enrollments"),
        low_grade=Min("enrollments__grade"),
        high_grade=Max("enrollments__grade"),
    )
    if group_ids is not None:
        qs = qs.filter(id__in=group_ids)
    return qs.order_by("grade", "name")


def pupils_per_grade(*, school: School, school_year: SchoolYear | None) -> dict[int, int]:
    """Pupils per grade in the year, by each pupil's own grade (a 5/6 group counts in 5 and in 6); one query."""
    rows = (
        Enrollment.objects.filter(group__school=school, group__school_year=school_year)
        .values("grade")
        .annotate(n=Count("id"))
        .order_by("grade")
    )
    return {row["grade"]: row["n"] for row in rows}


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


def import_mapping_for(*, school: School, kind: str) -> Mapping:
    """The school's saved mapping for a kind of file (empty when none was saved); never another school's."""
    saved = ImportMapping.objects.filter(school=school, kind=kind).values("columns", "values").first()
    return Mapping.from_dict(saved) if saved else Mapping()

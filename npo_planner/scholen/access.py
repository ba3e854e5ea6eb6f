"""The one access layer for school pages.

Every school URL carries the BRIN (`/<brin>/…`). `school_view` (functions) and `SchoolAccessMixin` (classes)
resolve the school, check the user's membership and role, and set `request.school`, `request.role`,
`request.membership` and `request.school_year`. A user without any membership of the school gets 404 — the
same as a school that does not exist — so nobody can probe which schools exist. A member whose role is not
allowed gets 403.
"""

from collections.abc import Iterable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from npo_planner.scholen.models import Membership
from npo_planner.scholen.roles import ALL_ROLES, Role
from npo_planner.scholen.selectors import school_year_for_request, user_schools


def membership_for(user, brin: str) -> Membership | None:
    """The user's membership that gives access to the school with this BRIN (bestuur: via the board)."""
    if not brin:
        return None
    found = user_schools(user).access(brin)
    return found[0] if found else None


def resolve_school_access(request, brin: str, allowed_roles: Iterable[str]) -> None:
    schools = user_schools(request.user)
    found = schools.access(brin) if brin else None
    if found is None:
        raise Http404
    membership, school = found
    request.membership = membership
    request.school = school
    request.role = membership.role
    request.nav_schools = schools.schools  # the school switcher (context_processors.navigation)
    if membership.role not in allowed_roles:
        raise PermissionDenied
    request.school_year = school_year_for_request(request, school)


def school_view(*roles: str):
    """Decorate a function view that takes `brin` as first URL argument; roles default to every role."""
    allowed = frozenset(roles) if roles else ALL_ROLES

    def decorator(view):
        @wraps(view)
        def wrapped(request, brin, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            resolve_school_access(request, brin, allowed)
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = allowed
        return wrapped

    return decorator


class SchoolAccessMixin:
    """Class-based counterpart of `school_view`; set `allowed_roles` on the view."""

    allowed_roles: frozenset = ALL_ROLES

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        resolve_school_access(request, kwargs.pop("brin"), self.allowed_roles)
        return super().dispatch(request, *args, **kwargs)


def require_role(request, *roles: str) -> None:
    """Inside a school view: refuse (403) unless the user's role is one of these (e.g. for a POST)."""
    if request.role not in roles:
        raise PermissionDenied


def teacher_group_ids(request) -> set[int] | None:
    """Groups a leerkracht may see pupils of: the groups she teaches in the school year being viewed
    (`request.school_year`), so access ends when the teaching ends — last year's teacher of 5a does not follow her
    former pupils into 6a. None means the role sees every group of the school."""
    if request.role == Role.LEERKRACHT:
        if request.school_year is None:
            return set()
        return set(
            request.membership.groups.filter(school_year=request.school_year).values_list("id", flat=True)
        )
    return None

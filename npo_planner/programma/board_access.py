"""Access for board pages (outside any one school): only bestuur members, only their own board."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from npo_planner.scholen.models import Board
from npo_planner.scholen.roles import Role


def board_view(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        boards = list(Board.objects.filter(memberships__user=request.user, memberships__role=Role.BESTUUR))
        if not boards:
            raise PermissionDenied
        request.boards = boards
        return view(request, *args, **kwargs)

    wrapped.allowed_roles = frozenset({Role.BESTUUR})
    return wrapped

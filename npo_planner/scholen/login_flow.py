"""The steps of logging in: password, then (when set up or required) the second factor, then the session.

Between the steps the session holds only the pending user's id, for a few minutes; the user is not logged in until
every step has passed, so no page — password reset included — can skip the second factor.
"""

import time

from django.contrib.auth import get_user_model, login

from npo_planner.scholen.forms import client_ip
from npo_planner.scholen.models import AuthEvent
from npo_planner.scholen.services import auth_event_record

PENDING_KEY = "pending_login"
PENDING_SECONDS = 300


def pending_start(request, user, next_url: str) -> None:
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user_id": user.pk,
        "backend": user.backend,
        "started": time.time(),
        "next": next_url,
    }


def pending_user(request):
    """The user who passed the password step and still needs the second factor, or None (expired or absent)."""
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["started"] > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None
    user = get_user_model().objects.filter(pk=pending["user_id"], is_active=True).first()
    if user is not None:
        user.backend = pending["backend"]
    return user


def pending_next(request) -> str:
    return (request.session.get(PENDING_KEY) or {}).get("next") or "/"


def complete(request, user) -> None:
    request.session.pop(PENDING_KEY, None)
    login(request, user)
    auth_event_record(username=user.username, kind=AuthEvent.Kind.LOGIN, user=user, ip=client_ip(request))

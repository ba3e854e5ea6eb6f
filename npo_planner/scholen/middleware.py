import time

from django.conf import settings
from django.contrib.auth import logout

LAST_SEEN_KEY = "last_seen"
# Write the timestamp at most this often, so a page view does not cost a session write every time.
TOUCH_EVERY_SECONDS = 60


class IdleTimeoutMiddleware:
    """Ends a logged-in session after SESSION_IDLE_MINUTES without a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            last_seen = request.session.get(LAST_SEEN_KEY, now)
            if now - last_seen > settings.SESSION_IDLE_MINUTES * 60:
                logout(request)
            elif now - last_seen >= TOUCH_EVERY_SECONDS or LAST_SEEN_KEY not in request.session:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


def stamp_login_time(sender, request, user, **kwargs):
    """The idle clock starts at login (connected to user_logged_in), so the first page costs no session write."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN_KEY] = time.time()

import time
from urllib.parse import unquote_plus

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.urls import Resolver404, get_resolver, resolve
from django.utils.cache import add_never_cache_headers

from npo_planner.scholen.login_flow import PENDING_KEY

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


class NulInRequest(SuspiciousOperation):
    """A NUL byte in the URL: no page of ours has one, and PostgreSQL refuses it in a query (a 500 otherwise)."""


class RejectNulMiddleware:
    """Answers 400 to a request whose path or query string contains a NUL byte (raw or %00-encoded)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "\x00" in unquote_plus(query):
            raise NulInRequest("NUL byte in the URL")
        return self.get_response(request)


class NoStoreMiddleware:
    """Pages of logged-in users (pupil data, exports) and of the login steps (the authenticator's secret) are not
    kept by the browser or a proxy: `Cache-Control: no-store`, unless the view set its own Cache-Control. Static
    files are served apart from Django and keep theirs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        if request.user.is_authenticated or PENDING_KEY in request.session:
            add_never_cache_headers(response)
        return response


class DutchNotFoundMiddleware:
    """With DEBUG on (the development default) a missing page still shows the product's Dutch 404 page, as in
    production, instead of Django's technical page. Django picks the technical page itself when DEBUG is on, both for
    an address that matches no URL and for a view raising Http404; this middleware answers both first with the same
    handler production uses. Off when DEBUG is off: Django then does exactly this. Sits after CommonMiddleware, which
    still turns a 404 for an address without its trailing slash into a redirect; after the session and the user, so
    the page shows who is logged in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.DEBUG:
            urlconf = getattr(request, "urlconf", None)
            try:
                resolve(request.path_info, urlconf)
            except Resolver404 as exception:
                return get_resolver(urlconf).resolve_error_handler(404)(request, exception)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if settings.DEBUG and isinstance(exception, Http404):
            urlconf = getattr(request, "urlconf", None)
            return get_resolver(urlconf).resolve_error_handler(404)(request, exception)
        return None

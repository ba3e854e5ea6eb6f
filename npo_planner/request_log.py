"""One log line per request, for a log collector: method, URL pattern, status, duration and user id.

The URL pattern (`/<brin:brin>/kanvas/leerling/<int:pk>/`) is logged instead of the path, and never the query
string, so no pupil code or search text reaches the logs.
"""

import logging
import time

logger = logging.getLogger("npo_planner.request")


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        if logger.isEnabledFor(logging.INFO):
            match = getattr(request, "resolver_match", None)
            route = "/" + match.route if match and match.route else "(static or unresolved)"
            user = getattr(request, "user", None)
            user_id = user.pk if user is not None and user.is_authenticated else "-"
            logger.info(
                "request method=%s route=%s status=%s duration_ms=%.1f user=%s",
                request.method,
                route,
                response.status_code,
                (time.perf_counter() - started) * 1000,
                user_id,
            )
        return response

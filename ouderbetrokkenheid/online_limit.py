"""A limit on online answers per survey, network address and period, against stuffing the anonymous survey.

The count lives only in Django's cache "online_limit" (settings.CACHES: files shared by the server processes in
production, memory elsewhere), under a keyed hash of (survey, address, period): the address is in no key, nothing
is stored with an answer or in the database, and the count is gone after the period.
`settings.OUDERPEILING_ONLINE_LIMIT` is (answers, seconds)."""

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import caches

DEFAULT_LIMIT = (30, 3600)  # a school's network may carry many parents at once: 30 per hour per survey
CACHE_ALIAS = "online_limit"


def counts():
    """The cache that holds the counts."""
    return caches[CACHE_ALIAS]


def _limit() -> tuple[int, int]:
    answers, seconds = getattr(settings, "OUDERPEILING_ONLINE_LIMIT", DEFAULT_LIMIT)
    return int(answers), int(seconds)


def client_address(request) -> str:
    """The sender's address: behind our proxy (settings.BEHIND_PROXY) the last X-Forwarded-For entry, which that
    proxy appended; otherwise REMOTE_ADDR."""
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded and forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")


def _key(survey_id: int, address: str) -> tuple[str, int]:
    _answers, seconds = _limit()
    period = int(time.time() // seconds)
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{survey_id}|{address}|{period}".encode(), hashlib.sha256
    ).hexdigest()
    return f"ouderpeiling-online:{digest}", seconds


def limit_reached(survey_id: int, address: str) -> bool:
    answers, _seconds = _limit()
    key, _timeout = _key(survey_id, address)
    return counts().get(key, 0) >= answers


def count_answer(survey_id: int, address: str) -> None:
    key, timeout = _key(survey_id, address)
    store = counts()
    if not store.add(key, 1, timeout):
        try:
            store.incr(key)
        except ValueError:  # expired between add and incr: this answer starts the new count
            store.add(key, 1, timeout)

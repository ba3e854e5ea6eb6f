"""Retention of the login records (AuthEvent): they hold usernames and network addresses, kept only as long as
needed to investigate misuse (LOGIN_RECORD_RETENTION_DAYS)."""

import datetime

from django.conf import settings
from django.utils import timezone

from npo_planner.scholen.models import AuthEvent


def login_records_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) - datetime.timedelta(days=settings.LOGIN_RECORD_RETENTION_DAYS)


def login_records_purge(
    *, now: datetime.datetime | None = None, dry_run: bool = False
) -> tuple[int, datetime.datetime]:
    """Delete login records older than the retention period; returns how many (would) go and the cutoff."""
    cutoff = login_records_cutoff(now)
    old = AuthEvent.objects.filter(at__lt=cutoff)
    if dry_run:
        return old.count(), cutoff
    deleted, _per_model = old.delete()
    return deleted, cutoff

"""The scheduled clean-up (`manage.py cleanup`): everything that would otherwise grow without bound is removed once
it has served its purpose — expired sessions, login records and pupil-access rows past their retention period,
uploads that were previewed but never confirmed, finished background jobs with their stored result files, and
stored files no row names any more (left behind when the storage failed as their row went)."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from npo_planner.jobs.models import Job
from npo_planner.lib.stored_files import orphan_files_delete
from npo_planner.scholen.login_records import login_records_purge
from npo_planner.scholen.models import PendingRoster
from npo_planner.scholen.pupil_data import pupil_accesses_purge
from npo_planner.scholen.roster_services import PENDING_TTL as ROSTER_PENDING_TTL

# Uploads previewed but never confirmed, per app: `expired(now)` → the queryset of those past their time to live
# (a row's stored files go with it: `npo_planner.lib.stored_files.register_file_fields`).
# An app registers its own in AppConfig.ready() (this bottom layer does not know the apps).
_pending_uploads: list[Callable[[datetime.datetime], QuerySet]] = []


def register_pending_uploads(expired: Callable[[datetime.datetime], QuerySet]) -> None:
    _pending_uploads.append(expired)


# The core's own pending uploads (rosters); the apps above register theirs in ready().
register_pending_uploads(lambda now: PendingRoster.objects.filter(created_at__lt=now - ROSTER_PENDING_TTL))


@dataclass
class Removed:
    what: str  # what was removed, in Dutch, for the report
    count: int


def _delete(queryset, dry_run: bool) -> int:
    if dry_run:
        return queryset.count()
    return queryset.delete()[0]


def expired_sessions_purge(*, now: datetime.datetime, dry_run: bool) -> int:
    """Expired sessions (what `clearsessions` does for the database session engine)."""
    return _delete(Session.objects.filter(expire_date__lt=now), dry_run)


def pending_uploads_purge(*, now: datetime.datetime, dry_run: bool) -> int:
    """Uploaded files previewed but never confirmed or discarded, older than their time to live (a day): those of
    every app that registered them (`register_pending_uploads`)."""
    return sum(_delete(expired(now), dry_run) for expired in _pending_uploads)


def finished_jobs_purge(*, now: datetime.datetime, days: int, dry_run: bool) -> int:
    """Background jobs finished (done or failed) more than `days` days ago, and their stored result files (deleted
    once the rows' deletion is committed: jobs.apps)."""
    old = Job.objects.filter(
        status__in=[Job.Status.DONE, Job.Status.FAILED], finished_at__lt=now - datetime.timedelta(days=days)
    )
    return _delete(old, dry_run)


def cleanup(*, now: datetime.datetime | None = None, job_days: int, dry_run: bool = False) -> list[Removed]:
    now = now or timezone.now()
    with transaction.atomic():
        results = [
            Removed(_("verlopen sessies"), expired_sessions_purge(now=now, dry_run=dry_run)),
            Removed(_("inlogregels"), login_records_purge(now=now, dry_run=dry_run)[0]),
            Removed(_("regels in het inzagelog"), pupil_accesses_purge(now=now, dry_run=dry_run)[0]),
            Removed(_("niet bevestigde uploads"), pending_uploads_purge(now=now, dry_run=dry_run)),
        ]
    results.append(
        Removed(_("afgeronde achtergrondtaken"), finished_jobs_purge(now=now, days=job_days, dry_run=dry_run))
    )
    # Last, after the rows removed above (their files went with them), what no row names any more.
    results.append(Removed(_("achtergebleven bestanden"), orphan_files_delete(now=now, dry_run=dry_run)))
    return results

"""Start and retry background jobs; the work itself runs in the worker (`manage.py worker`)."""

from django.db import transaction

from npo_planner.jobs.models import Job
from npo_planner.jobs.selectors import open_school_job
from npo_planner.jobs.tasks import run_job


def _enqueue(job: Job) -> None:
    # After the commit, so the worker finds the job row it is asked to run.
    transaction.on_commit(lambda: run_job.enqueue(str(job.pk)))


@transaction.atomic
def start_job(*, kind: str, user, board=None, school=None, params: dict | None = None) -> Job:
    job = Job(kind=kind, board=board, school=school, params=params or {}, created_by=user)
    job.full_clean()
    job.save()
    _enqueue(job)
    return job


@transaction.atomic
def start_school_job(*, kind: str, user, school, params: dict) -> Job:
    """A school user's job (one PDF): the same work already queued or running for this user is returned instead
    of starting it twice (a second click, a reload)."""
    return open_school_job(school=school, user=user, kind=kind, params=params) or start_job(
        kind=kind, user=user, school=school, params=params
    )


@transaction.atomic
def retry_job(*, job: Job) -> Job:
    """A failed job runs again from the start; a queued, running or finished one is left as it is."""
    updated = Job.objects.filter(pk=job.pk, status=Job.Status.FAILED).update(
        status=Job.Status.QUEUED, done=0, error="", finished_at=None
    )
    if updated:
        _enqueue(job)
    job.refresh_from_db()
    return job

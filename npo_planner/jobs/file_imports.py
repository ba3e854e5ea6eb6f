"""A large upload checked and written by background jobs: one shape for every kind of import file (KanVAS, parent
survey).

A file of at least IMPORT_BACKGROUND_BYTES is checked by a job too (`check_later`, `check_stored`): the upload keeps
what the check found (the checked plan, or the file's errors), and the preview is built from that, never by
parsing the file inside a request; a second look while the check runs gets that job, it starts none. Its confirm marks the upload confirmed
and starts one job (a second submit gets that job, it starts none); the job takes the upload up, writes it through
the app's own confirm (all or nothing), and keeps what that returns in its params for the job's page
(`jobs/_import_job.html`). An upload that is gone, or that the confirm refuses, fails the job with the reason as
the file's errors; any other failure fails it for a retry, with the upload kept."""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from npo_planner.jobs.models import Job
from npo_planner.jobs.selectors import school_job_for
from npo_planner.jobs.services import start_job, start_school_job
from npo_planner.lib.import_errors import ImportErrors

STEPS = 2  # 1: the checked upload is taken up, 2: written and recorded
GONE = _("Het bestand is er niet meer (na 24 uur wordt het weggegooid); lees het opnieuw in.")


def in_background(size: int) -> bool:
    """A file this large is written by a background job, a smaller one inside the request."""
    return size >= settings.IMPORT_BACKGROUND_BYTES


@transaction.atomic
def confirm_later(*, kind: str, uploads: QuerySet, pending, school, user, params: dict | None = None) -> Job:
    """Hand a checked upload to a background job, once: the upload is marked confirmed by a conditional update
    (which waits for a concurrent one's commit), so a second submit — a double click, a second tab — gets the job
    the first started."""
    if not uploads.filter(pk=pending.pk, confirmed=False).update(confirmed=True):
        job = school_job_for(school=school, kind=kind, params={"upload": pending.pk})
        if job is not None:
            return job
    return start_job(kind=kind, user=user, school=school, params={**(params or {}), "upload": pending.pk})


@transaction.atomic
def check_later(*, kind: str, uploads: QuerySet, pending, school, user) -> Job:
    """Have the upload checked by a background job, once: the upload's row is locked while looking for a check of
    it still queued or running (a reload, a double submit, a second tab get that job)."""
    uploads.select_for_update().filter(pk=pending.pk).first()
    return start_school_job(kind=kind, user=user, school=school, params={"upload": pending.pk})


def check_stored(job: Job, progress, *, pending, check: Callable) -> None:
    """The check job's work: `pending` is the upload (None when it is gone); `check(pending)` parses the file and
    keeps with the upload what it found: the checked plan, or the file's errors for the preview to show."""
    progress(0, 1)
    if pending is None:
        raise _refused(str(GONE))
    check(pending)
    progress(1, 1)


def write_confirmed(job: Job, progress, *, pending, confirm: Callable[..., dict]) -> None:
    """The job's work: `pending` is the upload (None when it is gone); `confirm(pending, user)` writes it and
    returns the result for the job's page (at least `filename` and `rows`)."""
    progress(0, STEPS)
    if pending is None:
        raise _refused(str(GONE))
    progress(1, STEPS)
    try:
        result = confirm(pending, job.created_by)
    except ValidationError as error:
        raise _refused(" ".join(error.messages)) from error
    Job.objects.filter(pk=job.pk).update(params={**job.params, **result})
    progress(STEPS, STEPS)


def _refused(message: str) -> ImportErrors:
    errors = ImportErrors()
    errors.add(message)
    return errors

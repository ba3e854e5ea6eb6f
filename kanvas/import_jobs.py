"""KanVAS work that runs in the background (npo_planner.jobs): checking a large file for its preview, writing it once
checked and confirmed, and scoring stored
responses again after an instrument change. The job's page shows the progress and the result or the file's errors."""

from django.utils.translation import gettext_lazy as _

from kanvas import services
from kanvas.models import PendingUpload
from npo_planner.jobs import file_imports
from npo_planner.jobs.models import Job

CHECK_KIND = "kanvas_check"
CHECK_LABEL = _("KanVAS-bestand controleren")
KIND = "kanvas_import"
LABEL = _("KanVAS-bestand inlezen")
RESCORE_KIND = "kanvas_rescore"
RESCORE_LABEL = _("KanVAS-vragenlijsten opnieuw scoren")


def upload_check_later(*, pending: PendingUpload, user) -> Job:
    """Have a large upload checked by a background job (once); the job's page leads to its preview."""
    return file_imports.check_later(
        kind=CHECK_KIND, uploads=PendingUpload.objects, pending=pending, school=pending.school, user=user
    )


def check_upload(job: Job, progress) -> None:
    """Check the upload `job.params["upload"]` of the job's school and user: its Plan or its errors are kept with
    it (kanvas.services.upload_check) for the preview."""
    pending = PendingUpload.objects.filter(
        pk=job.params.get("upload"), school=job.school, user=job.created_by
    ).first()
    file_imports.check_stored(
        job, progress, pending=pending, check=lambda p: services.upload_check(pending=p)
    )


def upload_confirm_later(*, pending: PendingUpload, user) -> Job:
    """Hand a checked upload to a background job (once); the job's page shows its progress and result."""
    return file_imports.confirm_later(
        kind=KIND, uploads=PendingUpload.objects, pending=pending, school=pending.school, user=user
    )


def write_upload(job: Job, progress) -> None:
    """Write the confirmed upload `job.params["upload"]` of the job's school: all or nothing (checked again if the
    school's data changed since the preview)."""
    pending = PendingUpload.objects.filter(pk=job.params.get("upload"), school=job.school).first()
    file_imports.write_confirmed(job, progress, pending=pending, confirm=_confirm)


def _confirm(pending: PendingUpload, user) -> dict:
    record = services.upload_confirm(pending=pending, user=user)
    moments = [m["label"] for m in record.summary.get("moments", [])]
    return {
        "record": record.pk,
        "filename": record.filename,
        "rows": record.rows,
        "moment": moments[-1] if moments else "",
    }


def rescore(job: Job, progress) -> None:
    services.rescore(questionnaire_ids=job.params["questionnaires"], user=job.created_by, progress=progress)

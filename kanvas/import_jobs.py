"""KanVAS work that runs in the background (npo_planner.jobs): writing a large checked file, and scoring stored
responses again after an instrument change. The job's page shows the progress and the result or the file's errors."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kanvas import services
from kanvas.models import PendingUpload
from npo_planner.jobs.models import Job
from npo_planner.jobs.services import start_job
from npo_planner.lib.import_errors import ImportErrors

KIND = "kanvas_import"
LABEL = _("KanVAS-bestand inlezen")
RESCORE_KIND = "kanvas_rescore"
RESCORE_LABEL = _("KanVAS-vragenlijsten opnieuw scoren")
STEPS = (
    2  # 1: the checked file is taken up (checked again if the school's data changed), 2: written and recorded
)


def _refused(message: str) -> ImportErrors:
    errors = ImportErrors()
    errors.add(message)
    return errors


@transaction.atomic
def upload_confirm_later(*, pending: PendingUpload, user) -> Job:
    """Hand a checked upload to a background job; the job's page shows its progress and result."""
    PendingUpload.objects.filter(pk=pending.pk).update(confirmed=True)
    return start_job(kind=KIND, user=user, school=pending.school, params={"upload": pending.pk})


def write_upload(job: Job, progress) -> None:
    """Write the confirmed upload `job.params["upload"]` of the job's school: all or nothing. The result (the
    import record and its latest moment) goes into the job's params for its page."""
    progress(0, STEPS)
    pending = PendingUpload.objects.filter(pk=job.params.get("upload"), school=job.school).first()
    if pending is None:
        raise _refused(
            _("Het bestand is er niet meer (na 24 uur wordt het weggegooid); lees het opnieuw in.")
        )
    progress(1, STEPS)
    try:
        record = services.upload_confirm(pending=pending, user=job.created_by)
    except ValidationError as error:
        raise _refused(" ".join(error.messages)) from error
    moments = [m["label"] for m in record.summary.get("moments", [])]
    result = {
        "record": record.pk,
        "filename": record.filename,
        "rows": record.rows,
        "moment": moments[-1] if moments else "",
    }
    Job.objects.filter(pk=job.pk).update(params={**job.params, **result})
    progress(STEPS, STEPS)


def rescore(job: Job, progress) -> None:
    services.rescore(questionnaire_ids=job.params["questionnaires"], user=job.created_by, progress=progress)

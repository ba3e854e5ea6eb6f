"""A large survey file written in the background (npo_planner.jobs.file_imports, as KanVAS files are): the confirm
starts the job, the job writes the checked responses kept since the preview, all or nothing."""

from django.utils.translation import gettext_lazy as _

from npo_planner.jobs import file_imports
from npo_planner.jobs.models import Job
from ouderbetrokkenheid.models import PendingSurveyFile
from ouderbetrokkenheid.services import survey_file_confirm

KIND = "survey_import"
LABEL = _("Ouderpeiling inlezen")


def confirm_later(*, pending: PendingSurveyFile, user) -> Job:
    """Hand a checked file to a background job (once); the job's page shows its progress and result."""
    return file_imports.confirm_later(
        kind=KIND,
        uploads=PendingSurveyFile.objects,
        pending=pending,
        school=pending.survey.school,
        user=user,
        params={"survey": pending.survey_id},
    )


def write_file(job: Job, progress) -> None:
    """Write the confirmed file `job.params["upload"]` of a survey of the job's school: all or nothing."""
    pending = (
        PendingSurveyFile.objects.filter(pk=job.params.get("upload"), survey__school=job.school)
        .select_related("survey__school", "survey__school_year")
        .first()
    )
    file_imports.write_confirmed(job, progress, pending=pending, confirm=_confirm)


def _confirm(pending: PendingSurveyFile, user) -> dict:
    result = survey_file_confirm(user=user, pending=pending)
    return {"filename": pending.filename, "rows": result.rows, "removed": result.removed}

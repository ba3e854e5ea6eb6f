"""The one task of the queue: run a Job by its kind's handler, with progress, result file and error kept."""

import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from npo_planner.jobs import registry
from npo_planner.jobs.models import RESULT_FOLDER, Job
from npo_planner.lib.import_errors import ImportErrors

logger = logging.getLogger(__name__)


@task()
def run_job(job_id: str) -> str:
    job = Job.objects.get(pk=job_id)
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, started_at=timezone.now(), attempts=F("attempts") + 1, error=""
    )

    def progress(done: int, total: int) -> None:
        Job.objects.filter(pk=job.pk).update(done=done, total=total)

    try:
        result = registry.kind(job.kind).handler(job, progress)
        filename, path = "", ""
        if result is not None:
            filename, content = result
            path = default_storage.save(f"{RESULT_FOLDER}/{job.pk}/{filename}", ContentFile(content))
    except ImportErrors as refused:
        # The user's file was refused (all or nothing: nothing was written): the job shows the file's errors in
        # the importer's wording; no traceback, the queue's task itself did its work.
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED,
            finished_at=timezone.now(),
            error="\n".join(refused.messages()),
            params={**job.params, "refused": True},
        )
        return ""
    except Exception as error:
        # Kept for the user (who may retry) and re-raised, so the queue records the failure with its traceback.
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED,
            finished_at=timezone.now(),
            error=_(
                "De taak is mislukt (%(error)s). Probeer het opnieuw; lukt het dan niet, meld het de beheerder."
            )
            % {"error": type(error).__name__},
        )
        raise
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.DONE, finished_at=timezone.now(), result_path=path, result_filename=filename
    )
    return path

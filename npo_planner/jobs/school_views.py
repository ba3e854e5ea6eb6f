"""A school user's own background jobs (a PDF not yet stored): progress, download, retry. A job is seen only by
the user who started it, at the school it belongs to; anyone else gets 404."""

from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse

from npo_planner.jobs import registry
from npo_planner.jobs.models import Job
from npo_planner.jobs.selectors import school_job_get
from npo_planner.jobs.services import retry_job
from npo_planner.lib.stored_files import file_download
from npo_planner.scholen.access import school_view
from npo_planner.scholen.roles import ALL_ROLES
from npo_planner.scholen.services import export_record


def _job(request, job_id) -> Job:
    job = school_job_get(school=request.school, user=request.user, job_id=job_id)
    if job is None:
        raise Http404
    return job


def job_context(request, job: Job) -> dict:
    kwargs = {"brin": request.school.brin, "school_job_id": job.pk}
    return {
        "job": job,
        "label": registry.kind(job.kind).label,
        "download_url": reverse("taken:download", kwargs=kwargs),
        "retry_url": reverse("taken:retry", kwargs=kwargs),
    }


@school_view(*ALL_ROLES)
def job_detail(request, school_job_id):
    """The progress of the job; the page asks again every two seconds (htmx) until it is finished."""
    job = _job(request, school_job_id)
    template = "jobs/_job.html" if request.htmx else "jobs/school_job.html"
    return render(request, template, job_context(request, job))


@school_view(*ALL_ROLES)
def job_download(request, school_job_id):
    job = _job(request, school_job_id)
    if job.status != Job.Status.DONE:
        raise Http404
    response = file_download(job.result_path, job.result_filename)  # 404 when gone: nothing recorded
    kind = registry.kind(job.kind)
    if kind.on_download is not None:
        kind.on_download(request, job)  # may refuse (404/403); records the download its own way
    else:
        export_record(
            user=request.user, school=request.school, filename=job.result_filename, what=str(kind.label)
        )
    return response


@school_view(*ALL_ROLES)
def job_retry(request, school_job_id):
    job = _job(request, school_job_id)  # another user's job is 404 whatever the method
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    retry_job(job=job)
    return redirect("taken:job", brin=request.school.brin, school_job_id=job.pk)


def import_job_page(
    request, job: Job, *, template: str, overview_url: str, overview_label, upload_url, retry_url, extra=None
):
    """The page of a file being written in the background (npo_planner.jobs.file_imports), in the app's own page
    `template` around `jobs/_import_job.html`: progress, then the result or the file's errors; htmx asks again every
    two seconds for the part that changes until the job is finished."""
    context = {
        "job": job,
        "error_lines": job.error.splitlines(),
        "overview_url": overview_url,
        "overview_label": overview_label,
        "upload_url": upload_url,
        "retry_url": retry_url,
        **(extra or {}),
    }
    return render(request, "jobs/_import_job.html" if request.htmx else template, context)

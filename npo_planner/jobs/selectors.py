from npo_planner.jobs.models import Job


def board_jobs(*, boards, kind: str, limit: int = 5) -> list[Job]:
    return list(Job.objects.filter(board__in=boards, kind=kind).select_related("board")[:limit])


def board_job_get(*, boards, job_id) -> Job | None:
    return Job.objects.filter(board__in=boards, pk=job_id).first()


def school_job_get(*, school, user, job_id) -> Job | None:
    """A job of this school started by this user (a PDF made for one role is not another's to download)."""
    return Job.objects.filter(school=school, created_by=user, pk=job_id).first()


def open_school_job(*, school, user, kind: str, params: dict) -> Job | None:
    """The same work already queued or running for this user (a second click waits for it, starts nothing)."""
    return (
        Job.objects.filter(school=school, created_by=user, kind=kind, params=params)
        .filter(status__in=[Job.Status.QUEUED, Job.Status.RUNNING])
        .first()
    )


def school_job_for(*, school, kind: str, job_id=None, params: dict | None = None) -> Job | None:
    """A job of this school and kind, by id or by what it was started with (the latest such job)."""
    jobs = Job.objects.filter(school=school, kind=kind)
    if job_id is not None:
        jobs = jobs.filter(pk=job_id)
    for key, value in (params or {}).items():
        jobs = jobs.filter(**{f"params__{key}": value})
    return jobs.select_related("school").first()

from npo_planner.jobs.models import Job


def board_jobs(*, boards, kind: str, limit: int = 5) -> list[Job]:
    return list(Job.objects.filter(board__in=boards, kind=kind).select_related("board")[:limit])


def board_job_get(*, boards, job_id) -> Job | None:
    return Job.objects.filter(board__in=boards, pk=job_id).first()


def school_job_for(*, school, kind: str, job_id=None, params: dict | None = None) -> Job | None:
    """A job of this school and kind, by id or by what it was started with (the latest such job)."""
    jobs = Job.objects.filter(school=school, kind=kind)
    if job_id is not None:
        jobs = jobs.filter(pk=job_id)
    for key, value in (params or {}).items():
        jobs = jobs.filter(**{f"params__{key}": value})
    return jobs.select_related("school").first()

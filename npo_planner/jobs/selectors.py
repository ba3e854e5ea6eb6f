from npo_planner.jobs.models import Job


def board_jobs(*, boards, kind: str, limit: int = 5) -> list[Job]:
    return list(Job.objects.filter(board__in=boards, kind=kind).select_related("board")[:limit])


def board_job_get(*, boards, job_id) -> Job | None:
    return Job.objects.filter(board__in=boards, pk=job_id).first()

"""`manage.py cleanup`: the scheduled removal of what would otherwise grow without bound."""

import datetime
from io import StringIO

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import timezone

from kanvas.models import PendingUpload
from npo_planner.jobs.models import Job
from npo_planner.lib.stored_files import file_store
from npo_planner.scholen.models import AuthEvent, PupilAccess
from npo_planner.scholen.pupil_data import PUPIL_ACCESS_RETENTION_DAYS, pupil_access_record
from ouderbetrokkenheid.models import PendingSurveyFile
from tests.ouderbetrokkenheid.factories import sample_survey


def _job(cast, *, status, finished_days_ago, name):
    job = Job.objects.create(kind="board_pdfs", board=cast.school_a.board, status=status)
    path = (
        default_storage.save(f"jobs/{job.pk}/{name}", ContentFile(b"PK")) if status == Job.Status.DONE else ""
    )
    finished = (
        timezone.now() - datetime.timedelta(days=finished_days_ago) if finished_days_ago is not None else None
    )
    Job.objects.filter(pk=job.pk).update(finished_at=finished, result_path=path)
    return job.pk, path


@pytest.fixture
def clutter(cast, settings):
    now = timezone.now()
    for key, expires in (
        ("verlopen", now - datetime.timedelta(days=1)),
        ("geldig", now + datetime.timedelta(days=1)),
    ):
        store = SessionStore(session_key=None)
        store["k"] = key
        store.create()
        Session.objects.filter(pk=store.session_key).update(expire_date=expires)
    for days in (2, 0):
        upload = PendingUpload.objects.create(
            school=cast.school_a,
            user=cast.ib,
            kind="antwoorden",
            filename=f"{days}.csv",
            size=1,
            sha256="x",
            path=file_store("kanvas/pending", b"x"),
            plan_path=file_store("kanvas/pending", b"plan"),
        )
        PendingUpload.objects.filter(pk=upload.pk).update(
            created_at=now - datetime.timedelta(days=days, hours=1)
        )
    survey = sample_survey(cast)
    for days in (2, 0):
        pending = PendingSurveyFile.objects.create(
            survey=survey, user=cast.ib, filename=f"{days}.csv", size=1, sha256="x", data=b"x"
        )
        PendingSurveyFile.objects.filter(pk=pending.pk).update(
            created_at=now - datetime.timedelta(days=days, hours=1)
        )
    jobs = {
        "old_done": _job(cast, status=Job.Status.DONE, finished_days_ago=20, name="oud.zip"),
        "old_failed": _job(cast, status=Job.Status.FAILED, finished_days_ago=20, name=""),
        "recent_done": _job(cast, status=Job.Status.DONE, finished_days_ago=2, name="nieuw.zip"),
        "queued": _job(cast, status=Job.Status.QUEUED, finished_days_ago=None, name=""),
    }
    pupil_access_record(user=cast.ib, pupil=cast.pupil_a5, what="oud")
    pupil_access_record(user=cast.ib, pupil=cast.pupil_a6, what="recent")
    PupilAccess.objects.filter(what="oud").update(
        at=now - datetime.timedelta(days=PUPIL_ACCESS_RETENTION_DAYS + 1)
    )
    for days in (settings.LOGIN_RECORD_RETENTION_DAYS + 1, 1):
        event = AuthEvent.objects.create(username="ib_a", kind=AuthEvent.Kind.LOGIN)
        AuthEvent.objects.filter(pk=event.pk).update(at=now - datetime.timedelta(days=days))
    return jobs


def _state():
    return {
        "sessions": Session.objects.count(),
        "uploads": PendingUpload.objects.count() + PendingSurveyFile.objects.count(),
        "jobs": Job.objects.count(),
        "accesses": PupilAccess.objects.count(),
        "logins": AuthEvent.objects.count(),
    }


def test_dry_run_reports_and_removes_nothing(clutter):
    before = _state()
    out = StringIO()
    call_command("cleanup", "--dry-run", stdout=out)
    assert _state() == before
    text = out.getvalue()
    for line in (
        "1 verlopen sessies zou verwijderen.",
        "1 inlogregels zou verwijderen.",
        "1 regels in het inzagelog zou verwijderen.",
        "2 niet bevestigde uploads zou verwijderen.",
        "2 afgeronde achtergrondtaken zou verwijderen.",
    ):
        assert line in text
    assert default_storage.exists(clutter["old_done"][1])
    assert len(default_storage.listdir("kanvas/pending")[1]) == 4


def test_cleanup_removes_what_is_past_its_time_and_keeps_the_rest(
    clutter, django_capture_on_commit_callbacks
):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("cleanup", stdout=out)
    assert "2 afgeronde achtergrondtaken verwijderd." in out.getvalue()
    assert _state() == {"sessions": 1, "uploads": 2, "jobs": 2, "accesses": 1, "logins": 1}
    assert SessionStore(session_key=Session.objects.get().pk).load() == {"k": "geldig"}
    assert set(Job.objects.values_list("pk", flat=True)) == {clutter["recent_done"][0], clutter["queued"][0]}
    assert not default_storage.exists(clutter["old_done"][1])  # the stored result went with its job
    assert default_storage.exists(clutter["recent_done"][1])
    assert set(PendingUpload.objects.values_list("filename", flat=True)) == {"0.csv"}
    assert sorted(
        default_storage.listdir("kanvas/pending")[1]
    ) == sorted(  # the expired upload's files went too
        name.removeprefix("kanvas/pending/")
        for name in PendingUpload.objects.values_list("path", "plan_path").get()
    )
    assert set(PendingSurveyFile.objects.values_list("filename", flat=True)) == {"0.csv"}
    assert list(PupilAccess.objects.values_list("what", flat=True)) == ["recent"]


def test_job_days_decides_which_finished_jobs_go(clutter):
    call_command("cleanup", "--job-days", "1", stdout=StringIO())
    assert list(Job.objects.values_list("pk", flat=True)) == [clutter["queued"][0]]


def test_job_days_below_one_is_refused_in_dutch(db):
    with pytest.raises(CommandError, match="--job-days moet minstens 1 zijn"):
        call_command("cleanup", "--job-days", "0", stdout=StringIO())

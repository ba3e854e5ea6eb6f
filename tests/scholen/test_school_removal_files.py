"""A stored file never outlives its row: deleting a school or a user removes the files in the default storage of
every row that goes with it (a KanVAS upload in hand, a background job's result), once the deletion commits; a
deletion that is rolled back keeps them."""

from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from kanvas import services
from kanvas.models import PendingUpload
from npo_planner.jobs.models import Job
from npo_planner.lib.stored_files import file_store
from npo_planner.programma.pdf_jobs import KIND as PDF_JOB
from npo_planner.scholen.models import AuditEntry
from npo_planner.scholen.school_removal import school_delete
from tests.kanvas.helpers import ANSWER_HEADER, csv_bytes, group_rows


def upload_in_hand(cast, user) -> list[str]:
    """A checked KanVAS upload of school A by `user`: the paths of its file and its Plan."""
    pending = services.upload_store(
        school=cast.school_a,
        user=user,
        kind="antwoorden",
        filename="a.csv",
        data=csv_bytes(ANSWER_HEADER, group_rows("5a", "2021-najaar", 3)),
        replace=False,
    )
    plan, errors = services.upload_check(pending=pending)
    assert plan is not None and errors is None
    return [pending.path, pending.plan_path]


def programme_pdf_made(cast) -> str:
    """A finished programme-PDF job the director of school A started, and the path of its stored PDF."""
    path = file_store("jobs", b"%PDF-1.7 programma")
    Job.objects.create(
        kind=PDF_JOB,
        school=cast.school_a,
        created_by=cast.director,
        status=Job.Status.DONE,
        result_path=path,
        result_filename="p.pdf",
    )
    return path


def exist(paths) -> list[bool]:
    return [default_storage.exists(path) for path in paths]


def test_deleting_a_school_removes_its_stored_files(cast, tmp_path, django_capture_on_commit_callbacks):
    paths = [*upload_in_hand(cast, cast.ib), programme_pdf_made(cast)]
    other = file_store("jobs", b"%PDF-1.7 andere school")
    Job.objects.create(kind=PDF_JOB, school=cast.school_b, status=Job.Status.DONE, result_path=other)
    assert exist(paths) == [True, True, True]
    with django_capture_on_commit_callbacks(execute=True):
        school_delete(school=cast.school_a, backup_path=str(tmp_path / "11AA.json.gz"))
    assert exist(paths) == [False, False, False]
    assert default_storage.exists(other)  # another school's file stays


def test_a_rolled_back_school_deletion_keeps_the_files(cast, tmp_path, django_capture_on_commit_callbacks):
    paths = [*upload_in_hand(cast, cast.ib), programme_pdf_made(cast)]
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        school_delete(school=cast.school_a, backup_path=str(tmp_path / "11AA.json.gz"))
        raise RuntimeError("after the delete, before the commit")
    assert PendingUpload.objects.count() == 1 and Job.objects.filter(school=cast.school_a).count() == 1
    assert exist(paths) == [True, True, True]


def test_deleting_a_user_removes_their_upload_in_hand(cast, django_capture_on_commit_callbacks):
    theirs = upload_in_hand(cast, cast.ib)
    others = upload_in_hand(cast, cast.director)
    with django_capture_on_commit_callbacks(execute=True):
        cast.ib.delete()
    assert exist(theirs) == [False, False]
    assert exist(others) == [True, True]


@pytest.mark.django_db(transaction=True)
def test_a_school_restored_after_its_deletion_says_its_stored_files_are_gone(cast, tmp_path, client):
    upload_in_hand(cast, cast.ib)
    programme_pdf_made(cast)
    backup = tmp_path / "11AA.json.gz"
    call_command("delete_school", school="11AA", output=str(backup), stdout=StringIO())
    assert default_storage.listdir("kanvas/pending")[1] == [] and default_storage.listdir("jobs")[1] == []
    call_command("restore_data", str(backup), stdout=StringIO())

    plan, errors = services.upload_check(pending=PendingUpload.objects.get(school__brin="11AA"))
    assert plan is None
    assert errors == ["Het bestand is er niet meer (na 24 uur wordt het weggegooid); lees het opnieuw in."]
    job = Job.objects.get(school__brin="11AA", created_by=cast.director)
    client.force_login(cast.director)
    url = reverse("taken:download", kwargs={"brin": "11AA", "school_job_id": job.pk})
    exports = AuditEntry.objects.filter(school__brin="11AA", action="export")
    assert client.get(url).status_code == 404 and not exports.exists()  # no download, none recorded
    default_storage.save(job.result_path, ContentFile(b"%PDF-1.7 programma"))  # the file, were it still there
    assert b"".join(client.get(url).streaming_content) == b"%PDF-1.7 programma" and exports.count() == 1

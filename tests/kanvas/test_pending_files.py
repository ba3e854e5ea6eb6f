"""A KanVAS upload between preview and confirm keeps its file and its checked Plan in the default storage, not in
the database, and both files go with the upload: confirmed, discarded, replaced by a new upload, erased for
retention or expired (`manage.py cleanup`)."""

import datetime
import gzip
import json
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from kanvas import services
from kanvas.models import PendingUpload, Response
from tests.kanvas.helpers import ANSWER_HEADER, csv_bytes, group_rows

M1 = "2021-najaar"


def store(cast, user=None, group="5a"):
    data = csv_bytes(ANSWER_HEADER, group_rows(group, M1, 5))
    pending = services.upload_store(
        school=cast.school_a,
        user=user or cast.ib,
        kind="antwoorden",
        filename="a.csv",
        data=data,
        replace=False,
    )
    return pending, data


def checked(cast, **kwargs) -> tuple[PendingUpload, list[str]]:
    """A stored and previewed upload, and the paths of its two files (which exist)."""
    pending, _data = store(cast, **kwargs)
    plan, errors = services.upload_check(pending=pending)
    assert errors is None and plan is not None
    paths = [pending.path, pending.plan_path]
    assert all(path.startswith("kanvas/pending/") and default_storage.exists(path) for path in paths)
    return pending, paths


def gone(paths) -> bool:
    return not any(default_storage.exists(path) for path in paths)


def test_the_file_and_its_plan_are_kept_in_storage_not_in_the_database(cast):
    pending, data = store(cast)
    with default_storage.open(pending.path) as stored:
        assert stored.read() == data
    assert {f.name for f in PendingUpload._meta.concrete_fields}.isdisjoint({"data", "plan"})
    plan, _errors = services.upload_check(pending=pending)
    again, _errors = services.upload_check(pending=PendingUpload.objects.get())
    assert again == plan  # read back from its stored file


def test_confirm_removes_both_files(cast, django_capture_on_commit_callbacks):
    pending, paths = checked(cast)
    with django_capture_on_commit_callbacks(execute=True):
        services.upload_confirm(pending=pending, user=cast.ib)
    assert Response.objects.count() == 5 and not PendingUpload.objects.exists()
    assert gone(paths)


def test_discard_removes_both_files(cast, django_capture_on_commit_callbacks):
    pending, paths = checked(cast)
    with django_capture_on_commit_callbacks(execute=True):
        services.upload_discard(pending=pending)
    assert not PendingUpload.objects.exists() and gone(paths)


def test_a_new_upload_replaces_the_users_file_in_hand(cast, django_capture_on_commit_callbacks):
    _pending, paths = checked(cast)
    with django_capture_on_commit_callbacks(execute=True):
        store(cast, group="6a")
    assert PendingUpload.objects.count() == 1 and gone(paths)


def test_retention_erases_the_schools_files_in_hand(cast, django_capture_on_commit_callbacks):
    _pending, paths = checked(cast)
    with django_capture_on_commit_callbacks(execute=True):
        services.pending_uploads_erase(school=cast.school_a, codes=["P5a00"])
    assert not PendingUpload.objects.exists() and gone(paths)


def test_cleanup_removes_an_expired_upload_with_its_files_and_keeps_a_fresh_one(
    cast, django_capture_on_commit_callbacks
):
    old, old_paths = checked(cast)
    fresh, fresh_paths = checked(cast, user=cast.director)
    PendingUpload.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("cleanup", stdout=StringIO())
    assert list(PendingUpload.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert gone(old_paths) and not gone(fresh_paths)


def test_a_stored_file_that_is_gone_is_reported_in_dutch(cast):
    pending, _data = store(cast)
    default_storage.delete(pending.path)
    plan, errors = services.upload_check(pending=pending)
    assert plan is None
    assert errors == ["Het bestand is er niet meer (na 24 uur wordt het weggegooid); lees het opnieuw in."]


@pytest.mark.django_db(transaction=True)
def test_a_backup_written_when_uploads_were_kept_in_the_database_restores_without_them(cast, tmp_path):
    """Format 2 backups hold a pending upload's bytes (`data`, `plan`), fields the model no longer has."""
    store(cast)
    path = str(tmp_path / "school.json.gz")
    call_command("backup_data", output=path, school=cast.school_a.brin)
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        payload = json.load(handle)
    uploads = [item for item in payload["objects"] if item["model"] == "kanvas.pendingupload"]
    assert len(uploads) == 1
    for item in uploads:
        fields = item["fields"]
        del fields["path"], fields["plan_path"]
        fields.update(data="YQ==", plan="")
    payload["version"] = 2
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        json.dump(payload, handle)
    call_command(
        "delete_school", output=str(tmp_path / "weg.json"), school=cast.school_a.brin, stdout=StringIO()
    )
    call_command("restore_data", path, stdout=StringIO())
    assert not PendingUpload.objects.exists()

"""`manage.py cleanup` removes stored files no row names (left behind when the storage failed as their row went),
once they are older than the safety margin; files rows name and other folders of the storage stay."""

import datetime
import os
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import call_command
from django.utils import timezone

from kanvas.models import PendingUpload
from kanvas.services import PENDING_FOLDER
from npo_planner.jobs.models import RESULT_FOLDER, Job
from npo_planner.lib.stored_files import ORPHAN_MARGIN, file_store


def _aged(path: str, age: datetime.timedelta) -> str:
    when = (timezone.now() - age).timestamp()
    os.utime(default_storage.path(path), (when, when))
    return path


OLD = ORPHAN_MARGIN + datetime.timedelta(hours=1)
FRESH = ORPHAN_MARGIN - datetime.timedelta(hours=1)


@pytest.fixture
def stored(cast):
    """Old and fresh files of both registered folders, named by a row or by none, and an old file elsewhere."""
    upload = PendingUpload.objects.create(
        school=cast.school_a,
        user=cast.ib,
        kind="antwoorden",
        filename="a.csv",
        size=1,
        sha256="x",
        path=_aged(file_store(PENDING_FOLDER, b"leerlingen"), OLD),
        plan_path=_aged(file_store(PENDING_FOLDER, b"plan"), OLD),
    )
    job = Job.objects.create(kind="board_pdfs", board=cast.school_a.board, status=Job.Status.DONE)
    job.result_path = _aged(default_storage.save(f"{RESULT_FOLDER}/{job.pk}/a.zip", ContentFile(b"PK")), OLD)
    job.save(update_fields=["result_path"])
    return {
        "named": [upload.path, upload.plan_path, job.result_path],
        "old_orphans": [
            _aged(file_store(PENDING_FOLDER, b"leerlingen"), OLD),
            _aged(default_storage.save(f"{RESULT_FOLDER}/weg/b.zip", ContentFile(b"PK")), OLD),
        ],
        "fresh_orphans": [
            _aged(file_store(PENDING_FOLDER, b"leerlingen"), FRESH),
            _aged(default_storage.save(f"{RESULT_FOLDER}/nieuw/c.zip", ContentFile(b"PK")), FRESH),
        ],
        "elsewhere": [_aged(default_storage.save("elders/oud.txt", ContentFile(b"x")), OLD)],
    }


def _run(*args) -> str:
    out = StringIO()
    call_command("cleanup", *args, stdout=out)
    return out.getvalue()


def test_old_orphans_go_and_named_fresh_and_unregistered_files_stay(stored):
    assert "2 achtergebleven bestanden verwijderd." in _run()
    assert not any(default_storage.exists(path) for path in stored["old_orphans"])
    for kept in ("named", "fresh_orphans", "elsewhere"):
        assert all(default_storage.exists(path) for path in stored[kept]), kept


def test_dry_run_counts_the_orphans_and_removes_nothing(stored):
    assert "2 achtergebleven bestanden zou verwijderen." in _run("--dry-run")
    assert all(default_storage.exists(path) for paths in stored.values() for path in paths)


def test_nothing_stored_yet_is_nothing_to_remove(db):
    assert "0 achtergebleven bestanden verwijderd." in _run()


def test_a_failing_storage_raises(stored, monkeypatch):
    def broken(self, name):
        raise OSError("opslag onbereikbaar")

    monkeypatch.setattr(FileSystemStorage, "delete", broken)
    with pytest.raises(OSError, match="opslag onbereikbaar"):
        _run()
    assert all(default_storage.exists(path) for path in stored["old_orphans"])

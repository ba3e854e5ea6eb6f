"""A school's audit log never goes silently: not in the admin, not by a cascade; delete_school backs it up first."""

import hashlib
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import ProtectedError
from django.test import Client

from npo_planner.scholen.models import AuditEntry, Pupil, School
from npo_planner.scholen.services import audit_record


@pytest.fixture
def admin_client(db):
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("beheer", "beheer@example.org", "x" * 12))
    return client


def test_the_admin_does_not_delete_a_school_with_an_audit_log_and_says_how(admin_client, cast):
    audit_record(user=cast.director, school=cast.school_a, action="x", summary="in A")
    url = f"/beheer/scholen/school/{cast.school_a.pk}/delete/"
    for response in (
        admin_client.get(url, follow=True),
        admin_client.post(url, {"post": "yes"}, follow=True),
    ):
        assert response.redirect_chain[-1][0] == f"/beheer/scholen/school/{cast.school_a.pk}/change/"
        text = response.content.decode()
        assert "School 11AA wordt hier niet verwijderd: haar auditlog zou dan ongemerkt meegaan." in text
        assert "manage.py delete_school --school 11AA --output school-11AA.json.gz" in text
    admin_client.post(
        "/beheer/scholen/school/",
        {"action": "delete_selected", "_selected_action": [cast.school_a.pk], "post": "yes"},
    )
    assert School.objects.filter(pk=cast.school_a.pk).exists()
    assert AuditEntry.objects.filter(school=cast.school_a, summary="in A").exists()


def test_no_code_path_deletes_the_audit_log_along_with_the_school(cast):
    audit_record(user=cast.director, school=cast.school_a, action="x", summary="in A")
    with pytest.raises(ProtectedError):
        cast.school_a.delete()
    assert AuditEntry.objects.filter(school=cast.school_a).exists()


@pytest.mark.django_db(transaction=True)
def test_delete_school_writes_the_backup_with_the_log_first_and_records_the_deletion(tmp_path, cast):
    audit_record(user=cast.director, school=cast.school_a, action="x", summary="in A")
    path = tmp_path / "school-11AA.json.gz"
    out = StringIO()
    call_command("delete_school", school="11aa", output=str(path), stdout=out)

    assert not School.objects.filter(brin="11AA").exists()
    assert not Pupil.objects.filter(code="A5001").exists()
    record = AuditEntry.objects.get(action="school.delete")
    assert record.school is None and record.summary in out.getvalue()
    assert "School School A (11AA) verwijderd" in record.summary and "school-11AA.json.gz" in record.summary
    assert record.data["sha256"] == hashlib.sha256(Path(path).read_bytes()).hexdigest()
    # The backup brings the school back with its audit log.
    call_command("restore_data", str(path), stdout=StringIO())
    assert AuditEntry.objects.filter(school__brin="11AA", summary="in A").exists()
    assert Pupil.objects.filter(school__brin="11AA", code="A5001").exists()

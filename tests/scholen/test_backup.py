from collections import Counter

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from npo_planner.scholen.backup import SKIPPED_MODELS
from npo_planner.scholen.models import AuditEntry, Membership, Pupil, School
from npo_planner.scholen.services import audit_record


def _snapshot():
    """Every record of every model, as comparable values."""
    data = {}
    for model in apps.get_models():
        if model._meta.label_lower in SKIPPED_MODELS or model._meta.proxy:
            continue
        data[model._meta.label_lower] = Counter(
            tuple(sorted((k, str(v)) for k, v in row.items())) for row in model._base_manager.values()
        )
    return data


@pytest.mark.django_db(transaction=True)
def test_whole_database_backup_restores_into_an_empty_database_with_every_record(tmp_path, cast):
    call_command("demo", stdout=None)
    audit_record(user=cast.director, school=cast.school_a, action="x", summary="iets")
    before = _snapshot()
    path = str(tmp_path / "alles.json.gz")
    call_command("backup_data", output=path)
    call_command("flush", interactive=False)
    assert not School.objects.exists()
    call_command("restore_data", path)
    assert _snapshot() == before
    # The database goes on working: new records get fresh ids.
    audit_record(user=None, school=School.objects.first(), action="y", summary="na herstel")


@pytest.mark.django_db(transaction=True)
def test_school_backup_restores_the_school_with_everything_that_belongs_to_it(tmp_path, cast):
    audit_record(user=cast.director, school=cast.school_a, action="x", summary="in A")
    pupils_a = set(Pupil.objects.filter(school=cast.school_a).values_list("code", flat=True))
    members_a = set(Membership.objects.filter(school=cast.school_a).values_list("user__username", "role"))
    path = str(tmp_path / "school.json")
    call_command("backup_data", output=path, school=cast.school_a.brin)
    cast.school_a.delete()
    assert not Pupil.objects.filter(code__in=pupils_a).exists()
    call_command("restore_data", path)
    school = School.objects.get(brin=cast.school_a.brin)
    assert set(Pupil.objects.filter(school=school).values_list("code", flat=True)) == pupils_a
    assert set(Membership.objects.filter(school=school).values_list("user__username", "role")) == members_a
    assert AuditEntry.objects.filter(school=school, summary="in A").exists()
    assert Membership.objects.get(user__username="leerkracht_a").groups.get().name == "5a"


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_to_overwrite_an_existing_school(tmp_path, cast):
    path = str(tmp_path / "school.json")
    call_command("backup_data", output=path, school=cast.school_a.brin)
    with pytest.raises(CommandError, match="bestaat al"):
        call_command("restore_data", path)
    whole = str(tmp_path / "alles.json")
    call_command("backup_data", output=whole)
    with pytest.raises(CommandError, match="lege database"):
        call_command("restore_data", whole)

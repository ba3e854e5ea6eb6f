import io
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from npo_planner.scholen.models import (
    AuditEntry,
    Board,
    Enrollment,
    Group,
    Membership,
    Pupil,
    School,
    SchoolYear,
)
from npo_planner.scholen.roles import Role


@pytest.mark.django_db
def test_create_school_is_idempotent_and_creates_the_board():
    out = io.StringIO()
    call_command("create_school", brin="12AB", name="OBS Test", board="Stichting Test", stdout=out)
    call_command("create_school", brin="12AB", name="OBS Test", board="Stichting Test", stdout=out)
    assert School.objects.filter(brin="12AB").count() == 1
    assert Board.objects.filter(name="Stichting Test").count() == 1
    assert "bestond al" in out.getvalue()


@pytest.mark.django_db
def test_create_school_refuses_a_bad_brin():
    with pytest.raises(CommandError, match="BRIN"):
        call_command("create_school", brin="1234", name="X", board="Y")


@pytest.mark.django_db
def test_add_member_creates_user_with_password_from_environment(monkeypatch):
    call_command("create_school", brin="12AB", name="OBS Test", board="Stichting Test")
    monkeypatch.setenv("NPO_PASSWORD", "een-lang-wachtwoord-42")
    call_command("add_member", school="12AB", role="ib", username="ib1", stdout=io.StringIO())
    membership = Membership.objects.get(user__username="ib1")
    assert membership.role == Role.IB and membership.school.brin == "12AB"
    assert membership.user.check_password("een-lang-wachtwoord-42")
    assert AuditEntry.objects.filter(action="membership.grant").exists()


@pytest.mark.django_db
def test_add_member_links_a_teacher_to_groups_of_the_current_year(monkeypatch, cast):
    monkeypatch.setenv("NPO_PASSWORD", "een-lang-wachtwoord-42")
    call_command("add_member", school=cast.school_a.brin, role="leerkracht", username="juf", groups="5a,6a")
    membership = Membership.objects.get(user__username="juf")
    assert sorted(membership.groups.values_list("name", flat=True)) == ["5a", "6a"]
    with pytest.raises(CommandError, match="9z"):
        call_command("add_member", school=cast.school_a.brin, role="leerkracht", username="juf", groups="9z")


@pytest.mark.django_db
def test_add_member_for_bestuur_gives_the_board(monkeypatch, cast):
    monkeypatch.setenv("NPO_PASSWORD", "een-lang-wachtwoord-42")
    call_command("add_member", school=cast.school_a.brin, role="bestuur", username="bestuurder2")
    membership = Membership.objects.get(user__username="bestuurder2")
    assert membership.board == cast.school_a.board and membership.school is None


@pytest.mark.django_db
def test_add_member_refuses_weak_password_and_unknown_school(monkeypatch):
    call_command("create_school", brin="12AB", name="OBS Test", board="Stichting Test")
    monkeypatch.setenv("NPO_PASSWORD", "kort")
    with pytest.raises(CommandError, match="Wachtwoord"):
        call_command("add_member", school="12AB", role="ib", username="x")
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("add_member", school="99ZZ", role="ib", username="x")


@pytest.mark.django_db
def test_demo_loads_board_schools_groups_pupils_and_users_and_is_idempotent():
    out = io.StringIO()
    call_command("demo", stdout=out)
    counts = (
        School.objects.count(),
        Group.objects.count(),
        Pupil.objects.count(),
        Enrollment.objects.count(),
    )
    call_command("demo", stdout=io.StringIO())
    assert counts == (
        School.objects.count(),
        Group.objects.count(),
        Pupil.objects.count(),
        Enrollment.objects.count(),
    )
    assert School.objects.count() >= 2
    assert Group.objects.filter(school__brin="12AB").count() == 8
    assert Pupil.objects.filter(school__brin="12AB").count() == 200
    assert SchoolYear.objects.filter(label__in=["2021-2022", "2024-2025"]).count() == 2
    text = out.getvalue()
    for username in ("directeur", "ib", "leerkracht", "mr", "bestuur", "directeur2"):
        assert username in text
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Role.values)


def test_production_settings_fail_loudly_without_secret_key():
    env = {"NPO_ENV": "production", "ALLOWED_HOSTS": "npo.example.nl", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_bad_boolean_in_environment_fails_loudly():
    env = {"DEBUG": "misschien", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "DEBUG" in result.stderr

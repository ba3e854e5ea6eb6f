"""The pupil-access log does not outgrow the data: one row per user, pupil and day, pruned after its retention
period (stated on the privacy page)."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from npo_planner.scholen.models import PupilAccess
from npo_planner.scholen.pupil_data import (
    PUPIL_ACCESS_RETENTION_DAYS,
    pupil_access_record,
    pupil_accesses_purge,
    pupils_seen_record,
)
from tests.migrations import historical_school, latest, migrate


def test_a_page_shown_again_the_same_day_adds_no_rows(cast, django_assert_num_queries):
    pupils = [cast.pupil_a5, cast.pupil_a6]
    pupils_seen_record(user=cast.ib, school=cast.school_a, pupils=pupils, what="KanVAS-groepspagina 5a")
    with django_assert_num_queries(1):
        pupils_seen_record(user=cast.ib, school=cast.school_a, pupils=pupils, what="KanVAS-groepspagina 5a")
    pupil_access_record(user=cast.ib, pupil=cast.pupil_a5, what="KanVAS-leerlingpagina")
    assert sorted(PupilAccess.objects.values_list("username", "pupil_code", "what")) == [
        ("ib_a", "A5001", "KanVAS-groepspagina 5a"),  # the day's first view is kept
        ("ib_a", cast.pupil_a6.code, "KanVAS-groepspagina 5a"),
    ]
    assert set(PupilAccess.objects.values_list("day", flat=True)) == {timezone.localdate()}
    pupil_access_record(user=cast.director, pupil=cast.pupil_a5, what="KanVAS-leerlingpagina")
    assert PupilAccess.objects.filter(pupil=cast.pupil_a5).count() == 2  # another user: a row of their own


def test_the_next_day_is_logged_again(cast):
    pupil_access_record(user=cast.ib, pupil=cast.pupil_a5, what="KanVAS-leerlingpagina")
    PupilAccess.objects.update(day=timezone.localdate() - datetime.timedelta(days=1))
    pupil_access_record(user=cast.ib, pupil=cast.pupil_a5, what="KanVAS-leerlingpagina")
    assert PupilAccess.objects.filter(pupil=cast.pupil_a5).count() == 2


def test_the_database_refuses_a_second_row_for_the_same_user_pupil_and_day(cast):
    pupil_access_record(user=cast.ib, pupil=cast.pupil_a5, what="a")
    with pytest.raises(IntegrityError), transaction.atomic():
        PupilAccess.objects.create(
            school=cast.school_a,
            pupil=cast.pupil_a5,
            pupil_code="A5001",
            user=cast.ib,
            username="ib_a",
            what="b",
        )


def test_exporting_a_pupil_twice_the_same_day_logs_one_row(client, cast):
    client.force_login(cast.director)
    url = reverse("scholen:pupil_export", kwargs={"brin": cast.school_a.brin, "pupil_id": cast.pupil_a5.pk})
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    assert PupilAccess.objects.filter(pupil=cast.pupil_a5, username="directeur_a").count() == 1


def test_rows_older_than_the_retention_period_are_purged(cast):
    pupil_access_record(user=cast.ib, pupil=cast.pupil_a5, what="oud")
    pupil_access_record(user=cast.ib, pupil=cast.pupil_a6, what="recent")
    now = timezone.now()
    PupilAccess.objects.filter(what="oud").update(
        at=now - datetime.timedelta(days=PUPIL_ACCESS_RETENTION_DAYS, hours=1)
    )
    PupilAccess.objects.filter(what="recent").update(
        at=now - datetime.timedelta(days=PUPIL_ACCESS_RETENTION_DAYS - 1)
    )
    assert pupil_accesses_purge(now=now, dry_run=True)[0] == 1
    assert PupilAccess.objects.count() == 2
    assert pupil_accesses_purge(now=now)[0] == 1
    assert list(PupilAccess.objects.values_list("what", flat=True)) == ["recent"]


def test_the_privacy_page_states_how_long_the_access_log_is_kept(client, cast):
    client.force_login(cast.director)
    html = client.get(reverse("scholen:privacy", kwargs={"brin": cast.school_a.brin})).content.decode()
    assert "één regel per gebruiker, leerling en dag" in html
    assert f"{PUPIL_ACCESS_RETENTION_DAYS} dagen bewaard" in html


@pytest.mark.django_db(transaction=True)
def test_the_migration_collapses_existing_rows_to_one_per_user_pupil_and_day():
    newest = latest()
    try:
        apps = migrate([("scholen", "0007_check_constraint_dutch_messages")])
        model = apps.get_model
        school, _year = historical_school(apps)
        pupil = model("scholen", "Pupil").objects.create(school=school, code="P1")
        other = model("scholen", "Pupil").objects.create(school=school, code="P2")
        ib = model("auth", "User").objects.create(username="ib")
        teacher = model("auth", "User").objects.create(username="lk")
        access = model("scholen", "PupilAccess").objects
        monday = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)

        def row(user, who, at, what):
            made = access.create(
                school=school, pupil=who, pupil_code=who.code, user=user, username="x", what=what
            )
            access.filter(pk=made.pk).update(at=at)
            return made.pk

        first = row(ib, pupil, monday, "groepspagina")
        row(ib, pupil, monday + datetime.timedelta(hours=3), "leerlingpagina")
        row(ib, pupil, monday + datetime.timedelta(hours=5), "groepspagina")
        tuesday = row(ib, pupil, monday + datetime.timedelta(days=1), "groepspagina")
        late = row(
            ib, pupil, datetime.datetime(2026, 3, 3, 23, 30, tzinfo=datetime.UTC), "x"
        )  # 00:30 Wed, Amsterdam
        row(ib, other, monday, "groepspagina")
        row(teacher, pupil, monday, "groepspagina")
        row(None, pupil, monday, "gebruiker verwijderd")
        row(None, pupil, monday, "gebruiker verwijderd")

        apps = migrate([("scholen", "0009_pupil_access_once_a_day")])
        access = apps.get_model("scholen", "PupilAccess").objects
        assert access.count() == 7
        kept = access.filter(user__username="ib", pupil__code="P1").order_by("day")
        assert [(r.pk, r.day) for r in kept] == [
            (first, datetime.date(2026, 3, 2)),
            (tuesday, datetime.date(2026, 3, 3)),
            (late, datetime.date(2026, 3, 4)),
        ]
        assert access.filter(user__isnull=True).count() == 2  # no user to count per: left as they were
    finally:
        migrate(newest)

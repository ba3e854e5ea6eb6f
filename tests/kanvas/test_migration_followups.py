"""Migrations kanvas 0005/0006: existing follow-ups keep their action, owner and note, and a finished one gets the
moment it was closed so it is found among the closed actions."""

import pytest

from tests.migrations import historical_school, latest, migrate

BEFORE = [("kanvas", "0004_moment_safety_instrument")]
AFTER = [("kanvas", "0006_followup_closed_at")]


@pytest.mark.django_db(transaction=True)
def test_existing_follow_ups_move_into_the_new_shape():
    newest = latest()
    try:
        apps = migrate(BEFORE)
        school, _year = historical_school(apps)
        pupil = apps.get_model("scholen", "Pupil").objects.create(school=school, code="A1")
        FollowUp = apps.get_model("kanvas", "FollowUp")
        done = FollowUp.objects.create(
            school=school, pupil=pupil, action="ouders", note="Klaar", status="afgerond"
        )
        still_open = FollowUp.objects.create(school=school, pupil=pupil, action="gesprek", note="Nog doen")

        apps = migrate(AFTER)
        FollowUp = apps.get_model("kanvas", "FollowUp")
        done_after = FollowUp.objects.get(pk=done.pk)
        assert done_after.closed_at == done_after.updated_at and done_after.note == "Klaar"
        open_after = FollowUp.objects.get(pk=still_open.pk)
        assert open_after.closed_at is None and open_after.due is None and open_after.note == "Nog doen"
    finally:
        migrate(newest)

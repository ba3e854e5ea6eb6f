"""Migration scholen 0004 erases the codes that earlier retention runs removed but left written (logs, notes) and
keeps counts in the retention records."""

import datetime

import pytest

from tests.migrations import historical_school, latest, migrate

BEFORE = [("scholen", "0003_privacy_records"), ("kanvas", "0003_responses")]
AFTER = [("scholen", "0004_retention_records_without_codes")]


@pytest.mark.django_db(transaction=True)
def test_codes_of_pupils_removed_earlier_are_erased_and_the_records_keep_counts():
    newest = latest()
    try:
        apps = migrate(BEFORE)
        model = apps.get_model
        school, _year = historical_school(apps)
        classmate = model("scholen", "Pupil").objects.create(school=school, code="NU1")
        cutoff = datetime.date(2024, 11, 24)
        model("scholen", "RetentionRun").objects.create(
            cutoff=cutoff, dry_run=True, removed={"77MM": ["OUD9"]}
        )
        model("scholen", "RetentionRun").objects.create(cutoff=cutoff, removed={"77MM": ["OUD9"]})
        audit = model("scholen", "AuditEntry").objects
        audit.create(
            school=school, action="pupil.retention_delete", summary="1 leerling", data={"pupils": ["OUD9"]}
        )
        audit.create(
            school=school, action="pupil.export", summary="Alle gegevens van leerling OUD9 geëxporteerd"
        )
        audit.create(school=school, action="x", summary="NU1 en OUD91 blijven")
        model("scholen", "PupilAccess").objects.create(
            school=school, pupil_code="OUD9", username="ib", what="KanVAS-leerlingpagina"
        )
        note = model("kanvas", "FollowUp").objects.create(
            school=school, pupil=classmate, action="gesprek", note="Ruzie met OUD9"
        )

        apps = migrate(AFTER)
        model = apps.get_model
        assert [r.removed for r in model("scholen", "RetentionRun").objects.order_by("pk")] == [
            {"77MM": 1},
            {"77MM": 1},
        ]
        assert sorted(model("scholen", "AuditEntry").objects.values_list("summary", "data")) == [
            ("1 leerling", {"count": 1}),
            ("Alle gegevens van leerling [verwijderde leerling] geëxporteerd", {}),
            ("NU1 en OUD91 blijven", {}),
        ]
        assert model("scholen", "PupilAccess").objects.get().pupil_code == "[verwijderde leerling]"
        assert model("kanvas", "FollowUp").objects.get(pk=note.pk).note == "Ruzie met [verwijderde leerling]"
    finally:
        migrate(newest)

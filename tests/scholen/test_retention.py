"""Retention leaves nothing of a removed pupil: not in logs, notes on classmates, imports or files in hand."""

import datetime
import json
import re

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management import call_command

from kanvas.models import FollowUp, ImportRecord, PendingUpload
from kanvas.services import followup_create, upload_store
from npo_planner.scholen.models import AuditEntry, Pupil, PupilAccess, RetentionRun
from npo_planner.scholen.pupil_data import departed_pupils_purge, pupil_access_record, pupil_export_record
from npo_planner.scholen.roster_services import roster_store
from npo_planner.scholen.services import audit_record
from tests.factories import EnrollmentFactory
from tests.kanvas.helpers import (
    ANSWER_HEADER,
    csv_bytes,
    import_answers,
    import_sociogram,
    pupil_rows,
)

CODE = "OUDQ7"
LEFT_LONG_AGO = datetime.date(2000, 7, 31)


def database_mentions(code: str) -> list[str]:
    """Every value in the whole database (every model, every field: text, JSON, bytes) with the code as a word."""
    pattern = re.compile(rf"(?<![A-Za-z0-9]){re.escape(code)}(?![A-Za-z0-9])")
    found = []
    for model in apps.get_models():
        for obj in model._base_manager.all():
            for field in model._meta.concrete_fields:
                value = field.value_from_object(obj)
                if isinstance(value, bytes | memoryview):
                    text = bytes(value).decode("latin-1")
                elif isinstance(value, dict | list):
                    text = json.dumps(value)
                else:
                    text = str(value)
                if pattern.search(text):
                    found.append(f"{model._meta.label_lower} {obj.pk} {field.name}: {text[:80]}")
    return found


def _pupil_with_a_history(cast, code=CODE):
    """A pupil of 6a with KanVAS answers and sociogram choices, exported, looked at and followed up."""
    import_answers(
        cast.school_a,
        pupil_rows(code, "6a", "2021-najaar") + pupil_rows("A6001", "6a", "2021-najaar"),
        user=cast.ib,
    )
    import_sociogram(
        cast.school_a,
        [f"{code};6a;2021-najaar;positief;A6001", f"A6001;6a;2021-najaar;negatief;{code}"],
        user=cast.ib,
    )
    pupil = Pupil.objects.get(school=cast.school_a, code=code)
    pupil_export_record(user=cast.director, pupil=pupil)
    pupil_access_record(user=cast.ib, pupil=pupil, what="KanVAS-leerlingpagina")
    followup_create(school=cast.school_a, user=cast.ib, pupil=pupil, action="gesprek", note="Gaat goed")
    return pupil


def test_retention_leaves_the_code_nowhere_in_the_database(cast, django_capture_on_commit_callbacks):
    pupil = _pupil_with_a_history(cast)
    classmate_note = followup_create(
        school=cast.school_a,
        user=cast.ib,
        pupil=cast.pupil_a6,
        action="ouders",
        note=f"Ruzie met {CODE} op het plein; ouders van {CODE}, A6001 en {CODE}1 gebeld.",
    )
    ImportRecord.objects.create(
        school=cast.school_a,
        kind="antwoorden",
        filename="oud.csv",
        size=1,
        sha256="0" * 64,
        rows=1,
        summary={"warnings": [f"leerling {CODE}: te weinig antwoorden"], "pupils": 2},
    )
    audit_record(
        user=cast.ib, school=cast.school_a, action="export", summary="x", data={"pupils": [CODE, "A6001"]}
    )
    in_hand = upload_store(  # a file in hand names the code in the default storage, not in the database
        school=cast.school_a,
        user=cast.teacher,
        kind="antwoorden",
        filename="nieuw.csv",
        data=csv_bytes(ANSWER_HEADER, pupil_rows(CODE, "6a", "2022-voorjaar")),
        replace=False,
    )
    assert default_storage.exists(in_hand.path)
    roster_store(  # a roster previewed, never confirmed
        school=cast.school_a,
        user=cast.director,
        school_year=cast.year,
        filename="groepen.csv",
        data=f"leerling;groep\n{CODE};6a\n".encode(),
    )
    Pupil.objects.filter(pk=pupil.pk).update(left_on=LEFT_LONG_AGO)
    assert len(database_mentions(CODE)) > 8  # the code is in every place this test wants cleaned

    departed_pupils_purge(dry_run=True)
    with django_capture_on_commit_callbacks(execute=True):  # the file in hand goes once the purge commits
        purge = departed_pupils_purge()

    assert purge.codes == {cast.school_a.brin: [CODE]}
    assert database_mentions(CODE) == []
    classmate_note.refresh_from_db()
    assert classmate_note.note == (
        "Ruzie met [verwijderde leerling] op het plein; ouders van [verwijderde leerling], A6001 en OUDQ71 gebeld."
    )
    assert classmate_note.version == 2  # a form opened before the clean-up cannot write the code back
    assert not PendingUpload.objects.exists() and not default_storage.exists(in_hand.path)
    assert [run.removed for run in RetentionRun.objects.order_by("at")] == [{"11AA": 1}, {"11AA": 1}]
    entry = AuditEntry.objects.get(action="pupil.retention_delete")
    assert entry.data["count"] == 1
    assert PupilAccess.objects.filter(pupil_code="[verwijderde leerling]", username="ib_a").exists()


def test_retention_erases_the_code_only_in_the_school_of_the_removed_pupil(cast):
    """Codes are unique within a school: a pupil of school B with the same code keeps everything."""
    pupil_b = EnrollmentFactory(group=cast.group_b5, pupil__code=CODE).pupil
    note_b = followup_create(
        school=cast.school_b, user=cast.director_b, pupil=pupil_b, action="gesprek", note=f"{CODE} zit goed"
    )
    pupil_access_record(user=cast.director_b, pupil=pupil_b, what="KanVAS-leerlingpagina")
    upload_store(
        school=cast.school_b,
        user=cast.director_b,
        kind="antwoorden",
        filename="b.csv",
        data=csv_bytes(ANSWER_HEADER, pupil_rows(CODE, "5a", "2022-voorjaar")),
        replace=False,
    )
    mentions_of_b = database_mentions(CODE)
    assert len(mentions_of_b) >= 4
    _pupil_with_a_history(cast)
    Pupil.objects.filter(school=cast.school_a, code=CODE).update(left_on=LEFT_LONG_AGO)

    departed_pupils_purge()

    assert not Pupil.objects.filter(school=cast.school_a, code=CODE).exists()
    assert database_mentions(CODE) == mentions_of_b
    assert FollowUp.objects.get(pk=note_b.pk).note == f"{CODE} zit goed"


def test_a_scheduled_run_names_no_pupil_in_its_output(cast, capsys):
    EnrollmentFactory(group=cast.group_a6, pupil__code="OUD3", pupil__left_on=LEFT_LONG_AGO)
    call_command("purge_departed_pupils")
    out = capsys.readouterr().out
    assert "OUD3" not in out and "11AA: 1" in out

"""The staff's CSV of a group: pupils with scores, signals and open actions; audited as an export and as a read of
the pupils in it; a teacher only for her own group."""

import datetime

import pytest
from django.urls import reverse

from kanvas.services import followup_create
from npo_planner.scholen.models import AuditEntry, PupilAccess
from tests.kanvas.helpers import group_rows, import_answers, pupil_rows

M = "2022-voorjaar"


@pytest.fixture
def data(cast):
    rows = group_rows("6a", M, 5) + pupil_rows(cast.pupil_a6.code, "6a", M, {"OS": 4, "OV": 3})
    rows += group_rows("5a", M, 5)
    import_answers(cast.school_a, rows)
    return cast


def _csv_url(cast, group):
    return reverse("kanvas:group_csv", args=[cast.school_a.brin, group.pk]) + f"?moment={M}"


def test_the_group_csv_lists_signals_and_open_actions(client, data):
    followup_create(
        school=data.school_a,
        user=data.ib,
        pupil=data.pupil_a6,
        action="ouders",
        note="",
        owner=data.ib,
        due=datetime.date(2030, 2, 1),
    )
    client.force_login(data.ib)
    response = client.get(_csv_url(data, data.pupil_a6.kanvas_participations.get().group))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "leerling;OS;OV;NI;HS;opvallend;open_acties;acties"
    a6 = next(line for line in lines if line.startswith(data.pupil_a6.code))
    assert (
        a6.split(";")[1:3] == ["4,00", "3,00"]
        and ";OS+OV;1;Ouders betrekken – open – ib_a – 2030-02-01" in a6
    )
    calm = next(line for line in lines if line.startswith("P6a00"))
    assert calm.endswith(";;0;")
    assert AuditEntry.objects.filter(action="export", summary__contains="leerlingenlijst groep 6a").exists()
    assert PupilAccess.objects.filter(pupil_code=data.pupil_a6.code, what__contains="(CSV)").exists()


def test_a_teacher_gets_the_csv_of_her_own_group_only(client, data):
    client.force_login(data.teacher)
    own = data.group_a5
    switch = reverse("scholen:school_year_switch", args=[data.school_a.brin])
    client.post(switch, {"school_year": own.school_year.label})
    assert client.get(_csv_url(data, own)).status_code == 200
    other = data.pupil_a6.kanvas_participations.get().group
    assert client.get(_csv_url(data, other)).status_code == 404

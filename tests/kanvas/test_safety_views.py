"""The safety page: from a figure to the pupils and items behind it (logged), and the Inspectie duty shown
honestly (met only with a validated instrument the school recorded)."""

import pytest
from django.urls import reverse

from kanvas.models import Moment
from npo_planner.scholen.models import AuditEntry, PupilAccess
from tests.kanvas.helpers import import_answers
from tests.kanvas.test_safety import M, school_rows


def url(name, cast, query=""):
    return reverse(f"kanvas:{name}", args=[cast.school_a.brin]) + query


@pytest.fixture
def safety_data(cast):
    import_answers(cast.school_a, school_rows())
    return cast


def test_the_ib_reaches_the_bullied_pupils_from_the_group_figure(client, safety_data):
    client.force_login(safety_data.ib)
    page = client.get(url("safety", safety_data, f"?moment={M}")).content.decode()
    five = Moment.objects.get(school=safety_data.school_a, label=M).participations.filter(group__name="5a")
    group_id = five.first().group_id
    link = url(
        "safety_pupils", safety_data, f"?moment={M}&amp;vergelijk=&amp;groep={group_id}&amp;toon=gepest"
    )
    assert link in page and ">20,0" in page
    response = client.get(link.replace("&amp;", "&"))
    rows = response.context["rows"]
    assert [r["pupil"].code for r in rows] == ["A00", "A02"]
    assert [code for code, _text, _v in rows[0]["items"]] == ["V17"] and rows[0]["items"][0][2] == 4
    html = response.content.decode()
    assert "vaak (4)" in html and "regelmatig (3)" in html
    logged = sorted(
        PupilAccess.objects.filter(what="KanVAS-veiligheid leerlingen 5a").values_list(
            "pupil_code", flat=True
        )
    )
    assert logged == ["A00", "A02"]


def test_the_lists_behind_incident_and_safe(client, safety_data):
    client.force_login(safety_data.ib)
    incident = client.get(url("safety_pupils", safety_data, f"?moment={M}&toon=incident")).context["rows"]
    assert [r["pupil"].code for r in incident] == ["A00", "A02", "A01", "C00", "C01", "C02"]
    unsafe = client.get(url("safety_pupils", safety_data, f"?moment={M}&toon=onveilig")).context["rows"]
    assert [r["pupil"].code for r in unsafe] == ["A03", "A04"]


def test_a_teacher_sees_only_her_groups_pupils(client, safety_data):
    client.force_login(safety_data.teacher)  # teaches 5a
    rows = client.get(url("safety_pupils", safety_data, f"?moment={M}&toon=incident")).context["rows"]
    assert {r["pupil"].group for r in rows} == {"5a"}
    other = safety_data.group_a6.pk
    assert client.get(url("safety_pupils", safety_data, f"?moment={M}&groep={other}")).status_code == 404
    for user in (safety_data.mr, safety_data.director_b):
        client.force_login(user)
        assert client.get(url("safety_pupils", safety_data, f"?moment={M}")).status_code in (403, 404)


def test_inspectie_duty_is_met_only_with_a_validated_instrument(client, safety_data):
    client.force_login(safety_data.ib)
    html = client.get(url("safety", safety_data)).content.decode()
    assert "Niet aangetoond" in html and "Gedaan" not in html and "instrument niet vastgelegd" in html
    response = client.post(url("safety", safety_data), {"meetmoment": M, "instrument": "eigen"})
    assert response.status_code == 302
    html = client.get(url("safety", safety_data)).content.decode()
    assert "Niet aangetoond" in html and "De eigen vragenlijst van NPO-planner (niet gevalideerd)" in html
    client.post(url("safety", safety_data), {"meetmoment": M, "instrument": "kanvas"})
    html = client.get(url("safety", safety_data)).content.decode()
    assert "Gedaan" in html and "KanVAS Sociale Veiligheidslijst (gevalideerd)" in html
    entry = AuditEntry.objects.filter(action="kanvas.safety_instrument").latest("id")
    assert entry.data == {"before": "eigen", "after": "kanvas"} and entry.school == safety_data.school_a


def test_only_management_records_the_instrument(client, safety_data):
    client.force_login(safety_data.teacher)
    response = client.post(url("safety", safety_data), {"meetmoment": M, "instrument": "kanvas"})
    assert response.status_code == 403
    assert Moment.objects.get(school=safety_data.school_a, label=M).safety_instrument == ""


def test_the_page_shows_what_veiligheid_report_prints(client, safety_data):
    from kanvas.report import SAFETY_HEADER, safety_report_rows
    from npo_planner.lib.csv_export import decimal_comma

    client.force_login(safety_data.ib)
    groups = client.get(url("safety", safety_data, f"?moment={M}")).context["data"]["groups"]
    shown = [
        [g["group"], "< 5" if g["small"] else str(g["n"]), *(decimal_comma(g[k]) for k in SAFETY_HEADER[2:])]
        for g in groups
    ]
    assert shown == safety_report_rows(school=safety_data.school_a, moment=M)
    html = client.get(url("safety", safety_data, f"?moment={M}")).content.decode()
    assert "verborgen (anders is een kleine groep terug te rekenen)" in html


def test_the_pupil_page_shows_the_incident_signal_and_logs_the_read(client, safety_data):
    from npo_planner.scholen.models import Pupil

    pupil = Pupil.objects.get(school=safety_data.school_a, code="A00")
    client.force_login(safety_data.ib)
    response = client.get(
        reverse("kanvas:pupil", args=[safety_data.school_a.brin, pupil.pk]) + f"?moment={M}"
    )
    assert response.context["profile"]["incidents"] == [
        {"code": "V17", "text": "Ik word gepest.", "answers": [None, 4]}
    ]
    assert "Incidentsignaal (sociale veiligheid)" in response.content.decode()
    assert PupilAccess.objects.filter(pupil_code="A00", what="KanVAS-leerlingpagina").exists()

"""The KanVAS pages: the IB'er's journey, the preview/confirm import, the teacher's limited view, query counts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kanvas.models import FollowUp, ImportRecord, PendingUpload, Response
from npo_planner.scholen.models import AuditEntry
from tests.kanvas.helpers import (
    ANSWER_HEADER,
    SOCIOGRAM_HEADER,
    csv_bytes,
    group_rows,
    import_answers,
    import_sociogram,
    pupil_rows,
    safety_rows,
)

M1, M2 = "2021-najaar", "2022-voorjaar"


def url(name, cast, *args, query=""):
    return reverse(f"kanvas:{name}", args=[cast.school_a.brin, *args]) + query


@pytest.fixture
def data(cast):
    """School A: group 5a (the teacher's) and 6a, both moments; in 6a concern rises and A6001 stands out."""
    rows = []
    for moment, extra in ((M1, {}), (M2, {"OS": 4, "OV": 3})):
        rows += group_rows("5a", moment, 6, signals=1, prefix="P")
        rows += group_rows("6a", moment, 6, signals=1 if moment == M1 else 3, prefix="P")
        rows += pupil_rows(cast.pupil_a6.code, "6a", moment, extra)
        rows += pupil_rows(cast.pupil_a6.code, "6a", moment, extra, questionnaire="docent", prefix="D")
        rows += pupil_rows(cast.pupil_a6.code, "6a", moment, extra, questionnaire="ouder", prefix="O")
        rows += pupil_rows(cast.pupil_a5.code, "5a", moment)
        for i in range(6):
            rows += safety_rows(f"P5a{i:02d}", "5a", moment)
    import_answers(cast.school_a, rows)
    for moment in (M1, M2):
        codes = [f"P6a{i:02d}" for i in range(6)] + [cast.pupil_a6.code]
        nominations = [f"{c};6a;{moment};positief;{codes[(i + 1) % len(codes)]}" for i, c in enumerate(codes)]
        if moment == M1:
            nominations += [f"P6a0{i};6a;{moment};positief;{cast.pupil_a6.code}" for i in range(1, 4)]
        else:
            nominations = [n for n in nominations if not n.endswith(cast.pupil_a6.code)]
        import_sociogram(cast.school_a, nominations)
    return cast


def test_ib_sees_overview_with_highlighted_change_and_chart(client, data):
    client.force_login(data.ib)
    response = client.get(url("index", data))
    assert response.status_code == 200
    html = response.content.decode()
    assert "data:image/svg+xml;base64," in html
    assert "Groep 6a" in html and "Groep 5a" in html
    rows = {r["group"]: r for r in response.context["rows"]}
    assert rows["6a"]["notable"] and rows["6a"]["change"] > 10
    assert "highlight-change" in html
    assert [code for code, _name in response.context["scales"]][:2] == ["OS", "OV"]


def test_overview_csv_equals_the_report(client, data):
    from io import StringIO

    from django.core.management import call_command

    client.force_login(data.ib)
    response = client.get(url("report_csv", data, query=f"?moment={M2}&vergelijk={M1}"))
    out = StringIO()
    call_command("kanvas_report", school=data.school_a.brin, moment=M2, compare=M1, stdout=out)
    assert response.content.decode("utf-8") == out.getvalue()


def test_group_page_lists_pupils_with_both_moments(client, data):
    client.force_login(data.ib)
    response = client.get(url("group", data, data.group_a6.pk, query=f"?moment={M2}&vergelijk={M1}"))
    assert response.status_code == 200
    rows = response.context["table"]["rows"]
    assert rows[0]["pupil"] == data.pupil_a6  # most signals first
    os_cell = next(c for c in rows[0]["cells"] if c["code"] == "OS")
    assert (os_cell["before"], os_cell["now"], os_cell["change"]) == (1.0, 4.0, 3.0)


def test_pupil_page_shows_answers_of_standing_out_scales_beside_teacher_and_parent(client, data):
    client.force_login(data.ib)
    response = client.get(url("pupil", data, data.pupil_a6.pk, query=f"?moment={M2}&vergelijk={M1}"))
    assert response.status_code == 200
    standing_out = response.context["profile"]["standing_out"]
    assert [s["code"] for s in standing_out] == ["OS", "OV"]
    first = standing_out[0]["items"][0]
    assert first["text"] == "Ik voel me vaak verdrietig."
    assert first["answers"] == [1, 4] and first["docent"] == [1, 4] and first["ouder"] == [1, 4]
    reversed_item = standing_out[0]["items"][4]
    assert reversed_item["reversed"] and reversed_item["answers"] == [4, 1]
    assert "Ik ben tevreden over mezelf." in response.content.decode()
    sociogram = response.context["sociogram"]
    assert (sociogram["before"].positive, sociogram["now"].positive) == (4, 0)
    assert sociogram["reasons"] == ["krijgt geen positieve keuzes meer (eerst 4)"]


def test_ib_marks_a_pupil_and_updates_the_follow_up(client, data):
    client.force_login(data.ib)
    page = url("pupil", data, data.pupil_a6.pk, query=f"?moment={M2}")
    response = client.post(
        page, {"action": "ouders", "note": "Gesprek met ouders over somberheid", "owner": data.ib.pk}
    )
    assert response.status_code == 302
    followup = FollowUp.objects.get()
    assert (followup.pupil, followup.action, followup.owner, followup.moment.label) == (
        data.pupil_a6,
        "ouders",
        data.ib,
        M2,
    )
    assert AuditEntry.objects.filter(action="kanvas.followup.create").exists()
    overview = client.get(url("followups", data))
    assert overview.context["groups"][0]["group"] == "6a"
    prefix = f"f{followup.pk}"
    form = {
        f"{prefix}-followup": followup.pk,
        f"{prefix}-version": 1,
        f"{prefix}-status": "bezig",
        f"{prefix}-note": "gepland",
        f"{prefix}-owner": "",
    }
    assert client.post(page, form).status_code == 302
    followup.refresh_from_db()
    assert (followup.status, followup.version, followup.owner) == ("bezig", 2, None)
    # a second edit based on the old version is refused, nothing is overwritten
    form[f"{prefix}-status"] = "afgerond"
    response = client.post(page, form, follow=True)
    followup.refresh_from_db()
    assert followup.status == "bezig"
    assert "Iemand anders heeft deze vervolgactie intussen gewijzigd" in response.content.decode()


def test_teacher_cannot_mark_pupils(client, data):
    client.force_login(data.teacher)
    response = client.post(url("pupil", data, data.pupil_a5.pk), {"action": "gesprek"})
    assert response.status_code == 403
    assert not FollowUp.objects.exists()


def test_teacher_sees_own_groups_only(client, data):
    client.force_login(data.teacher)
    response = client.get(url("index", data))
    assert [r["group"] for r in response.context["rows"]] == ["5a"]
    assert response.context["summary"] is None
    assert client.get(url("group", data, data.group_a5.pk)).status_code == 200
    assert client.get(url("group", data, data.group_a6.pk)).status_code == 404
    assert client.get(url("pupil", data, data.pupil_a5.pk)).status_code == 200
    assert client.get(url("pupil", data, data.pupil_a6.pk)).status_code == 404
    socio = client.get(url("sociogram", data, query=f"?moment={M2}&vergelijk={M1}"))
    assert socio.context["groups"] == [] and socio.context["changes"] == []
    safety = client.get(url("safety", data))
    assert [r["group"] for r in safety.context["data"]["groups"]] == ["5a"]
    assert client.get(url("import_upload", data)).status_code == 403


def test_safety_page_and_inspectie_measurement(client, data):
    # Changed with issue 14: the duty counts as met ("Gedaan") only when the school recorded a validated
    # instrument for its data; here KanVAS's own list.
    from kanvas.models import Moment

    Moment.objects.filter(school=data.school_a, label=M2).update(safety_instrument="kanvas")
    client.force_login(data.ib)
    response = client.get(url("safety", data, query=f"?moment={M2}&vergelijk={M1}"))
    assert [m.label for m in response.context["status"]["measurements"]] == [M1, M2]
    five = response.context["data"]["groups"][0]
    assert (
        five["group"] == "5a" and five["cells"]["WB"]["mean"] == 3.0 and five["cells"]["WB"]["change"] == 0.0
    )
    assert "Gedaan" in response.content.decode()


def test_safety_missing_is_shown(client, cast):
    import_answers(cast.school_a, group_rows("5a", M1, 5))
    client.force_login(cast.ib)
    response = client.get(url("safety", cast))
    assert response.context["status"]["measurements"] == [] and "Ontbreekt" in response.content.decode()


def test_sociogram_page_shows_pupil_who_fell_out_and_network(client, data):
    client.force_login(data.ib)
    response = client.get(url("sociogram", data, query=f"?moment={M2}&vergelijk={M1}"))
    codes = [c["after"].code for c in response.context["changes"]]
    assert data.pupil_a6.code in codes
    assert response.context["network"]["picture"].startswith("data:image/svg+xml;base64,")
    assert "Ontvangen keuzes in groep 6a" in response.content.decode()


def test_dashboard_shows_kanvas_step(client, data):
    client.force_login(data.ib)
    response = client.get(reverse("scholen:dashboard", args=[data.school_a.brin]))
    html = response.content.decode()
    assert "KanVAS-monitoring" in html and f"Meetmomenten ingelezen: {M1}, {M2}" in html
    # Changed with issue 14: without a validated instrument recorded the duty is not shown as done.
    assert "Sociale veiligheidslijst (Inspectie): niet aangetoond" in html
    from kanvas.models import Moment

    Moment.objects.filter(school=data.school_a, label=M1).update(safety_instrument="zien")
    html = client.get(reverse("scholen:dashboard", args=[data.school_a.brin])).content.decode()
    assert "Sociale veiligheidslijst (Inspectie): gedaan" in html


# --- import through the browser ------------------------------------------------------------------------------


def upload(client, cast, rows, *, header=ANSWER_HEADER, kind="antwoorden", replace=False, name="a.csv"):
    data = {"kind": kind, "file": SimpleUploadedFile(name, csv_bytes(header, rows), "text/csv")}
    if replace:
        data["replace"] = "on"
    return client.post(url("import_upload", cast), data)


def test_upload_preview_confirm(client, cast):
    client.force_login(cast.ib)
    response = upload(client, cast, group_rows("5a", M1, 5))
    assert response.status_code == 302 and "controleren" in response.url
    pending = PendingUpload.objects.get()
    assert pending.user == cast.ib and pending.school == cast.school_a and len(pending.sha256) == 64
    preview = client.get(response.url)
    summary = preview.context["summary"]
    assert summary["answers"] == 120 and summary["new_pupils"] == 5 and summary["groups"] == ["5a"]
    assert Response.objects.count() == 0, "the preview writes nothing"
    confirmed = client.post(url("import_preview", cast), {"upload": pending.pk, "confirm": "1"})
    assert confirmed.status_code == 302
    assert sum(len(r.answers) for r in Response.objects.all()) == 120
    record = ImportRecord.objects.get()
    assert (record.user, record.filename, record.rows, record.sha256) == (
        cast.ib,
        "a.csv",
        120,
        pending.sha256,
    )
    assert not PendingUpload.objects.exists()


def test_bad_upload_shows_every_error_and_cannot_be_confirmed(client, cast):
    client.force_login(cast.ib)
    rows = [*group_rows("5a", M1, 5), "X1;5a;2021-najaar;leerling;L99;2", "X1;5a;2021-najaar;leerling;L01;7"]
    response = upload(client, cast, rows)
    preview = client.get(response.url)
    assert preview.context["errors"] == [
        "rij 122, kolom vraag: waarde 'L99': deze vraag hoort niet bij vragenlijst leerling (L01–L24).",
        "rij 123, kolom antwoord: waarde '7': een antwoord ligt tussen 1 en 4.",
    ]
    assert "Bevestigen" not in preview.content.decode()
    pending = PendingUpload.objects.get()
    client.post(url("import_preview", cast), {"upload": pending.pk, "confirm": "1"})
    assert Response.objects.count() == 0


def test_an_xlsx_reaching_cell_xfd1048576_is_refused_in_the_preview_every_time_it_is_shown(client, cast):
    """The 1.6 KB workbook that used to kill the server: refused with a Dutch message, also when the pending
    upload's preview is opened again, and it cannot be confirmed."""
    from tests.lib.test_xlsx_bounds import FAR_CELL, workbook

    client.force_login(cast.ib)
    data = {
        "kind": "antwoorden",
        "file": SimpleUploadedFile("bom.xlsx", workbook(FAR_CELL, "A1"), "application/zip"),
    }
    response = client.post(url("import_upload", cast), data)
    for _visit in range(2):
        preview = client.get(response.url)
        assert preview.status_code == 200
        (error,) = preview.context["errors"]
        assert error.startswith("het eerste werkblad loopt tot kolom XFD en rij 1.048.576;")
        assert "Bevestigen" not in preview.content.decode()
    client.post(url("import_preview", cast), {"upload": PendingUpload.objects.get().pk, "confirm": "1"})
    assert Response.objects.count() == 0


def test_replace_only_when_asked(client, cast):
    client.force_login(cast.ib)
    import_answers(cast.school_a, group_rows("5a", M1, 5))
    response = upload(client, cast, group_rows("5a", M1, 5, signals=5))
    assert "kies 'vervangen'" in client.get(response.url).context["errors"][0]
    response = upload(client, cast, group_rows("5a", M1, 5, signals=5), replace=True)
    preview = client.get(response.url)
    assert preview.context["summary"]["replaced"] == [
        f"5a leerling-vragenlijst {M1}: 5 ingevulde vragenlijsten worden vervangen door 5"
    ]
    assert "Vervangen: 5a leerling-vragenlijst" in preview.content.decode()
    client.post(url("import_preview", cast), {"upload": PendingUpload.objects.get().pk, "confirm": "1"})
    assert ImportRecord.objects.get(replaced=True).rows == 120


def test_sociogram_upload(client, cast):
    client.force_login(cast.ib)
    response = upload(
        client,
        cast,
        ["S1;5a;2021-najaar;positief;S2", "S2;5a;2021-najaar;positief;S1"],
        header=SOCIOGRAM_HEADER,
        kind="sociogram",
    )
    assert client.get(response.url).context["summary"]["nominations"] == 2


def test_pending_upload_is_private_to_its_user(client, cast):
    client.force_login(cast.ib)
    upload(client, cast, group_rows("5a", M1, 5))
    pending = PendingUpload.objects.get()
    client.force_login(cast.director)
    response = client.get(url("import_preview", cast, query=f"?upload={pending.pk}"))
    assert response.status_code == 302
    client.post(url("import_preview", cast), {"upload": pending.pk, "confirm": "1"})
    assert Response.objects.count() == 0


def test_discard_removes_the_file(client, cast):
    client.force_login(cast.ib)
    upload(client, cast, group_rows("5a", M1, 5))
    client.post(url("import_preview", cast), {"upload": PendingUpload.objects.get().pk, "discard": "1"})
    assert not PendingUpload.objects.exists()


def test_wrong_file_type_via_browser(client, cast):
    client.force_login(cast.ib)
    response = upload(client, cast, ["x"], name="a.pdf")
    assert client.get(response.url).context["errors"] == [
        "alleen .csv- en .xlsx-bestanden kunnen worden ingelezen."
    ]


# --- fixed query counts ---------------------------------------------------------------------------------------


def make_school(cast, groups, pupils, replace=False):
    rows = []
    names = [f"{5 + g % 4}{chr(98 + g // 4)}" for g in range(groups)]
    for g, name in enumerate(names):
        for moment in (M1, M2):
            rows += group_rows(name, moment, pupils, signals=g % 3, prefix="Q")
            for i in range(pupils):
                rows += safety_rows(f"Q{name}{i:02d}", name, moment)
    for moment in (M1, M2):
        rows += pupil_rows("Q5b00", "5b", moment, {"OS": 4}, questionnaire="docent", prefix="D")
    import_answers(cast.school_a, rows, replace=replace)
    for moment in (M1, M2):
        nominations = []
        for name in names:
            codes = [f"Q{name}{i:02d}" for i in range(pupils)]
            nominations += [
                f"{c};{name};{moment};positief;{codes[(i + 1) % pupils]}" for i, c in enumerate(codes)
            ]
        import_sociogram(cast.school_a, nominations, replace=replace)
    from kanvas.models import Participation
    from kanvas.services import followup_create

    for participation in Participation.objects.filter(moment__label=M2).select_related("pupil")[: groups * 2]:
        followup_create(
            school=cast.school_a, user=cast.ib, pupil=participation.pupil, action="gesprek", note=""
        )


def page_query_counts(client, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from npo_planner.scholen.models import Group, Pupil

    group = Group.objects.get(school=cast.school_a, name="5b")
    pupil = Pupil.objects.get(school=cast.school_a, code="Q5b00")
    query = f"?moment={M2}&vergelijk={M1}"
    pages = {
        "index": url("index", cast, query=query),
        "group": url("group", cast, group.pk, query=query),
        "pupil": url("pupil", cast, pupil.pk, query=query),
        "safety": url("safety", cast, query=query),
        "safety_pupils": url("safety_pupils", cast, query=query + "&toon=incident"),
        "safety_group": url("safety_pupils", cast, query=query + f"&groep={group.pk}&toon=gepest"),
        "sociogram": url("sociogram", cast, query=query),
        "followups": url("followups", cast),
    }
    counts = {}
    for name, address in pages.items():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address).status_code == 200, name
        counts[name] = len(captured)
    return counts


def test_page_query_counts_do_not_grow_with_the_data(client, cast):
    client.force_login(cast.ib)
    make_school(cast, 2, 5)
    small = page_query_counts(client, cast)
    make_school(cast, 8, 14, replace=True)
    large = page_query_counts(client, cast)
    assert small == large
    assert max(large.values()) <= 25, large


def test_not_comparing_is_kept_in_links(client, data):
    client.force_login(data.ib)
    response = client.get(url("index", data, query=f"?moment={M2}&vergelijk="))
    assert response.context["choice"].compare is None
    assert f'?moment={M2}&amp;vergelijk="' in response.content.decode()
    default = client.get(url("index", data))
    assert (default.context["choice"].moment, default.context["choice"].compare) == (M2, M1)


# --- who saw which pupil's data -------------------------------------------------------------------------------


def accesses(what: str) -> list[tuple[str, str]]:
    from npo_planner.scholen.models import PupilAccess

    return sorted(PupilAccess.objects.filter(what=what).values_list("username", "pupil_code"))


def test_the_sociogram_page_logs_the_pupils_it_shows(client, data):
    client.force_login(data.ib)
    response = client.get(url("sociogram", data, query=f"?moment={M2}&vergelijk={M1}"))
    shown = {c.code for c in response.context["pupils"]} | {
        c["after"].code for c in response.context["changes"]
    }
    assert data.pupil_a6.code in shown
    assert accesses("KanVAS-sociogram 6a") == sorted(("ib_a", code) for code in shown)


def test_the_followup_list_logs_the_pupils_it_shows(client, data):
    from kanvas.services import followup_create

    followup_create(school=data.school_a, user=data.ib, pupil=data.pupil_a6, action="gesprek", note="")
    client.force_login(data.ib)
    client.get(url("followups", data))
    assert accesses("KanVAS-vervolgacties") == [("ib_a", data.pupil_a6.code)]


def test_the_group_page_logs_the_pupils_it_shows(client, data):
    client.force_login(data.teacher)
    response = client.get(url("group", data, data.group_a5.pk, query=f"?moment={M2}"))
    codes = sorted(r["pupil"].code for r in response.context["table"]["rows"])
    assert accesses("KanVAS-groepspagina 5a") == [("leerkracht_a", code) for code in codes]

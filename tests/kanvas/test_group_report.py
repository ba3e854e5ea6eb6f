"""Issue 17 item 4: the group report for the group meeting (A4 PDF): its contents, small cells, access, audit and a
fixed number of queries."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from kanvas import group_report
from kanvas.services import followup_create
from npo_planner.scholen.models import AuditEntry, Group, PupilAccess
from tests.kanvas.helpers import group_rows, import_answers, import_sociogram, pupil_rows, safety_rows
from tests.pdf_layout import A4, words_outside_a4

M1, M2 = "2021-najaar", "2022-voorjaar"
QUERIES_REPORT = 26  # the same at both sizes


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def data(cast):
    rows = group_rows("6a", M2, 5) + pupil_rows(cast.pupil_a6.code, "6a", M2, {"OS": 4, "OV": 3})
    rows += group_rows("5a", M2, 5)
    import_answers(cast.school_a, rows)
    return cast


def _group(cast, name):
    return (
        Group.objects.filter(school=cast.school_a, name=name, kanvas_participations__moment__label=M2)
        .distinct()
        .get()
    )


def _url(cast, group, **query):
    query = {"moment": M2, **query}
    return (
        reverse("kanvas:group_report", args=[cast.school_a.brin, group.pk])
        + "?"
        + "&".join(f"{k}={v}" for k, v in query.items())
    )


def test_the_report_is_an_a4_pdf_with_signals_actions_and_is_audited(client, data, tmp_path):
    group = data.pupil_a6.kanvas_participations.get().group
    followup_create(
        school=data.school_a,
        user=data.ib,
        pupil=data.pupil_a6,
        action="gesprek",
        note="",
        owner=data.teacher,
        due=datetime.date(2020, 2, 1),
    )
    client.force_login(data.ib)
    response = client.get(_url(data, group))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f"groepsbespreking-11AA-groep-{group.name}-{M2}.pdf" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    (tmp_path / "report.pdf").write_bytes(response.content)
    sizes, outside = words_outside_a4(tmp_path / "report.pdf")
    assert sizes and all(size == pytest.approx(A4, abs=0.5) for size in sizes) and outside == []
    text = pdf_text(response.content)
    assert f"Groepsbespreking groep {group.name}" in text
    assert data.pupil_a6.code in text and "OS, OV" in text
    assert "Gesprek met leerling" in text and "te laat: 1-2-2020" in text
    assert "Klassenzorgscore en schalen over alle metingen" in text
    assert "Bij dit meetmoment is voor deze groep geen sociogram ingelezen." in text
    assert AuditEntry.objects.filter(
        action="export", summary__contains=f"groepsverslag groep {group.name}"
    ).exists()
    assert PupilAccess.objects.filter(pupil_code=data.pupil_a6.code, what__contains="(PDF)").exists()
    assert reader.trailer["/Root"]["/Lang"] == "nl"


def test_a_teacher_gets_the_report_of_her_own_group_only(client, data):
    client.force_login(data.teacher)
    switch = reverse("scholen:school_year_switch", args=[data.school_a.brin])
    client.post(switch, {"school_year": data.group_a5.school_year.label})
    assert client.get(_url(data, data.group_a5)).status_code == 200
    other = data.pupil_a6.kanvas_participations.get().group
    assert client.get(_url(data, other)).status_code == 404
    assert not AuditEntry.objects.filter(action="export", summary__contains=f"groep {other.name}").exists()


def test_small_safety_groups_show_no_figures_and_the_sociogram_is_drawn(cast):
    codes = [f"Z{n}" for n in range(1, 4)]
    rows = []
    for code in codes:
        rows += pupil_rows(code, "6a", M2, {"OS": 4}) + safety_rows(code, "6a", M2, inc=4)
    import_answers(cast.school_a, rows)
    import_sociogram(
        cast.school_a, [f"{c};6a;{M2};positief;{codes[(i + 1) % 3]}" for i, c in enumerate(codes)]
    )
    group = _group(cast, "6a")
    context = group_report.build(school=cast.school_a, group=group, moment=M2, compare=None)
    assert context["table"]["concern"]["suppressed"] is True
    assert context["network"] is not None and len(context["network"]["pupils"]) == 3
    text = pdf_text(group_report.render_pdf(context))
    assert "< 5 leerlingen" in text
    assert "Minder dan 5 leerlingen vulden de veiligheidslijst in: geen cijfers." in text
    assert "100,0" not in text  # every pupil reported an incident: no share shown
    assert "0 leerlingen geïsoleerd" in text


@pytest.mark.parametrize("size", [5, 20])
def test_the_report_costs_a_fixed_number_of_queries(client, cast, size, django_assert_num_queries):
    rows = group_rows("6a", M1, size) + group_rows("6a", M2, size)
    import_answers(cast.school_a, rows)
    group = _group(cast, "6a")
    import_sociogram(
        cast.school_a, [f"P6a{i:02d};6a;{M2};positief;P6a{(i + 1) % size:02d}" for i in range(size)]
    )
    client.force_login(cast.ib)
    client.get(_url(cast, group, vergelijk=M1))  # warm the per-process caches (instruments, chart cache)
    with django_assert_num_queries(QUERIES_REPORT):
        response = client.get(_url(cast, group, vergelijk=M1))
    assert response.status_code == 200

"""Trends over every measurement: a pupil's and a group's scales and klassenzorgscore at each moment, following the
pupils across school years (6a this year is last year's 5a)."""

import pytest
from django.urls import reverse

from kanvas.models import Participation
from npo_planner.scholen.models import PupilAccess
from tests.kanvas.helpers import group_rows, import_answers, pupil_rows

AUTUMN_1, SPRING, AUTUMN = "2021-najaar", "2022-voorjaar", "2022-najaar"


def url(name, cast, *args):
    return reverse(f"kanvas:{name}", args=[cast.school_a.brin, *args])


@pytest.fixture
def three_moments(cast):
    """10 pupils measured in 5a (autumn 2021, spring 2022) and in 6a (autumn 2022): 1, 2, then 3 with a signal."""
    rows = group_rows("5a", AUTUMN_1, 10, signals=1) + group_rows("5a", SPRING, 10, signals=2)
    for i in range(10):
        rows += pupil_rows(f"P5a{i:02d}", "6a", AUTUMN, {"OS": 3} if i < 3 else {})
    rows += group_rows("6a", SPRING, 6, signals=6, prefix="Q")  # last year's 6a: not these pupils
    import_answers(cast.school_a, rows)
    return cast


def _group(cast, name, moment):
    return (
        Participation.objects.select_related("group").filter(group__name=name, moment__label=moment)[0].group
    )


def test_a_group_trend_follows_its_pupils_back_across_school_years(client, three_moments):
    client.force_login(three_moments.ib)
    six = _group(three_moments, "6a", AUTUMN)
    response = client.get(url("group_trend", three_moments, six.pk))
    rows = response.context["trend"]["rows"]
    assert [(r["moment"], r["groups"], r["n"], r["score"]) for r in rows] == [
        (AUTUMN_1, ["5a"], 10, 10.0),
        (SPRING, ["5a"], 10, 20.0),
        (AUTUMN, ["6a"], 10, 30.0),
    ], "every moment, the same pupils, never last year's 6a"
    assert response.context["chart"].startswith("data:image/svg+xml;base64,")
    assert "Verloop van groep 6a" in response.content.decode()


def test_a_pupil_trend_shows_every_measurement(client, three_moments):
    client.force_login(three_moments.ib)
    pupil = three_moments.school_a.pupils.get(code="P5a00")
    response = client.get(url("pupil_trend", three_moments, pupil.pk))
    leerling = next(q for q in response.context["questionnaires"] if q["code"] == "leerling")
    assert [(r["moment"], r["group"]) for r in leerling["rows"]] == [
        (AUTUMN_1, "5a"),
        (SPRING, "5a"),
        (AUTUMN, "6a"),
    ]
    os_column = leerling["scales"].index("OS")
    assert [r["cells"][os_column] for r in leerling["rows"]] == [(3.0, True)] * 3
    assert response.context["chart"].startswith("data:image/svg+xml;base64,")
    assert PupilAccess.objects.filter(pupil_code="P5a00", what="KanVAS-verloop van de leerling").exists()


def test_a_small_group_trend_is_hidden(client, cast):
    import_answers(cast.school_a, group_rows("4a", SPRING, 3, signals=1))
    client.force_login(cast.ib)
    response = client.get(url("group_trend", cast, _group(cast, "4a", SPRING).pk))
    (row,) = response.context["trend"]["rows"]
    assert row["suppressed"] and row["score"] is None and response.context["chart"] is None


def test_the_trend_pages_cost_a_fixed_number_of_queries(client, three_moments, django_assert_max_num_queries):
    client.force_login(three_moments.ib)
    six = _group(three_moments, "6a", AUTUMN)
    pupil = three_moments.school_a.pupils.get(code="P5a00")
    with django_assert_max_num_queries(20):
        client.get(url("group_trend", three_moments, six.pk))
    with django_assert_max_num_queries(20):
        client.get(url("pupil_trend", three_moments, pupil.pk))


def test_another_schools_pupil_trend_is_not_found(client, three_moments):
    client.force_login(three_moments.ib)
    assert client.get(url("pupil_trend", three_moments, three_moments.pupil_b5.pk)).status_code == 404


def test_a_teacher_sees_the_trend_of_her_school_year_only(client, three_moments):
    client.force_login(three_moments.teacher)
    switch = reverse("scholen:school_year_switch", args=[three_moments.school_a.brin])
    client.post(switch, {"school_year": "2021-2022"})  # her 5a is last school year's
    five = _group(three_moments, "5a", SPRING)
    assert five == three_moments.group_a5
    rows = client.get(url("group_trend", three_moments, five.pk)).context["trend"]["rows"]
    assert [r["moment"] for r in rows] == [AUTUMN_1, SPRING]
    pupil = three_moments.school_a.pupils.get(code="P5a00")
    questionnaires = client.get(url("pupil_trend", three_moments, pupil.pk)).context["questionnaires"]
    assert [r["moment"] for r in questionnaires[0]["rows"]] == [AUTUMN_1, SPRING]

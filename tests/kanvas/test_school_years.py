"""Pages across school years: a group page agrees with itself (its figures and its pupil table are of the same
group and moment), and a leerkracht sees pupil-level data of the groups she teaches in the school year being
viewed, measured in that year — last year's teacher does not keep seeing her former pupils' new data."""

import pytest
from django.urls import reverse

from kanvas.models import Moment
from kanvas.services import followup_create
from npo_planner.scholen.models import Group
from npo_planner.scholen.roles import Role
from npo_planner.scholen.selectors import SESSION_YEAR_KEY
from tests.factories import GroupFactory, MembershipFactory, SchoolYearFactory, UserFactory
from tests.kanvas.helpers import group_rows, import_answers, import_sociogram, pupil_rows

M1, M2, M3 = "2021-najaar", "2022-voorjaar", "2022-najaar"


def url(name, cast, *args, query=""):
    return reverse(f"kanvas:{name}", args=[cast.school_a.brin, *args]) + query


def view_year(client, cast, label):
    session = client.session
    session[SESSION_YEAR_KEY] = {cast.school_a.brin: label}
    session.save()


# --- 13.8: a group page agrees with itself --------------------------------------------------------------------


def test_a_group_without_measurements_this_year_shows_no_figures_of_last_years_group_of_that_name(
    client, cast
):
    import_answers(cast.school_a, group_rows("5a", M2, 6, signals=1))  # last year's 5a (2021-2022)
    this_year = SchoolYearFactory(label="2022-2023")
    new_5a = GroupFactory(school=cast.school_a, school_year=this_year, name="5a")
    client.force_login(cast.ib)
    response = client.get(url("group", cast, new_5a.pk))
    assert response.status_code == 200
    assert response.context["concern"] is None
    html = response.content.decode()
    assert "Klassenzorgscore" not in html
    assert "geen leerlingvragenlijsten ingelezen" in html


def test_a_moment_of_another_school_year_is_not_shown_on_a_group_page(client, cast):
    import_answers(cast.school_a, group_rows("5a", M1, 6, signals=1))
    SchoolYearFactory(label="2022-2023")
    import_answers(cast.school_a, group_rows("5a", M3, 7, signals=7, prefix="N"))  # this year's 5a
    client.force_login(cast.ib)
    response = client.get(url("group", cast, cast.group_a5.pk, query=f"?moment={M3}"))
    choice = response.context["choice"]
    assert choice.moment == M1 and M3 not in choice.labels
    concern, table = response.context["concern"], response.context["table"]
    assert concern["n"] == len(table["rows"]) == 6
    assert round(concern["score"], 1) == 16.7


def test_the_figures_count_the_pupils_of_the_table_who_filled_in_the_leerling_questionnaire(client, cast):
    rows = group_rows("5a", M1, 5, signals=1)
    rows += pupil_rows(
        "DOC1", "5a", M1, questionnaire="docent", prefix="D"
    )  # only the teacher's questionnaire
    import_answers(cast.school_a, rows)
    client.force_login(cast.ib)
    response = client.get(url("group", cast, cast.group_a5.pk, query=f"?moment={M1}"))
    concern, table = response.context["concern"], response.context["table"]
    measured = [r["pupil"].code for r in table["rows"] if any(c["now"] is not None for c in r["cells"])]
    assert concern["n"] == len(measured) == 5 and "DOC1" not in measured
    assert concern["score"] == 20.0


# --- 13.9: access ends when the teaching ends ---------------------------------------------------------------


@pytest.fixture
def two_years(cast):
    """Last year (2021-2022) the teacher taught 5a; this year (2022-2023) the same pupils are in 6a, taught by
    another teacher, and were measured again in 2022-najaar: A5001 stands out now and has a follow-up."""
    codes = [cast.pupil_a5.code] + [f"P5a{i:02d}" for i in range(5)]
    rows = []
    for moment, group in ((M1, "5a"), (M2, "5a")):
        rows += group_rows("5a", moment, 5, prefix="P") + pupil_rows(cast.pupil_a5.code, group, moment)
    import_answers(cast.school_a, rows)
    import_sociogram(
        cast.school_a, [f"{c};5a;{M2};positief;{codes[(i + 1) % 6]}" for i, c in enumerate(codes)]
    )
    this_year = SchoolYearFactory(label="2022-2023")
    rows = [line.replace(";5a;", ";6a;") for line in group_rows("5a", M3, 5, prefix="P")]
    rows += pupil_rows(cast.pupil_a5.code, "6a", M3, {"OS": 4})
    import_answers(cast.school_a, rows)
    import_sociogram(
        cast.school_a, [f"{c};6a;{M3};negatief;{codes[(i + 1) % 6]}" for i, c in enumerate(codes)]
    )
    new_6a = Group.objects.get(school=cast.school_a, school_year=this_year, name="6a")
    new_teacher = MembershipFactory(
        user=UserFactory(username="leerkracht_6a"), school=cast.school_a, role=Role.LEERKRACHT
    )
    new_teacher.groups.add(new_6a)
    followup_create(
        school=cast.school_a,
        user=cast.ib,
        pupil=cast.pupil_a5,
        action="gesprek",
        note="Somber sinds de zomer",
        moment=Moment.objects.get(label=M3),
    )
    cast.new_6a = new_6a
    cast.new_teacher = new_teacher.user
    return cast


def test_last_years_teacher_does_not_see_her_former_pupils_this_year(client, two_years):
    cast = two_years
    client.force_login(cast.teacher)  # still has last year's 5a among her groups
    assert client.get(url("pupil", cast, cast.pupil_a5.pk)).status_code == 404
    assert client.get(url("group", cast, cast.group_a5.pk)).status_code == 404
    assert client.get(url("group", cast, cast.new_6a.pk)).status_code == 404
    assert client.get(url("index", cast)).context["rows"] == []
    socio = client.get(url("sociogram", cast, query=f"?moment={M3}&vergelijk={M2}"))
    assert socio.context["groups"] == [] and socio.context["changes"] == []
    assert client.get(url("followups", cast)).context["groups"] == []


def test_looking_back_at_last_year_shows_last_years_measurements_only(client, two_years):
    cast = two_years
    client.force_login(cast.teacher)
    view_year(client, cast, "2021-2022")
    response = client.get(url("pupil", cast, cast.pupil_a5.pk, query=f"?moment={M3}&vergelijk={M2}"))
    assert response.status_code == 200
    choice = response.context["choice"]
    assert M3 not in choice.labels and choice.moment == M2
    assert response.context["followups"] == [], "this year's follow-up is not last year's teacher's"
    assert "Somber sinds de zomer" not in response.content.decode()
    group = client.get(url("group", cast, cast.group_a5.pk, query=f"?moment={M3}"))
    assert group.status_code == 200 and group.context["choice"].moment == M2
    assert client.get(url("followups", cast)).context["groups"] == []
    index = client.get(url("index", cast, query=f"?moment={M3}"))
    assert index.context["choice"].moment == M2
    assert [r["group"] for r in index.context["rows"]] == ["5a"]


def test_this_years_teacher_sees_this_years_measurements_of_her_pupils(client, two_years):
    cast = two_years
    client.force_login(cast.new_teacher)
    response = client.get(url("pupil", cast, cast.pupil_a5.pk, query=f"?moment={M3}&vergelijk={M2}"))
    assert response.status_code == 200
    choice = response.context["choice"]
    assert (choice.labels, choice.moment, choice.compare) == ([M3], M3, None)
    assert [f.note for f, _form in response.context["followups"]] == ["Somber sinds de zomer"]
    group = client.get(url("group", cast, cast.new_6a.pk))
    assert [r["pupil"].code for r in group.context["table"]["rows"]][0] == cast.pupil_a5.code
    socio = client.get(url("sociogram", cast, query=f"?moment={M3}&vergelijk={M2}"))
    assert socio.context["choice"].compare is None
    assert [g[0] for g in socio.context["groups"]] == ["6a"]
    followups = client.get(url("followups", cast)).context["groups"]
    assert [f.pupil.code for g in followups for f in g["followups"]] == [cast.pupil_a5.code]


def test_the_ib_still_compares_across_school_years(client, two_years):
    cast = two_years
    client.force_login(cast.ib)
    response = client.get(url("pupil", cast, cast.pupil_a5.pk, query=f"?moment={M3}&vergelijk={M2}"))
    assert (response.context["choice"].moment, response.context["choice"].compare) == (M3, M2)
    group = client.get(url("group", cast, cast.new_6a.pk, query=f"?moment={M3}&vergelijk={M2}"))
    os_cell = next(c for c in group.context["table"]["rows"][0]["cells"] if c["code"] == "OS")
    assert (os_cell["before"], os_cell["now"]) == (1.0, 4.0), "the group's pupils as measured last year"

"""Comparisons follow the pupils (CONTRACT §6 kanvas_report): 6a this year is compared with the same children
as measured before — last year's 5a — never with last year's 6a."""

from io import StringIO

import pytest
from django.core.management import call_command

from kanvas.selectors import klassenzorgscore_per_group
from tests.kanvas.helpers import group_rows, import_answers, pupil_rows

SPRING, AUTUMN = "2022-voorjaar", "2022-najaar"  # school years 2021-2022 and 2022-2023


def moved_up(group_from, group_to, n, *, signals_before, signals_after, prefix="P"):
    """n pupils measured in `group_from` in the spring and in `group_to` in the autumn (same pupil codes)."""
    rows = group_rows(group_from, SPRING, n, signals=signals_before, prefix=prefix)
    for i in range(n):
        code = f"{prefix}{group_from}{i:02d}"
        rows += pupil_rows(code, group_to, AUTUMN, {"OS": 3} if i < signals_after else {})
    return rows


@pytest.fixture
def two_years(cast):
    rows = moved_up("5a", "6a", 10, signals_before=1, signals_after=3)  # 10 % → 30 %
    rows += moved_up("6a", "7a", 8, signals_before=4, signals_after=4, prefix="Q")  # last year's 6a: 50 %
    # 8b: five pupils from 7a and five from 7b last year; 5a: new pupils without earlier data
    rows += moved_up("7a", "8b", 5, signals_before=0, signals_after=3, prefix="R")
    rows += moved_up("7b", "8b", 5, signals_before=5, signals_after=3, prefix="S")
    rows += group_rows("5a", AUTUMN, 6, signals=0, prefix="N")
    # 4 pupils of 7c followed into 8c: a previous figure over fewer than 5 pupils
    rows += moved_up("7c", "8c", 4, signals_before=1, signals_after=1, prefix="T")
    rows += group_rows("8c", AUTUMN, 3, signals=0, prefix="U")
    import_answers(cast.school_a, rows)
    return cast


def test_6a_is_compared_with_last_years_5a(two_years):
    rows = {
        r["group"]: r
        for r in klassenzorgscore_per_group(school=two_years.school_a, moment=AUTUMN, compare=SPRING)
    }
    six = rows["6a"]
    assert (six["n"], six["score"]) == (10, 30.0)
    assert (six["previous_n"], six["previous"], six["previous_groups"]) == (10, 10.0, ["5a"])
    assert six["change"] == pytest.approx(20.0) and six["notable"]
    assert six["scale_changes"]["OS"] == pytest.approx(20.0)
    seven = rows["7a"]
    assert (seven["previous_n"], seven["previous_groups"]) == (8, ["6a"])
    # 8c's four followed pupils are hidden, and 7a's eight (the smallest other) with them: the whole school's
    # previous figure, shown beside the groups, would otherwise give the four away (npo_planner.lib.privacy).
    assert (seven["previous"], seven["previous_suppressed"], seven["previous_label"]) == (
        None,
        True,
        "afgeschermd",
    )


def test_a_group_from_two_groups_names_both(two_years):
    rows = {
        r["group"]: r
        for r in klassenzorgscore_per_group(school=two_years.school_a, moment=AUTUMN, compare=SPRING)
    }
    eight = rows["8b"]
    assert (eight["previous_n"], eight["previous"], eight["previous_groups"]) == (10, 50.0, ["7a", "7b"])


def test_new_pupils_get_empty_previous_figures(two_years):
    rows = {
        r["group"]: r
        for r in klassenzorgscore_per_group(school=two_years.school_a, moment=AUTUMN, compare=SPRING)
    }
    five = rows["5a"]
    assert (five["previous_n"], five["previous"], five["change"], five["previous_groups"]) == (
        None,
        None,
        None,
        [],
    )


def test_a_previous_figure_over_fewer_than_five_pupils_is_suppressed(two_years):
    rows = {
        r["group"]: r
        for r in klassenzorgscore_per_group(school=two_years.school_a, moment=AUTUMN, compare=SPRING)
    }
    eight = rows["8c"]
    assert eight["n"] == 7 and not eight["suppressed"]
    assert (eight["previous_n"], eight["previous_suppressed"], eight["previous"]) == (4, True, None)
    assert eight["change"] is None


def test_report_follows_the_pupils_and_names_their_groups(two_years):
    out = StringIO()
    call_command("kanvas_report", school="11AA", moment=AUTUMN, compare=SPRING, stdout=out)
    lines = out.getvalue().lstrip("\ufeff").splitlines()
    assert (
        lines[0] == "groep;n;klassenzorgscore;NI;OS;OV;HS;n_vorig;klassenzorgscore_vorig;verschil;groep_vorig"
    )
    by_group = {line.split(";")[0]: line for line in lines[1:]}
    assert by_group["6a"] == "6a;10;30,00;0,00;30,00;0,00;0,00;10;10,00;20,00;5a"
    assert by_group["8b"] == "8b;10;60,00;0,00;60,00;0,00;0,00;10;50,00;10,00;7a+7b"
    assert by_group["5a"] == "5a;6;0,00;0,00;0,00;0,00;0,00;;;;"
    assert by_group["8c"] == "8c;7;14,29;0,00;14,29;0,00;0,00;< 5;;;7c"


def test_overview_and_group_page_compare_the_same_children(client, two_years):
    from django.urls import reverse

    from kanvas.models import Moment
    from npo_planner.scholen.models import Group

    client.force_login(two_years.ib)
    brin = two_years.school_a.brin
    year = Moment.objects.get(school=two_years.school_a, label=AUTUMN).school_year
    response = client.get(reverse("kanvas:index", args=[brin]) + f"?moment={AUTUMN}&vergelijk={SPRING}")
    html = response.content.decode()
    assert "7a+7b" in html
    six = Group.objects.get(school=two_years.school_a, school_year=year, name="6a")
    response = client.get(
        reverse("kanvas:group", args=[brin, six.pk]) + f"?moment={AUTUMN}&vergelijk={SPRING}"
    )
    concern = response.context["concern"]
    assert (concern["previous_n"], concern["previous"], concern["previous_groups"]) == (10, 10.0, ["5a"])
    assert "5a" in response.content.decode()

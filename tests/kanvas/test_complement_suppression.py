"""KanVAS aggregates keep a small group hidden also from subtraction: the board sees the school's klassenzorgscore
and every other group, so a second group is hidden with the small one (demo 34CD: 7a with 3 pupils)."""

import pytest

from kanvas.report import report_rows
from kanvas.selectors import klassenzorgscore_per_group, safety_per_group, school_summary
from npo_planner.lib.privacy import COMPLEMENT_LABEL, SUPPRESSED_LABEL
from tests.kanvas.helpers import group_rows, import_answers, safety_rows
from tests.lib.test_small_cells import attack

M1, M2 = "2021-najaar", "2022-voorjaar"
SIZES = {"5b": 10, "6b": 8, "7b": 3, "8b": 12}


@pytest.fixture
def school(cast):
    rows = []
    for moment in (M1, M2):
        for name, n in SIZES.items():
            rows += group_rows(name, moment, n, signals=1)
            rows += [r for i in range(n) for r in safety_rows(f"P{name}{i:02d}", name, moment, wb=2 + i % 2)]
    import_answers(cast.school_a, rows)
    return cast.school_a


def derived_by_subtraction(total_n, total_value, rows, key):
    """What the board computes for the hidden rows together: school total minus every shown group."""
    shown = [r for r in rows if not r["suppressed"]]
    n = total_n - sum(r["n"] for r in shown)
    value = total_n * total_value - sum(r["n"] * r[key] for r in shown)
    return n, value


def test_the_small_group_does_not_follow_from_the_school_klassenzorgscore(school):
    rows = klassenzorgscore_per_group(school=school, moment=M2, compare=M1)
    summary = school_summary(school=school, moment=M2)
    assert summary["klassenzorgscore"] is not None  # the school total is still shown
    hidden = [r["group"] for r in rows if r["suppressed"]]
    assert hidden == ["6b", "7b"]
    n, _with_signal = derived_by_subtraction(summary["n"], summary["klassenzorgscore"], rows, "score")
    assert n == 11  # 6b and 7b together: no group of fewer than 5
    atoms = {r["group"]: r["n"] for r in rows}
    cells = {r["group"]: [r["group"]] for r in rows if not r["suppressed"]} | {"school": list(atoms)}
    assert attack(atoms, cells) == []
    by_name = {r["group"]: r for r in rows}
    assert by_name["7b"]["hidden_label"] == SUPPRESSED_LABEL
    assert by_name["6b"]["hidden_label"] == str(COMPLEMENT_LABEL) and by_name["6b"]["complement"]
    assert by_name["6b"]["score"] is None and by_name["6b"]["previous"] is None
    assert by_name["6b"]["scales"]["OS"] is None and by_name["6b"]["previous_suppressed"]


def test_the_report_shows_the_complement_hidden(school):
    rows = {r[0]: r for r in report_rows(school=school, moment=M2, compare=M1)}
    assert rows["7b"][1:3] == ["< 5", ""]
    assert rows["6b"][1:3] == ["afgeschermd", ""]
    assert rows["5b"][1] == "10"


def test_the_safety_table_hides_the_complement_too(school):
    data = safety_per_group(school=school, moment=M2, compare=M1)
    rows = {r["group"]: r for r in data["groups"]}
    assert (
        rows["7b"]["suppressed"] and rows["6b"]["suppressed"] and not rows["6b"]["small"]
    )  # hidden as complement
    assert not rows["5b"]["suppressed"] and not data["school"]["suppressed"]
    assert rows["6b"]["cells"]["WB"]["mean"] is None and rows["6b"]["cells"]["WB"]["change"] is None
    shown = [r for r in data["groups"] if not r["suppressed"]]
    rest_n = data["school"]["n"] - sum(r["n"] for r in shown)
    assert rest_n >= 5


def test_the_demo_with_a_small_7a_at_34cd_renders_for_the_board(client, db):
    """The demo, plus a KanVAS moment at 34CD where 7a has 3 pupils (one notable): the board's scan print page and
    programme preview of 34CD show 7a as '< 5' and hide the next smallest group too; 12AB still renders."""
    import io

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from npo_planner.programma.models import Programme
    from npo_planner.scholen.models import School

    call_command("demo", stdout=io.StringIO())
    school = School.objects.get(brin="34CD")
    rows = []
    for name, n in {"5a": 22, "6a": 9, "7a": 3, "8a": 20}.items():
        rows += group_rows(name, M2, n, signals=1, prefix="WX")
    import_answers(school, rows)
    groups = {r["group"]: r for r in klassenzorgscore_per_group(school=school, moment=M2)}
    assert groups["7a"]["hidden_label"] == SUPPRESSED_LABEL and groups["6a"]["complement"]
    assert not groups["5a"]["suppressed"] and not groups["8a"]["suppressed"]
    assert (
        attack(
            {k: r["n"] for k, r in groups.items()},
            {"school": list(groups)} | {k: [k] for k, r in groups.items() if not r["suppressed"]},
        )
        == []
    )
    client.force_login(get_user_model().objects.get(username="bestuur"))
    html = client.get("/34CD/schoolscan/afdrukken/").content.decode()
    assert "afgeschermd" in html and "&lt; 5" in html
    programme = Programme.objects.get(school=school)
    html = client.get(f"/34CD/programma/{programme.pk}/voorbeeld/").content.decode()
    assert "afgeschermd: niet getoond" in html and "&lt; 5 leerlingen: niet getoond" in html
    assert "33,3" not in html and "11,1" not in html  # 7a: 1 of 3; 6a: 1 of 9
    for url in (
        "/12AB/schoolscan/afdrukken/",
        f"/12AB/programma/{Programme.objects.get(school__brin='12AB').pk}/voorbeeld/",
    ):
        assert client.get(url).status_code == 200

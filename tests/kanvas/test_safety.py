"""Social safety as the Inspectie reads it (CONTRACT §2 incident signals, §6 veiligheid_report): shares of pupils
who feel safe, are bullied and report an incident, per group and for the school, small cells suppressed also
against subtraction, comparisons following the pupils."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kanvas.selectors import safety_per_group
from tests.kanvas.helpers import import_answers, safety_rows, stored_scores

M = "2022-voorjaar"
AUTUMN = "2022-najaar"


def school_rows(moment=M):
    rows = []
    # 5a: ten pupils. P0 "ik word vaak gepest" (V17 = 4), P1 another incident (V19 = 3), P2 online bullied
    # (V22 = 3); P3 and P4 do not feel safe (veiligheidsbeleving 2).
    special = {0: {"answers": {"V17": 4}}, 1: {"answers": {"V19": 3}}, 2: {"answers": {"V22": 3}}}
    special |= {3: {"vb": 2}, 4: {"vb": 2}}
    for i in range(10):
        rows += safety_rows(f"A{i:02d}", "5a", moment, **special.get(i, {}))
    for i in range(7):
        rows += safety_rows(f"B{i:02d}", "6a", moment)
    for i in range(3):
        rows += safety_rows(f"C{i:02d}", "7a", moment, answers={"V17": 4})
    return rows


@pytest.fixture
def safety_data(cast):
    import_answers(cast.school_a, school_rows())
    return cast


def test_a_single_bullying_answer_counts_whatever_the_scale_mean(safety_data):
    a00 = [s for s in stored_scores() if s["code"] == "A00" and s["scale"] == "IN"][0]
    assert a00["score"] == pytest.approx(1.5) and not a00["signal"]  # the scale mean hides it ...
    five = safety_per_group(school=safety_data.school_a, moment=M)["groups"][0]
    assert five["group"] == "5a" and five["n"] == 10
    assert five["pct_gepest"] == 20.0  # ... the item does not: A00 and A02 (online)
    assert five["pct_incident"] == 30.0
    assert five["pct_veilig"] == 80.0
    assert five["welbevinden"] == 3.0 and five["veiligheidsbeleving"] == pytest.approx(2.8)


def test_small_group_and_the_next_smallest_are_hidden_beside_the_school_total(safety_data):
    data = safety_per_group(school=safety_data.school_a, moment=M)
    groups = {g["group"]: g for g in data["groups"]}
    assert groups["7a"]["suppressed"] and groups["7a"]["small"] and groups["7a"]["pct_gepest"] is None
    # without hiding 6a too, 7a's share would follow from the school's: (school × 20 − 5a × 10 − 6a × 7) / 3
    assert groups["6a"]["suppressed"] and not groups["6a"]["small"] and groups["6a"]["pct_gepest"] is None
    assert groups["6a"]["cells"]["WB"]["mean"] is None
    assert not groups["5a"]["suppressed"]
    school = data["school"]
    assert school["n"] == 20 and school["pct_gepest"] == pytest.approx(25.0)  # A00, A02 and C00–C02


def test_veiligheid_report_prints_what_the_page_shows(safety_data):
    out = StringIO()
    call_command("veiligheid_report", school="11AA", moment=M, stdout=out)
    assert out.getvalue().startswith("\ufeff")
    lines = out.getvalue().lstrip("\ufeff").splitlines()
    assert lines == [
        "groep;n;welbevinden;veiligheidsbeleving;pct_veilig;pct_gepest;pct_incident",
        "5a;10;3,00;2,80;80,00;20,00;30,00",
        "6a;7;;;;;",
        "7a;< 5;;;;;",
    ]


def test_veiligheid_report_refuses_an_unknown_school_or_moment(safety_data):
    with pytest.raises(CommandError, match="2030-najaar"):
        call_command("veiligheid_report", school="11AA", moment="2030-najaar", stdout=StringIO())
    with pytest.raises(CommandError, match="99XX"):
        call_command("veiligheid_report", school="99XX", moment=M, stdout=StringIO())


def test_veiligheid_report_is_scoped_to_the_school(safety_data):
    import_answers(safety_data.school_b, [r.replace("A", "Z", 1) for r in school_rows()[: 22 * 6]])
    out = StringIO()
    call_command("veiligheid_report", school="22BB", moment=M, stdout=out)
    assert out.getvalue().lstrip("\ufeff").splitlines()[1:] == ["5a;6;3,00;2,67;66,67;33,33;50,00"]


def test_the_change_follows_the_pupils(cast):
    rows = []
    for i in range(6):  # spring: 5a, two bullied; autumn: the same pupils in 6a, one bullied
        rows += safety_rows(f"A{i:02d}", "5a", M, answers={"V17": 4} if i < 2 else {})
        rows += safety_rows(f"A{i:02d}", "6a", AUTUMN, answers={"V17": 4} if i < 1 else {})
    for i in range(6):  # last year's 6a, nobody bullied: not who 6a is now
        rows += safety_rows(f"B{i:02d}", "6a", M)
        rows += safety_rows(f"B{i:02d}", "7a", AUTUMN)
    import_answers(cast.school_a, rows)
    data = safety_per_group(school=cast.school_a, moment=AUTUMN, compare=M)
    six = data["groups"][0]
    assert six["group"] == "6a" and six["previous_groups"] == ["5a"]
    assert six["previous"]["pct_gepest"] == pytest.approx(100 / 3)
    assert six["changes"]["pct_gepest"] == pytest.approx(100 / 6 - 100 / 3)
    assert data["school"]["previous"]["pct_gepest"] == pytest.approx(100 / 6)


def test_a_previous_safety_figure_over_fewer_than_five_pupils_is_suppressed(cast):
    rows = []
    for i in range(6):  # autumn 6a: four pupils from last spring's 5a and two new pupils
        if i < 4:
            rows += safety_rows(f"A{i:02d}", "5a", M, answers={"V17": 4})
        rows += safety_rows(f"A{i:02d}", "6a", AUTUMN)
    for i in range(8):
        rows += safety_rows(f"B{i:02d}", "7a", AUTUMN)
    import_answers(cast.school_a, rows)
    six = safety_per_group(school=cast.school_a, moment=AUTUMN, compare=M)["groups"][0]
    assert six["group"] == "6a" and not six["suppressed"] and six["pct_gepest"] == 0.0
    assert (six["previous_n"], six["previous_suppressed"], six["previous_groups"]) == (4, True, ["5a"])
    assert six["previous"]["pct_gepest"] is None and six["changes"]["pct_gepest"] is None


def test_a_figure_that_rests_on_fewer_than_five_scores_is_hidden(cast):
    """Six of 5a's ten pupils left veiligheidsbeleving unanswered: pct_veilig and its mean would rest on four
    pupils, so they are hidden, and 6a's with them (the school's figure is shown beside); the rest stays."""
    blank = {f"V{n:02d}": "" for n in range(6, 11)}
    rows = []
    for i in range(10):
        rows += safety_rows(f"A{i:02d}", "5a", M, answers=blank if i < 6 else {"V17": 4} if i == 6 else {})
    for i in range(7):
        rows += safety_rows(f"B{i:02d}", "6a", M)
    import_answers(cast.school_a, rows)
    data = safety_per_group(school=cast.school_a, moment=M)
    five, six = data["groups"]
    assert not five["suppressed"] and five["pct_gepest"] == 10.0 and five["welbevinden"] == 3.0
    assert five["pct_veilig"] is None and five["veiligheidsbeleving"] is None
    assert five["cells"]["VB"]["mean"] is None
    assert six["pct_veilig"] is None and six["cells"]["VB"]["mean"] is None and six["welbevinden"] == 3.0
    assert data["school"]["pct_veilig"] == 100.0  # 11 pupils with a score

"""Klassenzorgscore per group, the cross-app selectors (aggregates, small groups suppressed) and kanvas_report."""

from io import StringIO

import pytest
from django.core.management import call_command

from kanvas.report import report_rows
from kanvas.selectors import (
    group_concern_for,
    klassenzorgscore_per_group,
    moments_for,
    school_summary,
)
from tests.kanvas.helpers import ANSWER_HEADER, csv_bytes, group_rows, import_answers, safety_rows

M1, M2 = "2021-najaar", "2022-voorjaar"


@pytest.fixture
def two_moments(cast):
    rows = (
        group_rows("5b", M1, 10, signals=1)
        + group_rows("6b", M1, 8, signals=2)
        + group_rows("7b", M1, 4, signals=1)
    )
    rows += group_rows("5b", M2, 10, signals=4) + group_rows("6b", M2, 8, signals=2) + group_rows("7b", M2, 4)
    for i in range(6):
        rows += safety_rows(f"P5b{i:02d}", "5b", M1, wb=3, vb=3)
        rows += safety_rows(f"P5b{i:02d}", "5b", M2, wb=2, vb=3 if i else 1)
    import_answers(cast.school_a, rows)
    return cast


def test_klassenzorgscore_per_group_with_change(two_moments):
    rows = {
        r["group"]: r for r in klassenzorgscore_per_group(school=two_moments.school_a, moment=M2, compare=M1)
    }
    assert list(rows) == ["5b", "6b", "7b"]
    five = rows["5b"]
    assert (five["n"], five["score"], five["previous"]) == (10, 40.0, 10.0)
    assert five["change"] == pytest.approx(30.0) and five["notable"]
    assert five["scales"] == {"NI": 0.0, "OS": 40.0, "OV": 0.0, "HS": 0.0}
    # 7b (4 pupils) is hidden; 6b, the next smallest, goes with it so 7b cannot follow from the school total
    assert rows["6b"]["complement"] and rows["6b"]["change"] is None and not rows["6b"]["notable"]


def test_groups_under_five_pupils_are_suppressed(two_moments):
    seven = group_concern_for(school=two_moments.school_a, group_names=["7b"], moment=M1)[0]
    assert seven["suppressed"] and seven["score"] is None and seven["scales"]["OS"] is None
    assert seven["n"] == 4


def test_moments_for_the_school_year(two_moments):
    assert moments_for(school=two_moments.school_a, school_year=two_moments.year) == [M1, M2]
    assert moments_for(school=two_moments.school_b, school_year=two_moments.year) == []


def test_school_summary(two_moments):
    summary = school_summary(school=two_moments.school_a, moment=M2, compare=M1)
    assert summary["n"] == 22
    assert summary["klassenzorgscore"] == pytest.approx(6 / 22 * 100)
    assert summary["klassenzorgscore_previous"] == pytest.approx(4 / 22 * 100)
    assert summary["welbevinden"] == 2.0 and summary["welbevinden_previous"] == 3.0
    assert summary["welbevinden_change"] == -1.0
    assert summary["veiligheidsbeleving"] == pytest.approx(16 / 6)


def test_school_summary_suppressed_for_a_tiny_school(cast):
    import_answers(cast.school_a, group_rows("5b", M1, 3, signals=1))
    summary = school_summary(school=cast.school_a, moment=M1)
    assert summary["suppressed"] and summary["klassenzorgscore"] is None and summary["welbevinden"] is None


def test_report_has_contract_columns_and_dutch_numbers(two_moments):
    out = StringIO()
    call_command("kanvas_report", school="11AA", moment=M2, compare=M1, stdout=out)
    text = out.getvalue()
    assert text.startswith(
        "\ufeffgroep;n;klassenzorgscore;NI;OS;OV;HS;n_vorig;klassenzorgscore_vorig;verschil;groep_vorig\r\n"
    )
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[1] == "5b;10;40,00;0,00;40,00;0,00;0,00;10;10,00;30,00;5b"
    assert lines[2] == "6b;afgeschermd;;;;;;afgeschermd;;;6b"
    assert lines[3] == "7b;< 5;;;;;;< 5;;;7b"


def test_report_without_compare(two_moments):
    out = StringIO()
    call_command("kanvas_report", school="11AA", moment=M1, stdout=out)
    lines = out.getvalue().lstrip("\ufeff").splitlines()
    assert lines[0] == "groep;n;klassenzorgscore;NI;OS;OV;HS"
    assert lines[1] == "5b;10;10,00;0,00;10,00;0,00;0,00"


def test_report_rows_equal_the_selector(two_moments):
    rows = report_rows(school=two_moments.school_a, moment=M2, compare=M1)
    assert [r[0] for r in rows] == [
        g["group"] for g in klassenzorgscore_per_group(school=two_moments.school_a, moment=M2)
    ]


def test_report_unknown_moment_fails(two_moments):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("kanvas_report", school="11AA", moment="2030-najaar", stdout=StringIO())


def test_report_neutralises_formula_group_names(cast):
    from kanvas.services import file_import
    from tests.kanvas.helpers import ANSWER_HEADER, csv_bytes, pupil_rows

    rows = [line + ";5" for i in range(5) for line in pupil_rows(f"Q{i}", "=5", M1)]
    file_import(
        school=cast.school_a,
        user=None,
        kind="antwoorden",
        data=csv_bytes(ANSWER_HEADER + ";leerjaar", rows),
        filename="a.csv",
    )
    out = StringIO()
    call_command("kanvas_report", school="11AA", moment=M1, stdout=out)
    assert out.getvalue().lstrip("\ufeff").splitlines()[1].startswith("'=5;5;0,00;")


def test_import_command_exit_codes(cast, tmp_path):
    good = tmp_path / "goed.csv"
    good.write_bytes(csv_bytes(ANSWER_HEADER, group_rows("5b", M1, 5)))
    bad = tmp_path / "fout.csv"
    bad.write_bytes(
        csv_bytes(ANSWER_HEADER, [*group_rows("5b", M2, 5), "X1;5b;2022-voorjaar;leerling;L01;9"])
    )
    out, err = StringIO(), StringIO()
    call_command("import_kanvas", "--school", "11AA", str(good), stdout=out, stderr=err)
    assert "120 rijen" in out.getvalue()
    with pytest.raises(SystemExit) as info:
        call_command("import_kanvas", "--school", "11AA", str(bad), stdout=out, stderr=err)
    assert info.value.code == 1
    assert "rij 122, kolom antwoord: waarde '9': een antwoord ligt tussen 1 en 4." in err.getvalue()
    with pytest.raises(SystemExit):
        call_command(
            "import_kanvas", "--school", "11AA", str(good), stdout=out, stderr=err
        )  # refused: exists
    call_command("import_kanvas", "--school", "11AA", "--replace", str(good), stdout=out, stderr=err)


def test_import_sociogram_command(cast, tmp_path):
    path = tmp_path / "s.csv"
    path.write_text(
        "leerling;groep;meetmoment;vraag;gekozen\nS1;5b;2021-najaar;positief;S2\nS2;5b;2021-najaar;positief;S1\n"
    )
    out = StringIO()
    call_command("import_sociogram", "--school", "11AA", str(path), stdout=out)
    assert "2 rijen" in out.getvalue()

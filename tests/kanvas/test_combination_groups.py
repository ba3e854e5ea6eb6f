"""Combination groups (1/2, 5/6): an import warns when a group name holds two grades and no leerjaar column says
which grade each pupil is in; with the column, or with a one-grade name, there is no such warning."""

import pytest

from kanvas.services import file_import
from npo_planner.lib.combination_groups import combination_grades
from npo_planner.lib.import_errors import ImportErrors
from npo_planner.scholen.models import Group
from tests.kanvas.helpers import csv_bytes, import_answers, pupil_rows

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "grades"),
    [("5/6", (5, 6)), ("1/2", (1, 2)), ("7-8b", (7, 8)), ("3 / 4", (3, 4)), ("5a", ()), ("12", ()), ("", ())],
)
def test_the_grades_in_a_group_name(name, grades):
    assert combination_grades(name) == grades


def test_a_combination_group_without_a_leerjaar_column_is_imported_with_a_warning(cast):
    record = import_answers(cast.school_a, pupil_rows("C001", "5/6", "2021-najaar"))
    warnings = record.summary["warnings"]
    assert any(
        "Groep 5/6 heeft de leerjaren 5 en 6 in de naam" in w and "leerjaar 5" in w and "kolom leerjaar" in w
        for w in warnings
    ), warnings
    assert Group.objects.get(school=cast.school_a, name="5/6").grade == 5


def test_no_warning_with_a_leerjaar_column_or_a_one_grade_name(cast):
    header = "leerling;groep;meetmoment;vragenlijst;vraag;antwoord;leerjaar"
    rows = [f"{row};6" for row in pupil_rows("C002", "5/6", "2021-najaar")]
    record = file_import(
        school=cast.school_a,
        user=None,
        kind="antwoorden",
        data=csv_bytes(header, rows),
        filename="a.csv",
        replace=False,
    )
    assert not [w for w in record.summary["warnings"] if "in de naam" in w]
    record = import_answers(cast.school_a, pupil_rows("C003", "5b", "2022-voorjaar"))
    assert not [w for w in record.summary["warnings"] if "in de naam" in w]


LEERJAAR_HEADER = "leerling;groep;meetmoment;vragenlijst;vraag;antwoord;leerjaar"


def _with_grade(rows, grade):
    return [f"{row};{grade}" for row in rows]


def _import_with_grades(cast, rows):
    return file_import(
        school=cast.school_a,
        user=None,
        kind="antwoorden",
        data=csv_bytes(LEERJAAR_HEADER, rows),
        filename="a.csv",
        replace=False,
    )


def test_a_leerjaar_per_pupil_puts_two_grades_in_one_combination_group(cast):
    """A 5/6 group holds grade-5 and grade-6 pupils: each enrollment keeps the pupil's grade, the group's grade is
    its lowest. Before Enrollment.grade such a file was refused ("één groep heeft één leerjaar")."""
    rows = _with_grade(pupil_rows("K005", "5/6", "2021-najaar"), 5) + _with_grade(
        pupil_rows("K006", "5/6", "2021-najaar"), 6
    )
    _import_with_grades(cast, rows)
    group = Group.objects.get(school=cast.school_a, name="5/6")
    assert group.grade == 5
    assert dict(group.enrollments.values_list("pupil__code", "grade")) == {"K005": 5, "K006": 6}


def test_a_pupil_with_two_grades_in_one_year_is_refused_with_row_and_column(cast):
    rows = _with_grade(pupil_rows("K007", "5/6", "2021-najaar"), 5)
    rows += _with_grade(pupil_rows("K007", "5/6", "2022-voorjaar"), 6)
    with pytest.raises(ImportErrors) as caught:
        file_import(
            school=cast.school_a,
            user=None,
            kind="antwoorden",
            data=csv_bytes(LEERJAAR_HEADER, rows),
            filename="a.csv",
            replace=False,
        )
    message = caught.value.messages()[0]
    assert message == (
        "rij 26, kolom leerjaar: waarde '6': leerling K007 heeft in groep 5/6 (schooljaar 2021-2022) al leerjaar 5; "
        "een leerling heeft in een groep één leerjaar."
    )


def test_grade_5_pupils_of_a_4_5_group_are_not_warned_as_young(cast):
    """The 'groep 1–4 with a leerlingvragenlijst' warning reads the pupil's own grade, not the group's lowest."""
    rows = _with_grade(pupil_rows("K045", "4/5", "2021-najaar"), 5) + _with_grade(
        pupil_rows("K044", "4/5", "2021-najaar"), 4
    )
    record = _import_with_grades(cast, rows)
    assert "1 leerling(en) in groep 1–4 hebben een leerlingvragenlijst" in " ".join(
        record.summary["warnings"]
    )

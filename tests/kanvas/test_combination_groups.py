"""Combination groups (1/2, 5/6): an import warns when a group name holds two grades and no leerjaar column says
which grade each pupil is in; with the column, or with a one-grade name, there is no such warning."""

import pytest

from kanvas.services import file_import
from npo_planner.lib.combination_groups import combination_grades
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

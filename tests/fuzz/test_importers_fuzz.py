"""Property-based fuzzing of every importer: whatever the file, the result is either a clean import or a Dutch error
list, never a crash and never a partial write (issue: trust)."""

import csv
import io

import pytest
from django.apps import apps
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kanvas.models import ImportKind
from kanvas.services import file_import
from npo_planner.lib.import_errors import ImportErrors
from ouderbetrokkenheid.importers import responses_import

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

NASTY = [
    "",
    " ",
    '=HYPERLINK("x")',
    "+1",
    "-1",
    "@SUM(A1)",
    "x" * 5000,
    "é\u00a0ü",
    "0",
    "00",
    "1.0",
    "4,0",
    "NaN",
    "\x00",
]


def _cells(valid: list[str]):
    return st.one_of(st.sampled_from(valid), st.sampled_from(NASTY), st.text(max_size=12))


def _csv(header, rows, delimiter, encoding) -> bytes | None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    try:
        return buffer.getvalue().encode(encoding)
    except UnicodeEncodeError:
        return None


def _counts(app_label: str) -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_app_config(app_label).get_models()} | {
        "pupils": apps.get_model("scholen", "Pupil").objects.count(),
        "groups": apps.get_model("scholen", "Group").objects.count(),
    }


def _attempt(run, app_label):
    """Run one import in a savepoint; a refused file must leave every table as it was."""
    savepoint = transaction.savepoint()
    before = _counts(app_label)
    try:
        run()
    except ImportErrors as errors:
        assert errors.messages() and all(isinstance(m, str) and m for m in errors.messages())
        assert _counts(app_label) == before, "a refused file wrote something"
    finally:
        transaction.savepoint_rollback(savepoint)


KANVAS_COLUMNS = ["leerling", "groep", "leerjaar", "meetmoment", "vragenlijst", "vraag", "antwoord"]
kanvas_rows = st.lists(
    st.tuples(
        _cells(["A1", "B2", "lln_3"]),
        _cells(["5a", "6b"]),
        _cells(["5", "6", ""]),
        _cells(["2021-najaar", "2022-voorjaar", "2021-zomer"]),
        _cells(["leerling", "docent", "ouder", "veiligheid", "anders"]),
        _cells(["L01", "L05", "D13", "V22", "X99"]),
        _cells(["1", "2", "3", "4", "", "5"]),
    ),
    max_size=25,
)


@pytest.mark.django_db
@FUZZ
@given(
    rows=kanvas_rows,
    drop=st.sets(st.sampled_from(KANVAS_COLUMNS), max_size=2),
    delimiter=st.sampled_from([";", ",", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
    replace=st.booleans(),
)
def test_kanvas_answer_files(cast, rows, drop, delimiter, encoding, replace):
    header = [c for c in KANVAS_COLUMNS if c not in drop]
    body = [[v for c, v in zip(KANVAS_COLUMNS, row, strict=True) if c not in drop] for row in rows]
    data = _csv(header, body, delimiter, encoding)
    if data is None:
        return
    _attempt(
        lambda: file_import(
            school=cast.school_a,
            user=cast.ib,
            kind=ImportKind.ANSWERS,
            data=data,
            filename="f.csv",
            replace=replace,
        ),
        "kanvas",
    )


@pytest.mark.django_db
@FUZZ
@given(
    rows=st.lists(
        st.tuples(
            _cells(["A1", "B2", "C3"]),
            _cells(["5a"]),
            _cells(["2021-najaar"]),
            _cells(["positief", "negatief", "neutraal"]),
            _cells(["A1", "B2", "C3", "Z9"]),
        ),
        max_size=25,
    ),
    delimiter=st.sampled_from([";", ","]),
)
def test_kanvas_sociogram_files(cast, rows, delimiter):
    data = _csv(["leerling", "groep", "meetmoment", "vraag", "gekozen"], rows, delimiter, "utf-8")
    _attempt(
        lambda: file_import(
            school=cast.school_a,
            user=cast.ib,
            kind=ImportKind.SOCIOGRAM,
            data=data,
            filename="s.csv",
            replace=False,
        ),
        "kanvas",
    )


SURVEY_COLUMNS = (
    ["respondent", "bouw"] + [f"s{i}" for i in range(1, 10)] + [f"p{i}" for i in range(1, 9)] + ["opmerking"]
)


@pytest.mark.django_db
@FUZZ
@given(
    rows=st.lists(
        st.tuples(
            _cells(["ouder", "team", "leerling"]),
            _cells(["onderbouw", "middenbouw|bovenbouw", "bovenbouw,onderbouw", "kleuterbouw"]),
            *[_cells(["1", "2", "3", "4", ""]) for _ in range(9)],
            *[_cells(["1", "2", "3", ""]) for _ in range(8)],
            _cells(["Fijne school", "=cmd|'/c calc'!A1", "x" * 2100]),
        ),
        max_size=20,
    ),
    drop=st.sets(st.sampled_from(SURVEY_COLUMNS), max_size=2),
    delimiter=st.sampled_from([";", ",", "\t"]),
)
def test_parent_survey_files(cast, rows, drop, delimiter):
    header = [c for c in SURVEY_COLUMNS if c not in drop]
    body = [[v for c, v in zip(SURVEY_COLUMNS, row, strict=True) if c not in drop] for row in rows]
    data = _csv(header, body, delimiter, "utf-8")
    _attempt(
        lambda: responses_import(
            user=cast.director,
            school=cast.school_a,
            year_label="2021-2022",
            title="Fuzzpeiling",
            data=data,
            filename="p.csv",
        ),
        "ouderbetrokkenheid",
    )


@pytest.mark.django_db
@FUZZ
@given(data=st.binary(max_size=3000), name=st.sampled_from(["f.csv", "f.xlsx"]))
def test_random_bytes_into_every_importer(cast, data, name):
    _attempt(
        lambda: file_import(
            school=cast.school_a, user=cast.ib, kind=ImportKind.ANSWERS, data=data, filename=name
        ),
        "kanvas",
    )
    _attempt(
        lambda: file_import(
            school=cast.school_a, user=cast.ib, kind=ImportKind.SOCIOGRAM, data=data, filename=name
        ),
        "kanvas",
    )
    _attempt(
        lambda: responses_import(
            user=cast.director,
            school=cast.school_a,
            year_label="2021-2022",
            title="Bytes",
            data=data,
            filename=name,
        ),
        "ouderbetrokkenheid",
    )

"""`read_frame` follows the same CONTRACT §1 rules as `read_table`: same rows, row numbers, warnings and errors."""

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from npo_planner.lib.import_errors import ImportErrors
from npo_planner.lib.tabular import read_frame, read_table

REQUIRED = ["leerling", "groep"]
OPTIONAL = ["leerjaar"]


def _outcome(reader, data, filename):
    try:
        result = reader(data, filename, required=REQUIRED, optional=OPTIONAL)
    except ImportErrors as errors:
        return ("errors", errors.messages())
    if reader is read_table:
        names = [c for c in dict.fromkeys(result.columns) if c in set(REQUIRED + OPTIONAL)]
        rows = [(row, tuple(values.get(n, "") for n in names)) for row, values in result.rows]
    else:
        names = [c for c in result.data.columns if c != "row"]
        rows = [
            (int(row), tuple(values))
            for row, *values in result.data[["row", *names]].itertuples(index=False, name=None)
        ]
    return ("ok", result.columns, names, rows, result.warnings)


def _same(data, filename="x.csv"):
    expected = _outcome(read_table, data, filename)
    assert _outcome(read_frame, data, filename) == expected
    return expected


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_delimiter_is_detected_from_the_header(delimiter):
    outcome = _same(f"leerling{delimiter}groep\n007{delimiter}5a\n".encode())
    assert outcome[3] == [(2, ("007", "5a"))]


def test_utf8_bom_windows_1252_header_case_and_spaces_and_leading_zeros():
    assert _same("\ufeff Leerling ;GROEP\nJoëlle;05a\n".encode())[3] == [(2, ("Joëlle", "05a"))]
    assert _same(" Leerling ;GROEP\r\nJoëlle ; 5a\r\n".encode("cp1252"))[3] == [(2, ("Joëlle", "5a"))]


def test_quoted_fields_ragged_rows_and_unknown_columns():
    _same(b'leerling;groep;opmerking\n"0012";"5a";"een; twee"\n')
    _same(b"leerling;groep;kleur\n1;5a;rood;extra\n2\n")
    outcome = _same(b"leerling;groep;kleur\n1;5a;rood\n;;\n\n2;5b;blauw\n")
    assert [row for row, _values in outcome[3]] == [2, 5]
    assert outcome[4] == ["Onbekende kolom(men) genegeerd: kleur."]


def test_header_errors_and_unreadable_files_are_the_same():
    assert _same(b"leerling;leerling\n1;2\n")[0] == "errors"
    assert _same(b"leerling\n1\n")[0] == "errors"
    assert _same(b"")[0] == "errors"
    assert _same(b"\x81\x8d\x8f\x90\x9d")[0] == "errors"
    assert _same(b"leerling;groep\n1;\x00\n")[0] == "errors"
    assert _same(b"leerling;groep\n1;5a\n", "x.pdf")[0] == "errors"


def test_xlsx_goes_through_read_table():
    workbook = Workbook()
    workbook.active.append(["Leerling", "groep"])
    workbook.active.append([7, "5a"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert _same(buffer.getvalue(), "x.xlsx")[3] == [(2, ("7", "5a"))]


CELL = st.text(
    alphabet=st.sampled_from(list("ab07 ;,\t\"\r\n\x0b\x0c\x1a\x1c\x85\xa0\u2028#'é\ufeff")), max_size=6
)


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow])
@given(
    header=st.lists(st.sampled_from(["leerling", " Groep", "LEERJAAR", "x", ""]), min_size=1, max_size=5),
    rows=st.lists(st.lists(CELL, max_size=6), max_size=6),
    delimiter=st.sampled_from([";", ",", "\t"]),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_any_file_gives_the_same_rows_or_errors(header, rows, delimiter, newline):
    text = newline.join(delimiter.join(cells) for cells in [header, *rows]) + newline
    _same(text.encode("utf-8"))


PLAIN_CELL = st.text(
    alphabet=st.sampled_from(list("ab07 \x0b\x0c\x1a\x1c\x85\xa0\u2028#'é\ufeff")), max_size=4
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    extra=st.lists(st.sampled_from(["LEERJAAR", "x", "", " leerling"]), max_size=3),
    rows=st.lists(st.lists(PLAIN_CELL, max_size=5), max_size=6),
    delimiter=st.sampled_from([";", ",", "\t"]),
    newline=st.sampled_from(["\n", "\r\n"]),
    blank_lines=st.integers(min_value=0, max_value=2),
)
def test_any_unquoted_file_gives_the_same_rows_or_errors(extra, rows, delimiter, newline, blank_lines):
    """Files pandas parses itself (no quotes, no lone carriage return, rows no wider than the header)."""
    header = ["leerling", " Groep", *extra]
    lines = [delimiter.join(cells[: len(header)]) for cells in [header, *rows]] + [""] * blank_lines
    _same((newline.join(lines) + newline).encode("utf-8"))

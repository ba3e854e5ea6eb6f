import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from npo_planner.lib.import_errors import ImportErrors
from npo_planner.lib.tabular import MAX_BYTES, read_table

REQUIRED = ["leerling", "groep"]


def _xlsx(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_delimiter_is_detected_from_the_header(delimiter):
    data = f"leerling{delimiter}groep\n007{delimiter}5a\n".encode()
    table = read_table(data, "x.csv", required=REQUIRED)
    assert table.rows == [(2, {"leerling": "007", "groep": "5a"})]


def test_utf8_bom_windows_1252_and_header_case_and_spaces():
    data = "\ufeff Leerling ;GROEP\nJoëlle;5a\n".encode()
    assert read_table(data, "x.csv", required=REQUIRED).rows[0][1]["leerling"] == "Joëlle"
    data = " Leerling ;GROEP\nJoëlle;5a\n".encode("cp1252")
    assert read_table(data, "x.csv", required=REQUIRED).rows[0][1]["leerling"] == "Joëlle"


def test_quoted_fields_keep_delimiters_and_leading_zeros():
    data = b'leerling;groep;opmerking\n"0012";"5a";"een; twee"\n'
    table = read_table(data, "x.csv", required=REQUIRED, optional=["opmerking"])
    assert table.rows[0][1] == {"leerling": "0012", "groep": "5a", "opmerking": "een; twee"}


def test_unknown_columns_are_named_in_a_warning_and_blank_rows_skipped_with_row_numbers_kept():
    data = b"leerling;groep;kleur\n1;5a;rood\n;;\n2;5b;blauw\n"
    table = read_table(data, "x.csv", required=REQUIRED)
    assert [r for r, _ in table.rows] == [2, 4]
    assert table.warnings == ["Onbekende kolom(men) genegeerd: kleur."]


def test_missing_and_duplicate_columns_are_errors_on_row_1():
    with pytest.raises(ImportErrors) as error:
        read_table(b"leerling;leerling\n1;2\n", "x.csv", required=REQUIRED)
    messages = error.value.messages()
    assert "rij 1, kolom leerling: deze kolomnaam staat twee keer in de kopregel." in messages
    assert "rij 1, kolom groep: deze verplichte kolom ontbreekt in de kopregel." in messages


def test_xlsx_first_sheet_values_as_text():
    data = _xlsx([["Leerling", "groep"], ["0012", "5a"], [12, 5.0]])
    table = read_table(data, "x.xlsx", required=REQUIRED)
    assert [values for _r, values in table.rows] == [
        {"leerling": "0012", "groep": "5a"},
        {"leerling": "12", "groep": "5"},
    ]


def test_too_large_file_and_wrong_type_are_refused_up_front():
    with pytest.raises(ImportErrors, match="20 MB"):
        read_table(b"x" * (MAX_BYTES + 1), "x.csv", required=REQUIRED)
    with pytest.raises(ImportErrors, match="alleen .csv"):
        read_table(b"leerling;groep\n", "x.pdf", required=REQUIRED)


def test_zip_bomb_is_refused_before_parsing():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b"a" * 50_000_000 + b">")
    with pytest.raises(ImportErrors, match="te groot"):
        read_table(buffer.getvalue(), "bom.xlsx", required=REQUIRED)


def test_damaged_xlsx_gets_a_dutch_error():
    with pytest.raises(ImportErrors, match="geen geldig .xlsx"):
        read_table(b"PK\x03\x04 rommel", "x.xlsx", required=REQUIRED)


def test_error_list_stops_at_100_and_says_how_many_more():
    errors = ImportErrors()
    for row in range(2, 152):
        errors.add("fout", row=row, column="antwoord", value="9")
    messages = errors.messages()
    assert len(messages) == 101
    assert messages[0] == "rij 2, kolom antwoord: waarde '9': fout"
    assert "nog 50 fouten" in messages[-1]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2000), name=st.sampled_from(["x.csv", "x.xlsx", "x.txt"]))
def test_random_bytes_end_in_a_table_or_a_dutch_error(data, name):
    try:
        read_table(data, name, required=REQUIRED)
    except ImportErrors as error:
        assert error.messages()


cell = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(st.lists(cell, min_size=0, max_size=5), max_size=20),
    delimiter=st.sampled_from([";", ",", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)
def test_random_csv_shapes_and_encodings_end_in_a_table_or_a_dutch_error(rows, delimiter, encoding):
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["leerling", "groep"])
    for row in rows:
        writer.writerow(row)
    try:
        data = buffer.getvalue().encode(encoding)
    except UnicodeEncodeError:
        return
    try:
        table = read_table(data, "x.csv", required=REQUIRED)
    except ImportErrors as error:
        assert error.messages()
    else:
        assert all(set(values) <= {"leerling", "groep"} for _r, values in table.rows)


def test_xlsx_dates_booleans_and_blank_rows():
    import datetime

    data = _xlsx([["leerling", "groep"], [datetime.date(2021, 9, 1), True], [], ["007", 3.5]])
    table = read_table(data, "x.xlsx", required=REQUIRED)
    assert table.rows == [
        (2, {"leerling": "2021-09-01", "groep": "1"}),  # a date as JJJJ-MM-DD, as the CSV rules write it
        (4, {"leerling": "007", "groep": "3.5"}),  # the blank row 3 keeps the row numbers of the rest
    ]


def test_xlsx_with_an_xml_entity_bomb_is_refused_without_expanding_it():
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{n} "{("&a" + str(n - 1) + ";") * 10}">' for n in range(1, 10)
    )
    source = zipfile.ZipFile(io.BytesIO(_xlsx([["leerling", "groep"], ["lol", "5a"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                body = text[text.index("<worksheet") :].replace(">lol<", ">&a9;<")  # 10^9 × "lol" if expanded
                assert "&a9;" in body
                content = f'<?xml version="1.0"?><!DOCTYPE w [{entities}]>{body}'.encode()
            archive.writestr(entry, content)
    with pytest.raises(ImportErrors, match="beschadigd"):
        read_table(buffer.getvalue(), "x.xlsx", required=REQUIRED)

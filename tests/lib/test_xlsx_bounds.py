"""A tiny .xlsx whose sheet reaches far away (XFD1048576) must be refused with a Dutch message, never read.

calamine allocates the sheet's whole used range: such a file used to abort the process (no exception to catch).
Every case runs `read_table` in a child interpreter, so a regression fails the test instead of killing pytest.
"""

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from npo_planner.lib import tabular
from npo_planner.lib.import_errors import ImportErrors
from npo_planner.lib.tabular import read_table
from npo_planner.lib.xlsx_sandbox import read_first_sheet

ROOT = Path(__file__).resolve().parents[2]
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)


def workbook(cells: str, dimension: str | None) -> bytes:
    """A minimal workbook (no styles, no shared strings) whose first and only sheet holds `cells`."""
    sheet_dimension = f'<dimension ref="{dimension}"/>' if dimension else ""
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" '
        f'Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><sheets>'
        '<sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" '
        f'Type="{RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{MAIN}">{sheet_dimension}'
        f"<sheetData>{cells}</sheetData></worksheet>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def text_cell(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


HEADER = '<row r="1">' + text_cell("A1", "leerling") + text_cell("B1", "groep") + "</row>"
FAR_CELL = '<row r="1048576">' + text_cell("XFD1048576", "x") + "</row>"


def read_in_child(data: bytes) -> subprocess.CompletedProcess:
    """`read_table` in a fresh interpreter: prints the Dutch messages (or the rows) as JSON and exits 0, unless
    the reader takes the process down."""
    code = (
        "import json, sys, django; django.setup()\n"
        "from npo_planner.lib.import_errors import ImportErrors\n"
        "from npo_planner.lib.tabular import read_table\n"
        "try:\n"
        "    table = read_table(sys.stdin.buffer.read(), 'x.xlsx', required=['leerling', 'groep'])\n"
        "except ImportErrors as error:\n"
        "    print(json.dumps({'errors': error.messages()}))\n"
        "else:\n"
        "    print(json.dumps({'rows': table.rows}))\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "npo_planner.settings"}
    # The reader under test gets at most 8 GiB, so a regression aborts the child rather than fill the machine.
    limit = "import resource; resource.setrlimit(resource.RLIMIT_AS, (8 * 1024**3, 8 * 1024**3))\n"
    return subprocess.run(
        [sys.executable, "-c", limit + code],
        input=data,
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize(
    "dimension",
    ["A1:XFD1048576", "A1", None],
    ids=["true-dimension", "lying-dimension", "no-dimension"],
)
def test_a_sheet_with_only_cell_xfd1048576_is_refused_and_the_process_survives(dimension):
    data = workbook(FAR_CELL, dimension)
    assert len(data) < 2000
    result = read_in_child(data)
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    messages = json.loads(result.stdout)["errors"]
    assert messages == [
        "het eerste werkblad loopt tot kolom XFD en rij 1.048.576; een importbestand heeft hoogstens 200 "
        "kolommen, 500.001 rijen en 20.000.000 cellen (rijen × kolommen). Verwijder de lege of overbodige cellen "
        "(of sla het blad op als CSV) en probeer het opnieuw."
    ]


@pytest.mark.parametrize(
    ("cells", "dimension", "where"),
    [
        (HEADER + '<row r="20000">' + text_cell("XFD20000", "x") + "</row>", None, "kolom XFD en rij 20.000"),
        (
            HEADER + '<row r="600000">' + text_cell("A600000", "x") + "</row>",
            "A1:B2",
            "kolom B en rij 600.000",
        ),
        (HEADER + '<row r="2">' + text_cell("GS2", "x") + "</row>", "A1:GS2", "kolom GS en rij 2"),
        (HEADER, "A1:B1048576", "kolom B en rij 1.048.576"),  # only the dimension reaches far
    ],
    ids=["too-wide", "too-long", "column-201", "dimension-only"],
)
def test_sheets_beyond_200_columns_or_500001_rows_are_refused(cells, dimension, where):
    result = read_in_child(workbook(cells, dimension))
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    (message,) = json.loads(result.stdout)["errors"]
    assert message.startswith(f"het eerste werkblad loopt tot {where};")


def test_a_reference_written_with_character_references_is_refused():
    cells = HEADER + '<row r="2"><c r="&#88;FD2" t="inlineStr"><is><t>x</t></is></c></row>'
    with pytest.raises(ImportErrors) as error:
        read_table(workbook(cells, None), "x.xlsx", required=["leerling", "groep"])
    assert error.value.messages() == [
        "het eerste werkblad bevat een ongeldige celverwijzing (&#88;FD2); het bestand wordt niet gelezen."
    ]


EDGE = HEADER + '<row r="500001">' + text_cell("GR500001", "x") + "</row>"


def test_a_range_within_the_column_and_row_bounds_but_too_many_cells_is_refused_before_reading():
    """200 columns × 500,001 rows: calamine would need about 4 GiB for the dense range."""
    result = read_in_child(workbook(EDGE, None))
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    (message,) = json.loads(result.stdout)["errors"]
    assert message.startswith("het eerste werkblad loopt tot kolom GR en rij 500.001;")
    assert "20.000.000 cellen" in message


def test_a_large_sheet_with_too_many_cells_is_measured_by_the_reader_child(monkeypatch):
    """Not scanned before reading (large), the range is measured by the child before it becomes rows."""
    monkeypatch.setattr(tabular, "XLSX_SCAN_BEFORE_READING", 0)
    with pytest.raises(ImportErrors) as error:
        read_table(workbook(EDGE, None), "x.xlsx", required=["leerling", "groep"])
    (message,) = error.value.messages()
    assert message.startswith("het eerste werkblad loopt tot kolom GR en rij 500.001;")


def test_references_cut_off_at_a_chunk_boundary_are_read_whole(monkeypatch):
    monkeypatch.setattr(tabular, "_CHUNK", 37)
    monkeypatch.setattr(tabular, "_OVERLAP", 64)
    rows = "".join(
        f'<row r="{n}">' + text_cell(f"A{n}", f"p{n}") + text_cell(f"B{n}", "5a") + "</row>"
        for n in range(2, 40)
    )
    table = read_table(workbook(HEADER + rows, None), "x.xlsx", required=["leerling", "groep"])
    assert len(table.rows) == 38
    far = HEADER + rows + '<row r="40">' + text_cell("XFD40", "x") + "</row>"
    with pytest.raises(ImportErrors) as error:
        read_table(workbook(far, None), "x.xlsx", required=["leerling", "groep"])
    (message,) = error.value.messages()
    assert message.startswith("het eerste werkblad loopt tot kolom XFD en rij 40;")


WIDE = HEADER + '<row r="20000">' + text_cell("XFD20000", "x") + "</row>"


def test_the_reader_crashes_only_its_child_process():
    """Read without any check, the far cell aborts calamine: only the child dies."""
    result = read_first_sheet(workbook(WIDE, None))
    assert (result.rows, result.damaged, result.size) == (None, False, None)


def test_a_large_sheet_is_read_first_and_its_references_checked_when_the_reader_fails(monkeypatch):
    """A sheet too large to scan before reading goes to the child; when the child dies, the references say where."""
    monkeypatch.setattr(tabular, "XLSX_SCAN_BEFORE_READING", 0)
    with pytest.raises(ImportErrors) as error:
        read_table(workbook(WIDE, None), "x.xlsx", required=["leerling", "groep"])
    (message,) = error.value.messages()
    assert message.startswith("het eerste werkblad loopt tot kolom XFD en rij 20.000;")


def test_a_reader_crash_that_the_references_do_not_explain_is_a_dutch_refusal(monkeypatch):
    monkeypatch.setattr(tabular, "XLSX_SCAN_BEFORE_READING", 0)
    monkeypatch.setattr(tabular, "_references", lambda archive, sheet: (1, 1))  # a scanner that sees nothing
    with pytest.raises(ImportErrors) as error:
        read_table(workbook(WIDE, None), "x.xlsx", required=["leerling", "groep"])
    assert error.value.messages() == [
        "het .xlsx-bestand kon niet veilig worden gelezen: het eerste werkblad is te groot of het bestand is "
        "beschadigd. Sla alleen de gegevens op in een nieuwe werkmap of als CSV."
    ]


def test_references_with_spaces_or_single_quotes_are_checked_too():
    for cell in ['<c r = "XFD2"><v>1</v></c>', "<c r='XFD2'><v>1</v></c>"]:
        with pytest.raises(ImportErrors) as error:
            read_table(
                workbook(HEADER + f'<row r="2">{cell}</row>', "A1:B2"), "x.xlsx", required=["leerling"]
            )
        (message,) = error.value.messages()
        assert message.startswith("het eerste werkblad loopt tot kolom XFD en rij 2;")


def test_a_small_minimal_workbook_is_still_read():
    cells = HEADER + '<row r="2"><c r="A2"><v>7</v></c>' + text_cell("B2", "5a") + "</row>"
    table = read_table(workbook(cells, "A1:B2"), "x.xlsx", required=["leerling", "groep"])
    assert table.rows == [(2, {"leerling": "7", "groep": "5a"})]


def test_cells_and_rows_without_references_are_read_in_order():
    cells = (
        "<row>"
        + '<c t="inlineStr"><is><t>leerling</t></is></c><c t="inlineStr"><is><t>groep</t></is></c></row>'
        '<row><c><v>8</v></c><c t="inlineStr"><is><t>6b</t></is></c></row>'
    )
    table = read_table(workbook(cells, None), "x.xlsx", required=["leerling", "groep"])
    assert table.rows == [(2, {"leerling": "8", "groep": "6b"})]

"""Reading an import file (CSV or XLSX) under the common rules of CONTRACT §1.

- `.csv` or `.xlsx` (first sheet), at most 20 MB and 500,000 data rows;
- CSV: delimiter `;`, `,` or tab detected from the header row; UTF-8 (with or without BOM) or Windows-1252;
- XLSX: the zip is checked before parsing (entries, uncompressed size, ratio), then the first sheet's dimension and
  cell references (at most 200 columns and 500,001 rows: calamine allocates the whole range, so one far cell such
  as XFD1048576 would exhaust the memory); calamine parses it (Rust, no DTD or entity expansion, about twenty times
  faster than openpyxl) in a child process with bounded memory and time (`xlsx_sandbox`), so a workbook that still
  crashes the reader ends in a Dutch refusal, never in a dead web worker;
- header names matched case-insensitively with surrounding spaces ignored, or through the school's mapping
  (`npo_planner.lib.column_mapping`); unknown columns give a warning (personal ones named as such); a missing
  required column carries a `mapping_hint` for the mapping step;
- every value is read as text (codes keep leading zeros); row numbers count the header as row 1.
"""

import csv
import io
import posixpath
import re
import zipfile
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from operator import itemgetter

from django.utils.translation import gettext as _

from npo_planner.lib.column_mapping import Mapping, MappingHint, ignored_warning, renamed_columns
from npo_planner.lib.import_errors import ImportErrors
from npo_planner.lib.xlsx_sandbox import MAX_CELLS, read_first_sheet

MAX_BYTES = 20 * 1024 * 1024
# A format whose 500,000 rows do not fit in 20 MB (KanVAS answers: 41 bytes a row with 10-character pupil codes,
# about 130 in the wide layout) passes its own limit; csv's field limit follows the largest.
LARGE_MAX_BYTES = 80 * 1024 * 1024
MAX_ROWS = 500_000
MAX_COLUMNS = 200
XLSX_MAX_ENTRIES = 1_000
XLSX_MAX_UNCOMPRESSED = 200 * 1024 * 1024
XLSX_MAX_RATIO = 100
DELIMITERS = (";", ",", "\t")

csv.field_size_limit(LARGE_MAX_BYTES)


@dataclass
class Table:
    columns: list[str]  # normalised header names, in file order
    rows: list[tuple[int, dict[str, str]]]  # (spreadsheet row number, normalised column → text)
    warnings: list[str] = field(default_factory=list)
    known: frozenset[str] = frozenset()  # the required and optional columns the rows hold


# The columns a file needs: fixed lists, or a function of the file's (normalised) header that chooses the layout
# and returns (required, optional), e.g. KanVAS answers in the long or the wide layout (CONTRACT §3).
Layout = Callable[[list[str]], tuple[list[str], list[str]]]


def normalise(name: str) -> str:
    return (name or "").strip().lstrip("\ufeff").strip().lower()


def too_large(size: int, max_bytes: int | None = None) -> str | None:
    """The Dutch refusal of a file of `size` bytes over `max_bytes` (default MAX_BYTES), else None."""
    max_bytes = max_bytes or MAX_BYTES
    if size <= max_bytes:
        return None
    return _("het bestand is %(size)s MB; het maximum is %(max)s MB.") % {
        "size": f"{size / 1024 / 1024:.1f}".replace(".", ","),
        "max": max_bytes // (1024 * 1024),
    }


def read_table(
    data: bytes,
    filename: str,
    *,
    required: "list[str] | Layout",
    optional: list[str] = (),
    max_bytes: int | None = None,
    mapping: Mapping | None = None,
    words_in: Collection[str] = (),
) -> Table:
    """Parse the whole file or raise ImportErrors that say what is wrong and where. `mapping` gives file columns
    the name of the field they hold, and the cells of the columns `words_in` the value their word stands for."""
    errors = ImportErrors()
    refusal = too_large(len(data), max_bytes)
    if refusal:
        errors.add(refusal)
        raise errors
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        raw_rows = _xlsx_rows(data, errors)
    elif name.endswith(".csv") or name.endswith(".txt"):
        raw_rows = _csv_rows(data, errors)
    else:
        errors.add(_("alleen .csv- en .xlsx-bestanden kunnen worden ingelezen."))
        raise errors
    errors.raise_if_any()
    return _to_table(
        raw_rows, errors, required=required, optional=list(optional), mapping=mapping, words_in=words_in
    )


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="strict")


def _csv_rows(data: bytes, errors: ImportErrors) -> Iterator[list[str]] | list:
    try:
        text = _decode(data)
    except UnicodeDecodeError as exc:
        errors.add(
            _(
                "het bestand is geen tekst in UTF-8 of Windows-1252 (onleesbaar teken op positie %(position)s)."
            )
            % {"position": exc.start}
        )
        return []
    if "\x00" in text:
        errors.add(
            _("het bestand bevat binaire gegevens; sla het op als CSV (puntkomma gescheiden) of als .xlsx.")
        )
        return []
    first_line = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first_line.count)
    if first_line.count(delimiter) == 0:
        delimiter = ";"
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', strict=False)


def _xlsx_rows(data: bytes, errors: ImportErrors) -> Iterator[list[str]] | list:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        errors.add(_("het bestand is geen geldig .xlsx-bestand."))
        return []
    total = sum(entry.file_size for entry in entries)
    packed = max(1, sum(entry.compress_size for entry in entries))
    if len(entries) > XLSX_MAX_ENTRIES or total > XLSX_MAX_UNCOMPRESSED or total / packed > XLSX_MAX_RATIO:
        errors.add(
            _("het .xlsx-bestand is uitgepakt te groot of verdacht sterk ingepakt; het wordt niet gelezen.")
        )
        return []
    sheet = _first_sheet_path(archive)
    if sheet is None:
        errors.add(_("het .xlsx-bestand is beschadigd of geen werkmap."))
        return []
    dimension = _dimension(archive, sheet)
    if not _extent_is_bounded(errors, dimension):
        return []
    # A small sheet's references are all checked before it is read (the 1.6 KB XFD1048576 workbook never reaches
    # the reader). Scanning a large sheet's references costs as much as parsing it, so a large sheet goes to the
    # memory-limited reader first, and its references are checked only when the reader fails, to say where.
    if archive.getinfo(sheet).file_size <= XLSX_SCAN_BEFORE_READING and not _extent_is_bounded(
        errors, _furthest(dimension, _references(archive, sheet, every=True))
    ):
        return []
    result = read_first_sheet(data)
    if result.size is not None:
        _refuse_extent(errors, rows=result.size[0], columns=result.size[1])
        return []
    if result.rows is None:
        if result.damaged:
            errors.add(_("het .xlsx-bestand is beschadigd of geen werkmap."))
        elif _extent_is_bounded(errors, _furthest(dimension, _references(archive, sheet))):
            errors.add(
                _(
                    "het .xlsx-bestand kon niet veilig worden gelezen: het eerste werkblad is te groot of het "
                    "bestand is beschadigd. Sla alleen de gegevens op in een nieuwe werkmap of als CSV."
                )
            )
        return []
    return iter(result.rows)


# The dimension of a sheet (`<dimension ref="A1:D40"/>`, near the start of the sheet's XML).
_DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\s[^>]*?\bref\s*=\s*[\"']([^\"']*)[\"']")
# The cell and row references (`r="B12"`, `r="12"`) that may lie beyond the bounds: a column after GR (the 200th),
# a row from 500,000 on, or a reference that is not plain letters and digits (e.g. written with character
# references). The literal `r=` lets the regex engine skip ahead; a sheet within the bounds has (almost) no match.
_SUSPECT_REFERENCE = re.compile(
    rb"r=[\"'](?:[A-Za-z]{3}|[H-Zh-z][A-Za-z]|[Gg][S-Zs-z]|[A-Za-z]{0,2}(?:[5-9][0-9]{5}|[0-9]{7})"
    rb"|[A-Za-z0-9]*[^A-Za-z0-9\"'])"
)
# Every reference, for a sheet small enough to scan before reading.
_ANY_REFERENCE = re.compile(rb"r=[\"']")
# `r = "…"` (spaces around `=`, which Excel never writes): such a sheet's references are read one by one.
_SPACED_REFERENCE = re.compile(rb"\sr(?:\s+=\s*|=\s+)[\"']([^\"']*)[\"']")
_REFERENCE = re.compile(r"([A-Za-z]{0,3})([0-9]{1,12})")
_CHUNK = 4 * 1024 * 1024
_OVERLAP = 4096
XLSX_SCAN_BEFORE_READING = 1024 * 1024  # uncompressed bytes of the sheet XML (about 40,000 cells: 0.06 s)


class _Invalid(bytes):
    """A reference that is not plain letters and digits."""


def _dimension(archive: zipfile.ZipFile, sheet: str) -> tuple[int, int] | _Invalid:
    """(columns, rows) of the sheet's dimension; (0, 0) when it has none."""
    with archive.open(sheet) as stream:
        match = _DIMENSION.search(stream.read(_CHUNK))
    columns = rows = 0
    for reference in match.group(1).split(b":") if match else []:
        found = _reference(reference)
        if found is None:
            return _Invalid(reference)
        columns, rows = max(columns, found[0]), max(rows, found[1])
    return columns, rows


def _references(archive: zipfile.ZipFile, sheet: str, *, every: bool = False) -> tuple[int, int] | _Invalid:
    """The furthest column and row among the cell and row references (`every`) or among those beyond the bounds;
    (0, 0) when there are none. calamine allocates the whole range up to the last reference, so one far cell can
    exhaust the memory."""
    pattern = _ANY_REFERENCE if every else _SUSPECT_REFERENCE
    columns = rows = 0
    seen = 0
    with archive.open(sheet) as stream:
        tail = b""
        while chunk := stream.read(_CHUNK):
            seen += len(chunk)
            if seen > XLSX_MAX_UNCOMPRESSED:
                break  # the zip's sizes lied; the reader's memory bound takes over
            text = tail + chunk
            values = [m.group(1) for m in _SPACED_REFERENCE.finditer(text)]
            for match in pattern.finditer(text):
                if match.start() > 0 and text[match.start() - 1 : match.start()].isspace():
                    quote = text[match.start() + 2 : match.start() + 3]
                    end = text.find(quote, match.start() + 3)
                    if end >= 0:  # a value cut off at the chunk's end is read whole with the next chunk
                        values.append(text[match.start() + 3 : end])
            for value in values:
                found = _reference(value)
                if found is None:
                    return _Invalid(value)
                columns, rows = max(columns, found[0]), max(rows, found[1])
            tail = text[-_OVERLAP:]
    return columns, rows


def _furthest(
    dimension: tuple[int, int], references: tuple[int, int] | _Invalid
) -> tuple[int, int] | _Invalid:
    if isinstance(references, _Invalid):
        return references
    return max(dimension[0], references[0]), max(dimension[1], references[1])


def _extent_is_bounded(errors: ImportErrors, extent: tuple[int, int] | _Invalid) -> bool:
    if isinstance(extent, _Invalid):
        errors.add(
            _(
                "het eerste werkblad bevat een ongeldige celverwijzing (%(reference)s); het bestand wordt niet "
                "gelezen."
            )
            % {"reference": bytes(extent[:40]).decode("utf-8", errors="replace")}
        )
        return False
    columns, rows = extent
    if columns > MAX_COLUMNS or rows > MAX_ROWS + 1 or columns * rows > MAX_CELLS:
        _refuse_extent(errors, rows=rows, columns=columns)
        return False
    return True


def _refuse_extent(errors: ImportErrors, *, rows: int, columns: int) -> None:
    errors.add(
        _(
            "het eerste werkblad loopt tot kolom %(column)s en rij %(row)s; een importbestand heeft hoogstens "
            "%(max_columns)s kolommen, %(max_rows)s rijen en %(max_cells)s cellen (rijen × kolommen). Verwijder "
            "de lege of overbodige cellen (of sla het blad op als CSV) en probeer het opnieuw."
        )
        % {
            "column": _column_letters(columns),
            "row": _dutch_int(rows),
            "max_columns": MAX_COLUMNS,
            "max_rows": _dutch_int(MAX_ROWS + 1),
            "max_cells": _dutch_int(MAX_CELLS),
        }
    )


def _dutch_int(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _reference(raw: bytes) -> tuple[int, int] | None:
    """(column number, row number) of `B12` (a row reference `12` has column 0); None when it is no reference."""
    match = _REFERENCE.fullmatch(raw.decode("ascii", errors="replace"))
    if match is None:
        return None
    column = 0
    for letter in match.group(1).upper():
        column = column * 26 + ord(letter) - ord("A") + 1
    return column, int(match.group(2))


def _column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters or "A"


_SHEET = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sheet\s[^>]*>")
_SHEET_RID = re.compile(rb"\s(?:[A-Za-z_][\w.-]*:)?id\s*=\s*[\"']([^\"']*)[\"']")
_RELATIONSHIP = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?Relationship\s[^>]*>")
_ATTRIBUTE = re.compile(rb"\s(Id|Target)\s*=\s*[\"']([^\"']*)[\"']")


def _first_sheet_path(archive: zipfile.ZipFile) -> str | None:
    """The zip entry of the workbook's first sheet (the one calamine reads), from xl/workbook.xml and its rels."""
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return None
    sheet = _SHEET.search(archive.read("xl/workbook.xml"))
    rid = _SHEET_RID.search(sheet.group(0)) if sheet else None
    if rid is None:
        return None
    for relationship in _RELATIONSHIP.finditer(archive.read("xl/_rels/workbook.xml.rels")):
        attributes = dict(_ATTRIBUTE.findall(relationship.group(0)))
        if attributes.get(b"Id") == rid.group(1) and b"Target" in attributes:
            target = attributes[b"Target"].decode("utf-8", errors="replace")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
            return path if path in names else None
    return None


def _to_table(
    raw_rows,
    errors: ImportErrors,
    *,
    required: "list[str] | Layout",
    optional: list[str],
    mapping: Mapping | None = None,
    words_in: Collection[str] = (),
) -> Table:
    iterator = iter(raw_rows)
    try:
        header = next(iterator)
    except StopIteration:
        header = []
    except csv.Error as exc:
        errors.add(_("de kopregel is geen geldige CSV (%(error)s).") % {"error": exc}, row=1)
        raise errors from None
    columns = [normalise(h) for h in header]
    while columns and columns[-1] == "":
        columns.pop()
    if not columns:
        errors.add(_("het bestand is leeg of de kopregel ontbreekt."), row=1)
        raise errors
    seen = set()
    for index, column in enumerate(columns):
        if column and column in seen:
            errors.add(
                _("deze kolomnaam staat twee keer in de kopregel."), row=1, column=header[index].strip()
            )
        seen.add(column)
    columns = renamed_columns(columns, mapping)
    seen = set(columns)
    if callable(required):
        required, optional = required(columns)
    missing = [column for column in required if column not in seen]
    for column in missing:
        errors.add(_("deze verplichte kolom ontbreekt in de kopregel."), row=1, column=column)
    known = set(required) | set(optional)
    unknown = [c for c in columns if c and c not in known]
    if missing:
        errors.mapping_hint = MappingHint(missing=missing, columns=unknown)
    errors.raise_if_any()
    warnings = ignored_warning(unknown)

    rows = []
    width = len(columns)
    kept = [(i, col) for i, col in enumerate(columns) if col in known]
    kept_names = [col for _i, col in kept]
    pick = (
        itemgetter(*[i for i, _col in kept])
        if len(kept) > 1
        else (lambda cells: tuple(cells[i] for i, _c in kept))
    )
    padding = [""] * width
    translated = _word_positions(kept_names, mapping, words_in)
    row_number = 1
    try:
        for raw in iterator:
            row_number += 1
            try:
                cells = [cell.strip() for cell in raw[:width]]
            except AttributeError:  # an empty spreadsheet cell (None)
                cells = [(cell or "").strip() for cell in raw[:width]]
            if not any(cells) and not any((cell or "").strip() for cell in raw[width:]):
                continue
            if len(rows) >= MAX_ROWS:
                errors.add(_too_many_rows_message(), row=row_number)
                raise errors
            if len(cells) < width:
                cells += padding[len(cells) :]
            values = dict(zip(kept_names, pick(cells), strict=True))
            for name in translated:
                values[name] = mapping.word(values[name])
            rows.append((row_number, values))
    except csv.Error as exc:
        errors.add(_("deze regel is geen geldige CSV (%(error)s).") % {"error": exc}, row=row_number)
        raise errors from None
    return Table(columns=columns, rows=rows, warnings=warnings, known=frozenset(known))


def _word_positions(names: list[str], mapping: Mapping | None, words_in: Collection[str]) -> list[str]:
    """The kept columns whose cells go through the mapping's words."""
    if mapping is None or not mapping.values or not words_in:
        return []
    return [name for name in names if name in words_in]


@dataclass
class Frame:
    """`read_table`'s result as a pandas DataFrame: one text column per known column plus `row` (row number)."""

    columns: list[str]
    data: "pandas.DataFrame"  # noqa: F821
    warnings: list[str] = field(default_factory=list)


def read_frame(
    data: bytes,
    filename: str,
    *,
    required: "list[str] | Layout",
    optional: list[str] = (),
    max_bytes: int | None = None,
    mapping: Mapping | None = None,
    words_in: Collection[str] = (),
) -> Frame:
    """Same rules, rows and errors as `read_table`, returned as a DataFrame of categorical columns (the distinct
    values and a code per row) for vectorised checks.

    A plain CSV (no quote characters, no lone carriage returns, every row at most as wide as the header) is parsed
    by pandas; anything else (XLSX, quoting, ragged rows, an error) goes through `read_table`, so the rules and the
    error messages stay in one place.
    """
    import pandas as pd

    header_cells, text, delimiter = _plain_csv(data, filename, max_bytes)
    if text is not None:
        table = _to_table(
            iter([header_cells]), ImportErrors(), required=required, optional=list(optional), mapping=mapping
        )
        known = table.known
        try:
            raw = pd.read_csv(
                io.BytesIO(text.encode("utf-8")),  # 1 byte a character; a StringIO holds 4
                encoding="utf-8",
                sep=delimiter,
                header=None,
                dtype="category",
                na_filter=False,
                skip_blank_lines=False,
                quoting=csv.QUOTE_NONE,
                engine="c",
            )
        except (pd.errors.ParserError, ValueError):
            raw = None
        if raw is not None and raw.shape[1] == len(header_cells):
            translated = _word_positions(table.columns, mapping, words_in)
            return _frame_from_raw(raw, table, text, delimiter, known, pd, mapping, translated)
    table = read_table(
        data,
        filename,
        required=required,
        optional=optional,
        max_bytes=max_bytes,
        mapping=mapping,
        words_in=words_in,
    )
    names = [c for c in dict.fromkeys(table.columns) if c in table.known]
    frame = pd.DataFrame(
        {name: [values.get(name, "") for _row, values in table.rows] for name in names}, dtype="category"
    )
    frame["row"] = [row for row, _values in table.rows]
    return Frame(columns=table.columns, data=frame, warnings=table.warnings)


def _plain_csv(data: bytes, filename: str, max_bytes: int | None) -> tuple[list[str], str | None, str]:
    """(header cells, text, delimiter) of a CSV file pandas reads exactly like `csv.reader`; text None otherwise."""
    name = (filename or "").lower()
    if too_large(len(data), max_bytes) or not (name.endswith(".csv") or name.endswith(".txt")):
        return [], None, ";"
    try:
        text = _decode(data)
    except UnicodeDecodeError:
        return [], None, ";"
    if "\x00" in text or '"' in text or "\r" in text.replace("\r\n", ""):
        return [], None, ";"
    first_line = text.split("\n", 1)[0].removesuffix("\r")
    delimiter = max(DELIMITERS, key=first_line.count)
    if first_line.count(delimiter) == 0:
        delimiter = ";"
    header = first_line.split(delimiter)
    if not any(normalise(cell) for cell in header):
        return [], None, ";"
    return header, text, delimiter


def _frame_from_raw(
    raw, table: Table, text: str, delimiter: str, known: set[str], pd, mapping=None, translated=()
) -> Frame:
    """Columns read as categories: stripping, the blank-row check and the mapping's words work on each column's
    distinct values and its integer codes, not on every cell."""
    import numpy as np

    columns = [_stripped_column(raw[position], pd, np) for position in range(raw.shape[1])]
    blank = np.ones(len(raw), dtype=bool)
    for codes, categories in columns:
        empty = np.flatnonzero(categories == "")
        blank &= codes == (empty[0] if len(empty) else -2)
    keep = ~blank
    keep[0] = False  # the header
    if int(keep.sum()) > MAX_ROWS:
        raise _too_many_rows(raw, pd.Series(keep, index=raw.index))
    for position, name in enumerate(table.columns):
        if name in translated:
            columns[position] = _words_translated(*columns[position], mapping, pd, np)
    frame = pd.DataFrame(
        {
            name: _categorical(columns[position][0][keep], columns[position][1], pd, np)
            for position, name in enumerate(table.columns)
            if name in known
        }
    )
    frame["row"] = np.flatnonzero(keep) + 1
    return Frame(columns=table.columns, data=frame, warnings=table.warnings)


def _stripped_column(column, pd, np):
    """(codes, categories) of a categorical column with every value stripped; a missing cell (a short row) is ""."""
    values = column.cat.categories.to_numpy(dtype=object)
    stripped_codes, stripped = pd.factorize(np.array(["", *(v.strip() for v in values)], dtype=object))
    codes = stripped_codes[column.cat.codes.to_numpy().astype(np.int64) + 1]  # code -1 (missing) → ""
    # the smallest integers that hold the codes: a wide file has a hundred columns of half a million rows
    small = next(t for t in (np.int8, np.int16, np.int32, np.int64) if len(stripped) <= np.iinfo(t).max)
    return codes.astype(small), np.asarray(stripped, dtype=object)


def _words_translated(codes, categories, mapping: Mapping, pd, np):
    """(codes, categories) with every distinct value through the mapping's words (two words may become one)."""
    merged_codes, merged = pd.factorize(np.array([mapping.word(v) for v in categories], dtype=object))
    return merged_codes[codes], np.asarray(merged, dtype=object)


def _categorical(codes, categories, pd, np):
    """A Categorical of the used categories only, so a column's categories are exactly the values it holds."""
    used = np.bincount(codes, minlength=len(categories)) > 0
    renumber = np.cumsum(used) - 1
    return pd.Categorical.from_codes(renumber[codes], categories=categories[used])


def _too_many_rows(raw, keep) -> ImportErrors:
    errors = ImportErrors()
    row_number = int(raw.index[keep.to_numpy()][MAX_ROWS]) + 1
    errors.add(_too_many_rows_message(), row=row_number)
    return errors


def _too_many_rows_message() -> str:
    return _("het bestand heeft meer dan %(max)s gegevensrijen.") % {"max": f"{MAX_ROWS:,}".replace(",", ".")}

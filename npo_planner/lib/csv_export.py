"""CSV reports as Dutch Excel opens them: `;`, decimal comma, UTF-8 with BOM, formula cells neutralised."""

import csv
import io
import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.http import HttpResponse

FORMULA_START = ("=", "+", "-", "@")
# A cell that is only a number (`-4,00`, `12`, `-2.5`) is no formula: it is written as it is, so Excel reads a number
# (CONTRACT §6). Only ASCII digits, an optional minus and one decimal mark; nothing before or after.
PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:[,.][0-9]+)?")


def decimal_comma(value, places: int = 2) -> str:
    """40.909 → '40,91'; None → ''."""
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    return f"{rounded:.{places}f}".replace(".", ",")


def neutralise(cell) -> str:
    """A cell that a spreadsheet would run as a formula gets a leading apostrophe; a plain number stays as it is."""
    text = "" if cell is None else str(cell)
    if PLAIN_NUMBER.fullmatch(text):
        return text
    if text.startswith(FORMULA_START) or text.startswith(("\t", "\r")):
        return "'" + text
    return text


def csv_text(header: Iterable[str], rows: Iterable[Iterable]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return "\ufeff" + buffer.getvalue()


def csv_response(filename: str, header: Iterable[str], rows: Iterable[Iterable]) -> HttpResponse:
    response = HttpResponse(csv_text(header, rows).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

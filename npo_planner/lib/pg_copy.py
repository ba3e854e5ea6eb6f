"""PostgreSQL COPY in text format, for the importers' bulk writes (same connection, same transaction)."""

import io
from collections.abc import Iterable

from django.db import connection

COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_value(value) -> str:
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return value.translate(COPY_ESCAPES)
    return str(value)


def copy_text(model, columns: list[str], text: str) -> None:
    """COPY text-format lines into the model's table."""
    table = connection.ops.quote_name(model._meta.db_table)
    column_sql = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.connection.cursor().copy_expert(f"COPY {table} ({column_sql}) FROM STDIN", io.StringIO(text))


class _Chunks:
    """A file for psycopg's COPY that hands over one chunk of text per read, so a large COPY is never one string."""

    def __init__(self, chunks: Iterable[str]):
        self._chunks = (chunk for chunk in chunks if chunk)

    def read(self, size: int = -1) -> str:
        return next(self._chunks, "")


def copy_stream(model, columns: list[str], chunks: Iterable[str]) -> None:
    """COPY text-format lines, given chunk by chunk (each a whole number of lines), into the model's table in one
    COPY: the chunks are made as COPY asks for them."""
    table = connection.ops.quote_name(model._meta.db_table)
    column_sql = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.connection.cursor().copy_expert(f"COPY {table} ({column_sql}) FROM STDIN", _Chunks(chunks))

"""PostgreSQL COPY in text format, for the importers' bulk writes (same connection, same transaction)."""

import io

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

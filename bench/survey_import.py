"""Benchmark: the parent-survey import against the KanVAS import, per row, for files of the same size.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/npo_bench_survey /work/main/.venv/bin/python bench/survey_import.py [ROWS]

Works only in a database it creates itself: a new database with a random name (PostgreSQL) or an in-memory one
(SQLite), dropped at the end. It refuses to run when that database already exists, so it never writes into a
database someone else made (the name in DATABASE_URL only tells it which server to use).
Prints rows per second of both imports (parse, checks and write, as the user waits), the survey import's time per
row against the KanVAS import's for a file of the same size (target ≤ 3×), the time of parsing alone, and the two
halves of the browser's path: the upload's check and stored parse (the preview), and the confirm from that stored
parse (what the background job does for a file over 1 MB). On PostgreSQL it also COPYs the survey import's own
rows again, into a bare copy of the response table (no index, constraint or foreign key) and into the table itself
(its indexes, checks and foreign keys, commit included): the database's share of the write, which no Python change
removes.
"""

import io
import json
import os
import secrets
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "npo_planner.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from kanvas_import import long_file as kanvas_file  # noqa: E402
from survey_file import build as survey_file  # noqa: E402


def own_database_name() -> str:
    """A fresh database name; refuses when a database of that name already exists (PostgreSQL)."""
    name = f"npo_bench_survey_{secrets.token_hex(6)}"
    if connection.vendor == "postgresql":
        with connection._nodb_cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone():
                raise SystemExit(f"database {name} exists already; this benchmark only uses one it creates")
    return name


def best_of(runs: int, work) -> float:
    timings = []
    for attempt in range(runs):
        start = time.perf_counter()
        work(attempt)
        timings.append(time.perf_counter() - start)
    return min(timings)


def copy_floors(rows: int) -> tuple[float, float]:
    """Seconds to COPY the import's own rows (as `write_responses` builds them) into a new, empty copy of the
    response table: bare (no index, constraint or foreign key), and with the table's indexes, checks and deferred
    foreign keys (checked at the commit, which is included); best of 3 each."""
    from ouderbetrokkenheid import response_columns
    from ouderbetrokkenheid.importers import parse_rows
    from ouderbetrokkenheid.models import Survey
    from ouderbetrokkenheid.selectors import default_template

    survey = Survey.objects.filter(title="Bench").first()
    responses, _warnings, _ignored = parse_rows(survey_file(rows), "s.csv", default_template())
    copied = {}
    real = response_columns.copy_text
    response_columns.copy_text = lambda _model, columns, text: copied.update(columns=columns, text=text)
    try:
        response_columns.write_responses(survey.pk, responses)
    finally:
        response_columns.copy_text = real
    columns = ", ".join(connection.ops.quote_name(c) for c in copied["columns"])
    foreign_keys = [
        ("survey_id", "ouderbetrokkenheid_survey"),
        ("own_theme_id", "ouderbetrokkenheid_schooltheme"),
        ("entered_by_id", "auth_user"),
    ]

    def copy(full: bool) -> float:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS bench_copy")
            cursor.execute(
                "CREATE TABLE bench_copy (LIKE ouderbetrokkenheid_response "
                + ("INCLUDING ALL)" if full else "INCLUDING DEFAULTS INCLUDING IDENTITY)")
            )
            for column, target in foreign_keys if full else ():
                cursor.execute(
                    f"ALTER TABLE bench_copy ADD FOREIGN KEY ({column}) REFERENCES {target} (id) "
                    "DEFERRABLE INITIALLY DEFERRED"
                )
            start = time.perf_counter()
            with transaction.atomic():
                cursor.connection.cursor().copy_expert(
                    f"COPY bench_copy ({columns}) FROM STDIN", io.StringIO(copied["text"])
                )
            seconds = time.perf_counter() - start
            cursor.execute("DROP TABLE bench_copy")
        return seconds

    return min(copy(False) for _ in range(3)), min(copy(True) for _ in range(3))


def main() -> int:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    if connection.vendor == "postgresql":
        settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = own_database_name()
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit(1))  # drop the database when stopped too
    old = setup_databases(verbosity=0, interactive=False, keepdb=False)
    try:
        from kanvas.services import file_import
        from npo_planner.scholen.models import Board, School
        from ouderbetrokkenheid.importers import import_plan, parse_rows, responses_import, rows_to_json
        from ouderbetrokkenheid.selectors import default_template

        print(f"database: {connection.vendor} {connection.settings_dict['NAME']} (created by this run)")
        board = Board.objects.create(name="Bench")
        survey_data = survey_file(rows)
        # A KanVAS file of the same size in bytes.
        kanvas_rows = min(500_000, int(1000 * len(survey_data) / len(kanvas_file(1000))))
        kanvas_data = kanvas_file(kanvas_rows)
        schools = [School.objects.create(brin=f"9{i}ZZ", name=f"Bench {i}", board=board) for i in range(9)]

        def kanvas(attempt):
            file_import(
                school=schools[attempt], user=None, kind="antwoorden", data=kanvas_data, filename="k.csv"
            )

        def survey(attempt):
            result = responses_import(
                user=None,
                school=schools[3 + attempt],
                year_label="2021-2022",
                title="Bench",
                data=survey_data,
                filename="s.csv",
            )
            assert result.rows == rows

        stored = []

        def preview(attempt):
            plan = import_plan(
                school=schools[6], year_label="2021-2022", title="Bench", data=survey_data, filename="s.csv"
            )
            stored.append(json.dumps(rows_to_json(plan, survey_data)))  # as the JSON column keeps it

        def confirm(attempt):
            result = responses_import(
                user=None,
                school=schools[6 + attempt],
                year_label="2021-2022",
                title="Bench",
                data=b"",
                filename="s.csv",
                parsed=json.loads(stored[0]),
            )
            assert result.rows == rows

        template = default_template()
        parse = best_of(3, lambda _a: parse_rows(survey_data, "s.csv", template))
        kanvas_seconds = best_of(3, kanvas)
        survey_seconds = best_of(3, survey)
        preview_seconds = best_of(3, preview)
        confirm_seconds = best_of(3, confirm)
        floors = copy_floors(rows) if connection.vendor == "postgresql" else None
        kanvas_per_row = kanvas_seconds / kanvas_rows
        survey_per_row = survey_seconds / rows
        print(
            f"KanVAS file: {kanvas_rows:,} rows, {len(kanvas_data) / 1e6:.1f} MB; survey file: {rows:,} rows, "
            f"{len(survey_data) / 1e6:.1f} MB"
        )
        print(
            f"KanVAS import (best of 3): {kanvas_seconds:.3f} s ({kanvas_rows / kanvas_seconds:,.0f} rows/s)"
        )
        print(
            f"survey import (best of 3): {survey_seconds:.3f} s ({rows / survey_seconds:,.0f} rows/s); "
            f"parsing alone {parse:.3f} s"
        )
        print(
            f"in the browser: upload checked and stored {preview_seconds:.3f} s (stored parse "
            f"{len(stored[0]) / 1e6:.1f} MB of JSON), confirm from it {confirm_seconds:.3f} s"
        )
        if floors:
            print(
                f"the same rows COPYed alone into an empty copy of the response table (best of 3): bare "
                f"{floors[0]:.3f} s, with its indexes, checks and foreign keys {floors[1]:.3f} s"
            )
        print(
            f"ratio survey / KanVAS, seconds per row: {survey_per_row / kanvas_per_row:.1f}x (target <= 3x); "
            f"per file of the same size: {survey_seconds / kanvas_seconds:.1f}x"
        )
    finally:
        teardown_databases(old, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())

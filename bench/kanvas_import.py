"""Benchmark: import 100,000 KanVAS answer rows into PostgreSQL and compare with a plain COPY of the same rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/npo_kanvas /work/main/.venv/bin/python bench/kanvas_import.py

Runs in a throwaway test database (created and dropped, like the test runner does). Prints the import's rows per
second and its ratio to `COPY … FROM STDIN` of the same file into a bare table of six text columns (target ≤ 5×).
The import includes everything the user waits for: parsing, validating every row, creating pupils, groups and
enrollments, writing answers (COPY) and computing and storing scale scores, the import record and the audit entry.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "npo_planner.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402

ROWS = int(os.environ.get("BENCH_ROWS", "100000"))
MOMENT = "2021-najaar"


def make_file(rows: int) -> bytes:
    import random

    rng = random.Random(1)
    lines = ["leerling;groep;meetmoment;vragenlijst;vraag;antwoord"]
    pupil = 0
    while len(lines) <= rows:
        pupil += 1
        code = f"B{pupil:05d}"
        group = f"{5 + pupil % 4}{chr(97 + (pupil // 4) % 10)}"
        for questionnaire, prefix, count in (
            ("leerling", "L", 24),
            ("docent", "D", 24),
            ("ouder", "O", 24),
            ("veiligheid", "V", 22),
        ):
            for number in range(1, count + 1):
                lines.append(
                    f"{code};{group};{MOMENT};{questionnaire};{prefix}{number:02d};{rng.randint(1, 4)}"
                )
    return ("\n".join(lines[: rows + 1]) + "\n").encode("utf-8")


def plain_copy_seconds(data: bytes) -> float:
    import io

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_plain (leerling text, groep text, meetmoment text, vragenlijst text, "
            "vraag text, antwoord text)"
        )
        raw = cursor.connection.cursor()
        best = None
        for _attempt in range(3):
            cursor.execute("TRUNCATE bench_plain")
            start = time.perf_counter()
            raw.copy_expert(
                "COPY bench_plain FROM STDIN WITH (FORMAT csv, HEADER true, DELIMITER ';')", io.BytesIO(data)
            )
            elapsed = time.perf_counter() - start
            best = elapsed if best is None else min(best, elapsed)
        cursor.execute("SELECT count(*) FROM bench_plain")
        assert cursor.fetchone()[0] == ROWS
        cursor.execute("DROP TABLE bench_plain")
    return best


def main() -> int:
    if connection.vendor != "postgresql":
        print("Set DATABASE_URL to a PostgreSQL database; this benchmark measures COPY.", file=sys.stderr)
        return 2
    old = setup_databases(verbosity=0, interactive=False)
    try:
        from kanvas.models import Response
        from kanvas.services import file_import
        from npo_planner.scholen.models import Board, School

        board = Board.objects.create(name="Bench")
        data = make_file(ROWS)
        baseline = plain_copy_seconds(data)
        timings = []
        for attempt in range(3):  # best of three, each into a fresh school (the machine is shared)
            school = School.objects.create(
                brin=f"9{attempt}ZZ", name=f"Benchmarkschool {attempt}", board=board
            )
            start = time.perf_counter()
            record = file_import(school=school, user=None, kind="antwoorden", data=data, filename="bench.csv")
            timings.append(time.perf_counter() - start)
            stored = Response.objects.filter(participation__moment__school=school).values_list(
                "answers", flat=True
            )
            answered = sum(v is not None for answers in stored for v in answers.values())
            assert record.rows == ROWS == answered  # the file has no empty answers
        elapsed = min(timings)
        responses = Response.objects.filter(participation__moment__school=school)
        scores = sum(len(scores) for scores in responses.values_list("scores", flat=True))
        print(
            f"rows: {ROWS:,} ({len(data) / 1024 / 1024:.1f} MB), "
            f"responses stored: {responses.count():,}, scale scores stored: {scores:,}"
        )
        print(f"plain COPY into a bare table (best of 3): {baseline:.3f} s ({ROWS / baseline:,.0f} rows/s)")
        print(f"KanVAS import (best of 3):                {elapsed:.3f} s ({ROWS / elapsed:,.0f} rows/s)")
        print(f"ratio import / plain COPY:                {elapsed / baseline:.1f}x (target <= 5x)")
    finally:
        teardown_databases(old, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Times the parent-survey import against the KanVAS import for a file of the same size, then the results
selector and report, on SQLite.

Run: /work/main/.venv/bin/python bench/ouderbetrokkenheid_import.py [ROWS]
It always uses a new SQLite database in a new temporary directory that it creates (and removes), and refuses to
run when DATABASE_URL is set, so it never writes into a database it did not make (for PostgreSQL use
bench/survey_import.py, which creates its own database there)."""

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
if os.environ.get("DATABASE_URL"):
    raise SystemExit(
        "DATABASE_URL is set: this benchmark only uses a SQLite database it creates itself. Unset it, or use "
        "bench/survey_import.py for PostgreSQL (it creates its own database there)."
    )
OWN_DIR = tempfile.mkdtemp(prefix="bench_ouders_")
os.environ["NPO_VAR_DIR"] = OWN_DIR  # never a directory given from outside
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "npo_planner.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from kanvas_import import long_file as kanvas_file  # noqa: E402
from survey_file import build  # noqa: E402

from kanvas.services import file_import  # noqa: E402
from npo_planner.scholen.services import school_create  # noqa: E402
from ouderbetrokkenheid.importers import responses_import  # noqa: E402
from ouderbetrokkenheid.report import report_csv  # noqa: E402
from ouderbetrokkenheid.selectors import survey_results  # noqa: E402


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    database = connection.settings_dict["NAME"]
    if connection.vendor != "sqlite" or not str(database).startswith(OWN_DIR) or Path(database).exists():
        raise SystemExit(f"refusing to run: {database} is not a new database of this run")
    call_command("migrate", verbosity=0)
    print(f"database: sqlite {database} (created by this run)")
    school, _created = school_create(brin="98BE", name="Benchschool", board_name="Benchbestuur")
    kanvas_school, _created = school_create(brin="97BE", name="Benchschool K", board_name="Benchbestuur")
    data = build(rows)
    kanvas_rows = min(500_000, int(1000 * len(data) / len(kanvas_file(1000))))
    kanvas_data = kanvas_file(kanvas_rows)
    print(
        f"survey file: {rows} rows, {len(data) / 1024 / 1024:.1f} MB; KanVAS file: {kanvas_rows} rows, "
        f"{len(kanvas_data) / 1024 / 1024:.1f} MB"
    )
    start = time.perf_counter()
    file_import(school=kanvas_school, user=None, kind="antwoorden", data=kanvas_data, filename="k.csv")
    kanvas_seconds = time.perf_counter() - start
    print(f"KanVAS import: {kanvas_seconds:.2f} s ({kanvas_rows / kanvas_seconds:,.0f} rows/s)")
    start = time.perf_counter()
    result = responses_import(
        user=None,
        school=school,
        year_label="2021-2022",
        title="Bench",
        data=data,
        filename="bench.csv",
        replace=True,
    )
    survey_seconds = time.perf_counter() - start
    print(
        f"survey import: {survey_seconds:.2f} s for {result.rows} rows ({result.rows / survey_seconds:,.0f} rows/s)"
    )
    print(
        f"ratio survey / KanVAS, seconds per row: {(survey_seconds / rows) / (kanvas_seconds / kanvas_rows):.1f}x "
        f"(target <= 3x); per file of the same size: {survey_seconds / kanvas_seconds:.1f}x"
    )
    for stage in (None, "bovenbouw"):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            survey_results(survey=result.survey, stage=stage)
        print(f"survey_results(stage={stage}): {time.perf_counter() - start:.2f} s, {len(queries)} queries")
    start = time.perf_counter()
    report_csv(survey=result.survey)
    print(f"report: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(OWN_DIR, ignore_errors=True)

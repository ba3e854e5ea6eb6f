"""Times the parent-survey import, results selector and report on a large file.

Run: NPO_VAR_DIR=/tmp/bench_ouders /work/main/.venv/bin/python bench/ouderbetrokkenheid_import.py [ROWS]
(uses its own SQLite database under NPO_VAR_DIR; never the real one)."""

import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("NPO_VAR_DIR", tempfile.mkdtemp(prefix="bench_ouders_"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "npo_planner.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from npo_planner.lib.csv_export import csv_text  # noqa: E402
from npo_planner.scholen.services import school_create  # noqa: E402
from ouderbetrokkenheid.importers import responses_import  # noqa: E402
from ouderbetrokkenheid.report import report_csv  # noqa: E402
from ouderbetrokkenheid.selectors import survey_results  # noqa: E402


def build(rows: int) -> bytes:
    rng = random.Random(1)
    header = [
        "respondent",
        "bouw",
        *[f"s{n}" for n in range(1, 10)],
        *[f"p{n}" for n in range(1, 9)],
        "opmerking",
    ]
    data = []
    for index in range(rows):
        team = index % 5 == 0
        statements = [str(rng.randint(1, 4)) for _ in range(7)] + (
            ["", ""] if team else [str(rng.randint(1, 4)), ""]
        )
        options = [str(rng.randint(1, 3)) for _ in range(8)]
        bouw = rng.choice(["onderbouw", "middenbouw", "bovenbouw", "onderbouw|bovenbouw"])
        data.append(
            [
                "team" if team else "ouder",
                bouw,
                *statements,
                *options,
                "Via de app graag" if index % 7 == 0 else "",
            ]
        )
    return csv_text(header, data).encode("utf-8")


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    call_command("migrate", verbosity=0)
    school, _created = school_create(brin="98BE", name="Benchschool", board_name="Benchbestuur")
    data = build(rows)
    print(f"file: {rows} rows, {len(data) / 1024 / 1024:.1f} MB")
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
    print(f"import: {time.perf_counter() - start:.1f} s for {result.rows} rows")
    for stage in (None, "bovenbouw"):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            survey_results(survey=result.survey, stage=stage)
        print(f"survey_results(stage={stage}): {time.perf_counter() - start:.2f} s, {len(queries)} queries")
    start = time.perf_counter()
    report_csv(survey=result.survey)
    print(f"report: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()

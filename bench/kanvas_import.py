"""Benchmark: a KanVAS answers file imported as a user waits for it, in the long and the wide layout (CONTRACT §3),
against a plain COPY of the same file in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/npo_bench_kanvas .venv/bin/python bench/kanvas_import.py [ROWS]

ROWS defaults to 500,000 (CONTRACT §1's maximum); pupil codes have 10 characters. Runs in a throwaway test database
(created and dropped, like the test runner does).

Each measurement is a fresh process, timed from before its start to its end, so the interpreter, Django and pandas
starting are included, as for a worker that has just been recycled:
- import: store the upload, parse and check it for the preview (the Plan is kept with the upload), confirm, and run
  the background job that writes it (pupils, groups, enrollments, participations, responses with their scale scores
  by COPY, the import record, the audit entry) and commits. The worker's polling of the queue (at most a second) is
  not included; preview and job run in one process here (in production they are a web and a worker process).
- COPY: a process that connects and COPYs the same file into a bare table of text columns (6 for the long layout,
  one per column for the wide one).
The two alternate (COPY, import, COPY, import, …) so both see the same load; every run is printed, then the best of
each and their ratio, the import's peak memory (maximum resident set of its process) and the machine's load average.
"""

import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "npo_planner.settings")

MOMENT = "2021-najaar"
QUESTIONNAIRES = (("leerling", "L", 24), ("docent", "D", 24), ("ouder", "O", 24), ("veiligheid", "V", 22))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def _pupils(rows_wanted: int, per_row: int):
    """(code, group, questionnaire, prefix, count, answers) for as many responses as make `rows_wanted` rows."""
    rng = random.Random(1)
    rows, pupil = 0, 0
    while rows < rows_wanted:
        pupil += 1
        code = f"B{pupil:09d}"  # 10 characters
        group = f"{5 + pupil % 4}{chr(97 + (pupil // 4) % 10)}"
        for questionnaire, prefix, count in QUESTIONNAIRES:
            yield code, group, questionnaire, prefix, count, [rng.randint(1, 4) for _ in range(count)]
            rows += count if per_row == 1 else 1
            if rows >= rows_wanted:
                return


def long_file(rows: int) -> bytes:
    lines = ["leerling;groep;meetmoment;vragenlijst;vraag;antwoord"]
    for code, group, questionnaire, prefix, count, answers in _pupils(rows, 1):
        lines += [
            f"{code};{group};{MOMENT};{questionnaire};{prefix}{n:02d};{answers[n - 1]}"
            for n in range(1, count + 1)
        ]
    return ("\n".join(lines[: rows + 1]) + "\n").encode("utf-8")


def wide_file(rows: int) -> bytes:
    """One row per pupil and questionnaire, a column per item of all four questionnaires (an export of every
    questionnaire in one sheet: the other questionnaires' cells of a row are empty)."""
    items = [
        (prefix, f"{prefix}{n:02d}") for _q, prefix, count in QUESTIONNAIRES for n in range(1, count + 1)
    ]
    lines = ["leerling;groep;meetmoment;vragenlijst;" + ";".join(item for _p, item in items)]
    for code, group, questionnaire, prefix, _count, answers in _pupils(rows, 0):
        given = iter(answers)
        cells = [str(next(given)) if p == prefix else "" for p, _item in items]
        lines.append(f"{code};{group};{MOMENT};{questionnaire};" + ";".join(cells))
    return ("\n".join(lines) + "\n").encode("utf-8")


def child_copy(path: str, database_url: str) -> None:
    import psycopg2

    with open(path, "rb") as handle:
        header = handle.readline().decode().strip().split(";")
        handle.seek(0)
        connection = psycopg2.connect(database_url)
        cursor = connection.cursor()
        columns = ", ".join(f'"c{i}" text' for i in range(len(header)))
        cursor.execute(f"CREATE TEMP TABLE bench_plain ({columns})")
        started = time.perf_counter()
        cursor.copy_expert(
            "COPY bench_plain FROM STDIN WITH (FORMAT csv, HEADER true, DELIMITER ';')", handle
        )
        connection.commit()
        print(f"{time.perf_counter() - started:.3f}")
        connection.close()


def child_import(path: str, brin: str) -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from kanvas import import_jobs, services
    from kanvas.models import ImportRecord
    from npo_planner.jobs.models import Job
    from npo_planner.jobs.tasks import run_job
    from npo_planner.scholen.models import Board, School

    started = time.perf_counter()
    board, _ = Board.objects.get_or_create(name="Bench")
    school = School.objects.create(brin=brin, name=f"Benchmarkschool {brin}", board=board)
    user = get_user_model().objects.create(username=f"bench{brin}")
    data = Path(path).read_bytes()
    pending = services.upload_store(
        school=school, user=user, kind="antwoorden", filename=Path(path).name, data=data, replace=False
    )
    plan, errors = services.upload_check(pending=pending)
    assert errors is None, errors[:3]
    previewed = time.perf_counter()
    job = import_jobs.upload_confirm_later(pending=pending, user=user)
    run_job.func(str(job.pk))  # what the worker does with the queued task
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    assert ImportRecord.objects.get(school=school).rows == plan.rows_written
    written = time.perf_counter()
    print(f"{previewed - started:.3f} {written - previewed:.3f}")


def _run(args: list[str], env: dict) -> tuple[float, str, float]:
    """(seconds from before the process starts to its end, its output, its peak memory in MB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, *args], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, done.stdout.strip(), max(peak, before) / 1024


def main() -> int:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    if connection.vendor != "postgresql":
        print("Set DATABASE_URL to a PostgreSQL database; this benchmark measures COPY.", file=sys.stderr)
        return 2
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get("BENCH_ROWS", "500000"))
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
    old = setup_databases(verbosity=0, interactive=False)
    workdir = Path(os.environ.get("TMPDIR", "/tmp")) / f"kanvas-bench-{os.getpid()}"
    workdir.mkdir()
    try:
        settings = connection.settings_dict
        database_url = (
            f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{settings['HOST'] or '127.0.0.1'}:"
            f"{settings['PORT'] or 5432}/{settings['NAME']}"
        )
        env = {**os.environ, "DATABASE_URL": database_url}
        for layout, make in (("long", long_file), ("wide", wide_file)):
            data = make(rows)
            path = workdir / f"kanvas-{layout}.csv"
            path.write_bytes(data)
            lines = data.count(b"\n") - 1
            print(f"\n{layout} layout: {lines:,} data rows, {len(data) / 1024 / 1024:.1f} MB")
            copies, copies_alone, imports, first_calls, peaks = [], [], [], [], []
            for attempt in range(RUNS):
                seconds, out, _peak = _run(["--copy", str(path), database_url], env)
                copies.append(seconds)
                copies_alone.append(float(out))
                seconds, out, peak = _run(["--import", str(path), f"{layout[0].upper()}{attempt}ZZ"], env)
                preview, write = (float(x) for x in out.split())
                imports.append(seconds)
                first_calls.append(preview + write)
                peaks.append(peak)
                print(
                    f"  run {attempt + 1}: COPY {copies[-1]:.2f} s (the COPY itself {copies_alone[-1]:.2f}) | "
                    f"import {seconds:.2f} s (process start {seconds - preview - write:.2f}, upload + preview "
                    f"{preview:.2f}, confirm + job {write:.2f}), peak memory so far {peak:.0f} MB"
                )
            best = {
                name: min(values)
                for name, values in (
                    ("copy", copies),
                    ("copy_alone", copies_alone),
                    ("import", imports),
                    ("first", first_calls),
                )
            }
            print(f"  best of {RUNS}:")
            print(f"    COPY, process start included:                 {best['copy']:.2f} s")
            print(f"    import, process start included:               {best['import']:.2f} s")
            print(f"    ratio:                                        {best['import'] / best['copy']:.1f}x")
            print(f"    COPY alone (connected):                       {best['copy_alone']:.2f} s")
            print(
                f"    import, first call in a started process:      {best['first']:.2f} s "
                f"({lines / best['first']:,.0f} rows/s; target 10 s for 500,000 rows)"
            )
            print(
                f"    ratio:                                        {best['first'] / best['copy_alone']:.1f}x"
            )
            print(f"    peak memory of an import process:             {max(peaks):.0f} MB (target < 1024 MB)")
    finally:
        for file in workdir.iterdir():
            file.unlink()
        workdir.rmdir()
        teardown_databases(old, verbosity=0)
    print(f"\nload average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--copy"]:
        child_copy(sys.argv[2], sys.argv[3])
    elif sys.argv[1:2] == ["--import"]:
        child_import(sys.argv[2], sys.argv[3])
    else:
        sys.exit(main())

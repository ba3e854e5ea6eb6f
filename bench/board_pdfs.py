"""Benchmark: the board's batch of programme PDFs (issue 18.4: a board with 40 schools gets its ZIP within a
minute on this machine), against one PDF rendered alone in the same run.

    .venv/bin/python bench/board_pdfs.py [SCHOOLS] [PROCESSES]      (defaults: 40 schools, settings.PDF_PROCESSES)

Works only in a database it creates itself (the test database of DATABASE_URL's server: in-memory SQLite by
default, or a new PostgreSQL database with a random name), dropped at the end. Loads the demo and gives the demo
board SCHOOLS schools, each with a concept programme holding the demo programme's items (so every PDF is rendered,
none is served from storage), then times the batch job's work (`board_pdfs.make_zip`) as the worker runs it.
Prints the seconds, PDFs, pages, seconds per page, the serial estimate from the single PDF, and the load average.
"""

import io
import os
import secrets
import signal
import sys
import time
import zipfile
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "npo_planner.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from pypdf import PdfReader  # noqa: E402

TARGET_SECONDS = 60.0


def own_database_name() -> str:
    name = f"npo_bench_pdfs_{secrets.token_hex(6)}"
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone():
            raise SystemExit(f"database {name} exists already; this benchmark only uses one it creates")
    return name


def make_board(count: int):
    """The demo board with `count` schools, each with a concept programme of the demo programme's items."""
    from npo_planner.programma.models import Item, Programme
    from npo_planner.scholen.models import School, SchoolYear

    settings.EMAIL_BACKEND = (
        "django.core.mail.backends.locmem.EmailBackend"  # the demo's mails stay in memory
    )
    call_command("demo", stdout=io.StringIO())
    year = SchoolYear.objects.get(label="2021-2022")
    source = Programme.objects.select_related("school__board", "last_year", "stream").get(
        school__brin="12AB", first_year=year
    )
    items = list(source.items.all())
    board = source.school.board
    Programme.objects.filter(school__board=board).update(status=Programme.Status.CONCEPT)
    existing = School.objects.filter(board=board).count()
    for number in range(count - existing):
        letters = chr(65 + number // 26) + chr(65 + number % 26)
        school = School.objects.create(
            brin=f"9{number % 10}{letters}", name=f"Bench {number:02d}", board=board
        )
        programme = Programme.objects.create(
            school=school,
            stream=source.stream,
            first_year=year,
            last_year=source.last_year,
            title=source.title,
        )
        Item.objects.bulk_create([Item(**{**_fields(item), "programme": programme}) for item in items])
    return board, year, source


def _fields(item) -> dict:
    return {
        f.attname: getattr(item, f.attname)
        for f in item._meta.concrete_fields
        if f.name not in ("id", "programme")
    }


def main() -> int:
    schools = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    processes = int(sys.argv[2]) if len(sys.argv) > 2 else settings.PDF_PROCESSES
    if connection.vendor == "postgresql":
        settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = own_database_name()
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit(1))  # drop the database when stopped too
    old = setup_databases(verbosity=0, interactive=False, keepdb=False)
    try:
        from npo_planner.programma import board_pdfs
        from npo_planner.programma.models import Programme
        from npo_planner.programma.pdf import render_pdf

        print(f"database: {connection.vendor} {connection.settings_dict['NAME']} (created by this run)")
        board, year, source = make_board(schools)
        clone = Programme.objects.filter(school__board=board, school__name__startswith="Bench").first()
        render_pdf(programme=clone)  # warm-up: fonts, templates, the chart cache
        started = time.perf_counter()
        single = render_pdf(programme=clone)
        single_seconds = time.perf_counter() - started
        single_pages = len(PdfReader(io.BytesIO(single)).pages)

        settings.PDF_PROCESSES = processes
        job = SimpleNamespace(params={"school_year": year.pk}, board=board, created_by=None)
        load_before = os.getloadavg()
        started = time.perf_counter()
        filename, data = board_pdfs.make_zip(job, lambda done, total: None)
        seconds = time.perf_counter() - started
        load_after = os.getloadavg()
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
        pages = sum(len(PdfReader(io.BytesIO(archive.read(n))).pages) for n in names)
        print(
            f"one PDF alone: {single_seconds:.2f} s, {single_pages} pages ({single_seconds / single_pages:.3f} s/page)"
        )
        print(
            f"batch: {len(names)} PDFs, {pages} pages, {len(data) / 1e6:.1f} MB zip, {processes} processes: "
            f"{seconds:.1f} s ({seconds / pages:.3f} s/page); serial estimate {pages * single_seconds / single_pages:.1f} s"
            f" -> {pages * single_seconds / single_pages / seconds:.2f}x"
        )
        print(
            "load average (1, 5, 15 min) before "
            + ", ".join(f"{v:.1f}" for v in load_before)
            + "; after "
            + ", ".join(f"{v:.1f}" for v in load_after)
            + f"; {os.cpu_count()} cores"
        )
        ok = seconds <= TARGET_SECONDS
        print(f"target: {schools} schools within {TARGET_SECONDS:.0f} s: " + ("met" if ok else "NOT met"))
        return 0 if ok else 2
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())

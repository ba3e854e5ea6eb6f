"""CPU cost of the journeys' pages, against the trivial view, in one process (no server, no network).

    .venv/bin/python bench/page_cost.py [--db npo_bench_cost] [--reuse] [--repeat 15] [--profile PATH]

It makes a fresh database (--db, default npo_bench_cost; it must start with npo_bench and is dropped first, unless
--reuse finds it made by an earlier run), loads the demo, and opens every page of the four journeys of
bench/load_test.py as a user of that role (`--repeat` times each, after two warm-up requests), measuring the CPU
time of this process (`time.process_time`, so other work on a shared machine slows it less than wall time) and the
queries. It prints per page the median CPU milliseconds, the queries, and the ratio to /health/ measured in the
same run; then the journeys' mean and the pages per CPU-second one core serves. With --profile PATH it also
writes the cProfile statistics of all journey pages (call counts) to PATH, for `python -m pstats`.
"""

import argparse
import cProfile
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from load_test import JOURNEYS  # noqa: E402  (the same pages as the load test)


def make_database(pg: str, db: str, reuse: bool) -> None:
    import psycopg2

    conn = psycopg2.connect(pg + "/postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db])
        exists = cursor.fetchone() is not None
        if exists and reuse:
            conn.close()
            return
        cursor.execute(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {db}")
    conn.close()
    env = {**os.environ, "DATABASE_URL": f"{pg}/{db}"}
    for command in (["migrate", "-v0"], ["createcachetable"], ["demo"]):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )


def measure(client, path: str, repeat: int, profiler=None) -> tuple[float, int]:
    """(median CPU ms, queries) of `repeat` requests of `path` (redirects followed, as a browser does) after two
    warm-up requests."""
    from django.db import connection

    for _ in range(2):
        response = client.get(path, follow=True)
        if response.status_code != 200:
            raise SystemExit(f"{path}: status {response.status_code}")
    count = [0]

    def counter(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        client.get(path, follow=True)
    times = []
    for _ in range(repeat):
        started = time.process_time()
        client.get(path, follow=True)
        times.append((time.process_time() - started) * 1000)
    if profiler:  # a separate pass: the profiler's own cost stays out of the figures
        profiler.enable()
        for _ in range(repeat):
            client.get(path, follow=True)
        profiler.disable()
    return statistics.median(times), count[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg", default=os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--db", default="npo_bench_cost")
    parser.add_argument("--reuse", action="store_true", help="use the database an earlier run made")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--profile", help="write cProfile statistics of the journey pages here")
    args = parser.parse_args()
    if not re.fullmatch(r"npo_bench\w*", args.db):
        parser.error("--db must start with npo_bench (it is dropped and made again)")
    if not 1 <= args.repeat <= 200:
        parser.error("--repeat: 1 to 200")
    make_database(args.pg, args.db, args.reuse)
    os.environ["DATABASE_URL"] = f"{args.pg}/{args.db}"
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("DB_CONN_MAX_AGE", "60")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "npo_planner.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from kanvas.models import Participation  # noqa: F401  (the demo's models are loaded)
    from menukaart.models import Intervention
    from npo_planner.programma.models import Programme
    from npo_planner.scholen.models import Group, Pupil, School
    from npo_planner.scholen.services import membership_grant
    from ouderbetrokkenheid.models import Survey

    school = School.objects.get(brin="12AB")
    ids = {
        "brin": school.brin,
        "group": Group.objects.get(school=school, name="6a").pk,
        "pupil": Pupil.objects.get(school=school, code="RB607").pk,
        "survey": Survey.objects.filter(school=school).first().pk,
        "programme": Programme.objects.filter(school=school).first().pk,
        "intervention": Intervention.objects.get(code="kanjertraining", school=None).pk,
    }
    clients = {}
    for role in JOURNEYS:
        user, created = get_user_model().objects.get_or_create(username=f"bench_cost_{role}")
        if created:
            membership_grant(
                user=user, school=school, role=role, group_names=["5a"] if role == "leerkracht" else None
            )
        client = Client()
        client.force_login(user)  # the pages after login: two-factor is a step of the login, not of a page
        clients[role] = client

    profiler = cProfile.Profile(time.process_time) if args.profile else None  # CPU, not waiting
    base_ms, base_queries = measure(clients["directeur"], "/health/", args.repeat)
    print(f"{'page':<52}{'CPU ms':>8}{'queries':>9}{'× health':>10}")
    print(f"{'/health/ (trivial view)':<52}{base_ms:>8.1f}{base_queries:>9}{1:>10.1f}")
    costs = []
    for role, paths in JOURNEYS.items():
        for path in paths:
            url = path.format(**ids)
            ms, queries = measure(clients[role], url, args.repeat, profiler)
            costs.append(ms)
            print(f"{role + ' ' + path:<52}{ms:>8.1f}{queries:>9}{ms / base_ms:>10.1f}")
    mean = statistics.mean(costs)
    print(
        f"journey pages: mean {mean:.1f} ms CPU = {mean / base_ms:.1f}× /health/; one core serves "
        f"{1000 / mean:.0f} pages/s against {1000 / base_ms:.0f} /health/ per second"
    )
    if profiler:
        profiler.dump_stats(args.profile)
        print(f"profile of the journey pages written to {args.profile}")


if __name__ == "__main__":
    main()

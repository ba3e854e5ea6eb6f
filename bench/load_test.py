"""Load test: simulated users doing the users' journeys against gunicorn on 127.0.0.1 with PostgreSQL.

    .venv/bin/python bench/load_test.py [--users 50] [--seconds 45] [--pg postgres://postgres@127.0.0.1:5432]
    .venv/bin/python bench/load_test.py --think 5 20 --steps 50,100,200,300 --step-seconds 90

It makes a fresh database (--db, default npo_bench; it must start with npo_bench), loads the demo, gives every simulated user an account of its own (with its
own authenticator key where the role requires one), starts gunicorn, and runs two bounded phases with the same
number of concurrent users: a trivial view (/health/, no database) as the baseline, then the journeys. It prints
requests per second, p95 latency and the error count of each, and their ratio. Traffic goes to 127.0.0.1 only.

With --think MIN MAX it then answers how many users this machine serves as real users use it: each user reads a
page for a random MIN–MAX seconds before opening the next (users start spread over the first MAX seconds), at each
number of users in --steps, for --step-seconds each, stopping at the first step whose p95 is 300 ms or more (or
that has errors). It prints the largest number of users served at p95 < 300 ms. Bounded: at most 600 users, 8
steps and 180 s per step.
"""

import argparse
import http.cookiejar
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
PASSWORD = "bench-wachtwoord-2021"
TARGET_P95_MS = 300
DB = "npo_bench"
MAX_USERS, MAX_STEPS, MAX_STEP_SECONDS = 600, 8, 180

# The journeys of the four kinds of user (DESIGN.md), as the pages they open in order; {brin} is the demo school.
JOURNEYS = {
    "directeur": [
        "/{brin}/",
        "/{brin}/schoolscan/",
        "/{brin}/schoolscan/onderdeel/conclusies/",
        "/{brin}/menukaart/",
        "/{brin}/menukaart/keuzehulp/",
        "/{brin}/menukaart/{intervention}/",
        "/{brin}/programma/",
        "/{brin}/programma/{programme}/",
    ],
    "ib": [
        "/{brin}/kanvas/",
        "/{brin}/kanvas/groep/{group}/",
        "/{brin}/kanvas/leerling/{pupil}/",
        "/{brin}/kanvas/sociogram/",
        "/{brin}/kanvas/veiligheid/",
    ],
    "leerkracht": [
        "/{brin}/",
        "/{brin}/ouders/",
        "/{brin}/ouders/peilingen/{survey}/resultaten/",
        "/{brin}/ouders/peilingen/{survey}/invoeren/",
        "/{brin}/kanvas/",
    ],
    "bestuur": ["/bestuur/", "/{brin}/programma/"],
}


def setup_database(pg: str, users: int) -> dict[str, tuple[str, str | None]]:
    """Fresh database with the demo and one account per simulated user: username → (role, totp secret)."""
    import psycopg2

    conn = psycopg2.connect(pg + "/postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {DB}")
    conn.close()
    env = {**os.environ, "DATABASE_URL": f"{pg}/{DB}"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    # The cache tables (CACHES: login locks, rate limits, charts), as scripts/serve makes them.
    subprocess.run([sys.executable, "manage.py", "createcachetable"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [sys.executable, "manage.py", "demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )
    script = f"""
from npo_planner.scholen.models import School, TwoFactorDevice
from npo_planner.scholen.services import membership_grant
from npo_planner.scholen import totp
from django.utils import timezone
school = School.objects.get(brin="12AB")
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
roles = {list(JOURNEYS)!r}
hashed = make_password({PASSWORD!r})  # once: hashing is slow by design, and every account has the same password
for i in range({users}):
    role = roles[i % len(roles)]
    user = get_user_model().objects.create(username=f"bench{{i}}", password=hashed)
    membership_grant(user=user, school=school, role=role, group_names=["5a"] if role == "leerkracht" else None)
    secret = ""
    if role in ("directeur", "ib", "bestuur"):
        secret = TwoFactorDevice.objects.get_or_create(user=user, defaults={{"secret": totp.generate_secret(), "confirmed_at": timezone.now()}})[0].secret
    print(f"bench{{i}} {{role}} {{secret}}")
from django.urls import reverse
from kanvas.models import Participation
from menukaart.models import Intervention
from npo_planner.programma.models import Programme
from ouderbetrokkenheid.models import Survey
from npo_planner.scholen.models import Group, Pupil
ids = dict(
    group=Group.objects.get(school=school, name="6a").pk,
    pupil=Pupil.objects.get(school=school, code="RB607").pk,
    survey=Survey.objects.filter(school=school).first().pk,
    programme=Programme.objects.filter(school=school).first().pk,
    intervention=Intervention.objects.get(code="kanjertraining", school=None).pk,
)
print("IDS " + " ".join(f"{{k}}={{v}}" for k, v in ids.items()))
"""
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    accounts = {"_ids": {}}
    for line in out.splitlines():
        if line.startswith("IDS "):
            accounts["_ids"] = dict(pair.split("=") for pair in line[4:].split())
        parts = line.split()
        if len(parts) >= 2 and parts[0].startswith("bench"):
            accounts[parts[0]] = (parts[1], parts[2] if len(parts) > 2 else None)
    return accounts


def start_gunicorn(pg: str) -> subprocess.Popen:
    try:
        urllib.request.urlopen(BASE + "/health/", timeout=1)
    except OSError:
        pass
    else:
        raise SystemExit(f"Port {PORT} is in use by another server; stop it first.")
    env = {**os.environ, "DATABASE_URL": f"{pg}/{DB}", "DEBUG": "0", "DB_CONN_MAX_AGE": "60"}
    workers = str(2 * (os.cpu_count() or 2) + 1)
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "npo_planner.wsgi",
            "-b",
            f"127.0.0.1:{PORT}",
            "-w",
            workers,
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(150):
        try:
            urllib.request.urlopen(BASE + "/health/", timeout=2).read()
            return process
        except OSError:  # refused, reset or timed out while the workers boot
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


class Client:
    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path):
        with self.opener.open(BASE + path, timeout=30) as response:
            return response.status, response.geturl(), response.read().decode("utf-8", "replace")

    def post(self, path, data):
        body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(BASE + path, data=body, headers={"Referer": BASE + path})
        with self.opener.open(request, timeout=30) as response:
            return response.status, response.geturl(), response.read().decode("utf-8", "replace")

    def login(self, username, secret):
        from npo_planner.scholen import totp

        _s, _u, html = self.get("/account/inloggen/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
        _s, url, html = self.post(
            "/account/inloggen/", {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD}
        )
        if "/inloggen/code/" in url:
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
            code = totp.code_at(secret, totp.current_step())
            _s, url, html = self.post("/account/inloggen/code/", {"csrfmiddlewaretoken": token, "code": code})
        if "/account/inloggen" in url:
            raise RuntimeError(f"login failed for {username}")


def run_phase(clients, paths_for, seconds):
    latencies, errors, lock = [], [0], threading.Lock()
    per_path: dict[str, list[float]] = {}
    deadline = time.monotonic() + seconds

    def worker(client, paths):
        index = 0
        while time.monotonic() < deadline:
            path = paths[index % len(paths)]
            index += 1
            started = time.monotonic()
            try:
                status, _url, _html = client.get(path)
                failed = status >= 400
            except OSError:  # refused, reset or timed out
                failed = True
            with lock:
                latencies.append(time.monotonic() - started)
                per_path.setdefault(path, []).append(latencies[-1])
                errors[0] += failed

    threads = [threading.Thread(target=worker, args=(c, paths_for(c))) for c in clients]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    p95 = statistics.quantiles(latencies, n=20)[-1] if len(latencies) > 20 else max(latencies)
    slowest = sorted(((statistics.mean(v) * 1000, k) for k, v in per_path.items()), reverse=True)[:6]
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p95_ms": p95 * 1000,
        "errors": errors[0],
        "slowest": slowest,
    }


def run_think_phase(clients, paths_for, seconds, think: tuple[float, float], seed: int = 21):
    """Each user opens a page, reads it for a random think time, opens the next; latencies of the pages only."""
    latencies, errors, lock = [], [0], threading.Lock()
    deadline = time.monotonic() + seconds
    low, high = think

    def worker(client, paths, rng):
        index = 0
        time.sleep(rng.uniform(0, high))  # users arrive spread out, not all at once
        while time.monotonic() < deadline:
            path = paths[index % len(paths)]
            index += 1
            started = time.monotonic()
            try:
                status, _url, _html = client.get(path)
                failed = status >= 400
            except OSError:
                failed = True
            with lock:
                latencies.append(time.monotonic() - started)
                errors[0] += failed
            time.sleep(min(rng.uniform(low, high), max(0.0, deadline - time.monotonic())))

    threads = [
        threading.Thread(target=worker, args=(c, paths_for(c), random.Random(seed + i)))
        for i, c in enumerate(clients)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    if not latencies:
        return {"requests": 0, "rps": 0.0, "p95_ms": float("inf"), "errors": errors[0]}
    p95 = statistics.quantiles(latencies, n=20)[-1] if len(latencies) > 20 else max(latencies)
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p95_ms": p95 * 1000,
        "errors": errors[0],
    }


def find_users_served(clients, paths_for, steps, seconds, think):
    """The largest number of users (of `steps`) served at p95 < TARGET_P95_MS without errors; stops at the first
    step that misses it. Returns (users served, [(users, result)])."""
    results = []
    for users in steps:
        print(f"think-time phase: {users} users, {seconds}s ...", flush=True)
        result = run_think_phase(clients[:users], paths_for, seconds, think)
        results.append((users, result))
        print(
            f"  {result['requests']} requests, {result['rps']:.1f} req/s, p95 {result['p95_ms']:.0f} ms, "
            f"{result['errors']} errors",
            flush=True,
        )
        if result["p95_ms"] >= TARGET_P95_MS or result["errors"]:
            break
    served = [users for users, r in results if r["p95_ms"] < TARGET_P95_MS and not r["errors"]]
    return (max(served) if served else 0), results


def _steps(text: str) -> list[int]:
    steps = sorted({int(part) for part in text.split(",") if part.strip()})
    if not steps or len(steps) > MAX_STEPS or steps[0] < 1 or steps[-1] > MAX_USERS:
        raise argparse.ArgumentTypeError(f"1 to {MAX_STEPS} numbers of users between 1 and {MAX_USERS}")
    return steps


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=45)
    parser.add_argument("--pg", default=os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--think", type=float, nargs=2, metavar=("MIN", "MAX"), help="think time in seconds")
    parser.add_argument(
        "--steps", type=_steps, default=_steps("50,100,200,300"), help="numbers of users to try"
    )
    parser.add_argument("--step-seconds", type=int, default=90)
    parser.add_argument(
        "--db", default="npo_bench", help="the database this run makes (and drops first): npo_bench…"
    )
    args = parser.parse_args()
    if not re.fullmatch(r"npo_bench\w*", args.db):
        parser.error("--db must start with npo_bench (it is dropped and made again)")
    global DB
    DB = args.db
    if (
        args.users > MAX_USERS
        or not 1 <= args.step_seconds <= MAX_STEP_SECONDS
        or args.seconds > MAX_STEP_SECONDS
    ):
        parser.error(f"at most {MAX_USERS} users and {MAX_STEP_SECONDS} s per phase")
    if args.think and not 0 <= args.think[0] <= args.think[1] <= 60:
        parser.error("--think MIN MAX: 0 <= MIN <= MAX <= 60")
    accounts_needed = max(args.users, args.steps[-1] if args.think else 0)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "npo_planner.settings")
    import django

    django.setup()
    print(f"Preparing database and {accounts_needed} accounts ...", flush=True)
    accounts = setup_database(args.pg, accounts_needed)
    ids = accounts.pop("_ids")
    server = start_gunicorn(args.pg)
    try:
        clients = []
        for username, (role, secret) in accounts.items():
            client = Client()
            client.login(username, secret)
            client.role = role
            clients.append(client)
        print(f"{len(clients)} users logged in; baseline phase ({args.seconds}s) ...", flush=True)

        def journey(c):
            return [p.format(brin="12AB", **ids) for p in JOURNEYS[c.role]]

        closed = clients[: args.users]
        base = run_phase(closed, lambda c: ["/health/"], args.seconds)
        print(f"journey phase ({args.seconds}s) ...", flush=True)
        journeys = run_phase(closed, journey, args.seconds)
        served = None
        if args.think:
            served, steps = find_users_served(
                clients, journey, args.steps, args.step_seconds, tuple(args.think)
            )
    finally:
        server.terminate()
        server.wait(timeout=10)
    print()
    print(f"{'phase':<10}{'requests':>10}{'req/s':>10}{'p95 ms':>10}{'errors':>8}")
    for name, result in (("health", base), ("journeys", journeys)):
        print(
            f"{name:<10}{result['requests']:>10}{result['rps']:>10.1f}{result['p95_ms']:>10.1f}{result['errors']:>8}"
        )
    print(
        f"ratio journeys/health: req/s {journeys['rps'] / base['rps']:.2f}, p95 {journeys['p95_ms'] / base['p95_ms']:.2f}"
    )
    print("slowest pages (mean ms): " + ", ".join(f"{path} {ms:.0f}" for ms, path in journeys["slowest"]))
    if served is not None:
        think = f"{args.think[0]:g}-{args.think[1]:g} s"
        print(f"think time {think}: " + ", ".join(f"{u} users p95 {r['p95_ms']:.0f} ms" for u, r in steps))
        if served and served == args.steps[-1]:
            print(
                f"users served at p95 < {TARGET_P95_MS} ms with think time {think}: at least {served} (all steps)"
            )
        elif served:
            print(f"users served at p95 < {TARGET_P95_MS} ms with think time {think}: {served}")
        else:
            print(f"users served at p95 < {TARGET_P95_MS} ms with think time {think}: none of the steps")
    return 1 if journeys["errors"] or base["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())

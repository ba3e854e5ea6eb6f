"""Load test: simulated users doing the users' journeys against gunicorn on 127.0.0.1 with PostgreSQL.

    .venv/bin/python bench/load_test.py [--users 50] [--seconds 45] [--pg postgres://postgres@127.0.0.1:5432]
    .venv/bin/python bench/load_test.py --think 5 20 --steps 50,100,200,300 --step-seconds 90 [--servers 2]

It makes a fresh database (--db, default npo_bench; it must start with npo_bench), loads the demo, gives every
simulated user an account of its own (with its own authenticator key where the role requires one; the first few
log in through the pages, the others get the session a login makes), starts gunicorn as scripts/serve does
(workers recycled) — with --servers 2 two of them on one database, each user's requests going to each in turn —
and runs two bounded phases with the same number of concurrent users: the trivial view (/health/: the middleware,
one query and a storage round trip) as the baseline, then the journeys. It prints requests per second, p95 latency
and the error count of each, their ratio, and the machine's load average. Traffic goes to 127.0.0.1 only.

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


REAL_LOGINS = 8  # users who log in through the login page and the code step (the check that the flow works)


def setup_database(pg: str, users: int) -> dict[str, tuple[str, str | None, str | None]]:
    """Fresh database with the demo and one account per simulated user: username → (role, totp secret, session
    key). The first REAL_LOGINS users log in through the pages; the others get the session a login makes, made
    directly (hashing 500 passwords through the login page takes minutes and is not what is measured)."""
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
    real_logins = REAL_LOGINS
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
    session = ""
    if i >= {real_logins}:  # the rest start with a session made here, as a completed login leaves it
        from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
        from django.contrib.sessions.backends.db import SessionStore
        from npo_planner.scholen.middleware import LAST_SEEN_KEY
        import time
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store[LAST_SEEN_KEY] = time.time()
        store.create()
        session = store.session_key
    print(f"bench{{i}} {{role}} {{secret or '-'}} {{session or '-'}}")
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
        if len(parts) == 4 and parts[0].startswith("bench"):
            secret, session = (None if part == "-" else part for part in parts[2:])
            accounts[parts[0]] = (parts[1], secret, session)
    return accounts


def gunicorn_size() -> tuple[str, str]:
    """Workers and threads as scripts/serve takes them: WEB_WORKERS, WEB_THREADS, else 2 × cores + 1 and 4."""
    workers = os.environ.get("WEB_WORKERS") or str(2 * (os.cpu_count() or 2) + 1)
    return workers, os.environ.get("WEB_THREADS") or "4"


def start_gunicorn(pg: str, port: int) -> subprocess.Popen:
    base = f"http://127.0.0.1:{port}"
    try:
        urllib.request.urlopen(base + "/health/", timeout=1)
    except OSError:
        pass
    else:
        raise SystemExit(f"Port {port} is in use by another server; stop it first.")
    env = {**os.environ, "DATABASE_URL": f"{pg}/{DB}", "DEBUG": "0", "DB_CONN_MAX_AGE": "60"}
    workers, threads = gunicorn_size()
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "npo_planner.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            workers,
            "--threads",
            threads,
            # as scripts/serve: a worker is replaced after 1000 (+ up to 100) requests
            "--max-requests",
            "1000",
            "--max-requests-jitter",
            "100",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/health/", timeout=2).read()
            return process
        except OSError:  # refused, reset or timed out while the workers boot
            time.sleep(0.2)
    stop(process)
    raise SystemExit("gunicorn did not start")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:  # a busy machine: workers still finishing requests
        process.kill()
        process.wait(timeout=30)


class Client:
    """One simulated user. With several servers it goes to each in turn, as a round-robin proxy sends it: the
    session lives in the database, so every server knows it (cookies do not depend on the port)."""

    def __init__(self, bases=(BASE,)):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.bases = list(bases)
        self.turn = 0

    def set_session(self, key: str) -> None:
        from django.conf import settings

        cookie = http.cookiejar.Cookie(
            0,
            settings.SESSION_COOKIE_NAME,
            key,
            None,
            False,
            "127.0.0.1",
            False,
            False,
            "/",
            True,
            False,
            None,
            False,
            None,
            None,
            {},
        )
        self.jar.set_cookie(cookie)

    def get(self, path):
        base = self.bases[self.turn % len(self.bases)]
        self.turn += 1
        with self.opener.open(base + path, timeout=30) as response:
            return response.status, response.geturl(), response.read().decode("utf-8", "replace")

    def post(self, path, data):
        body = urllib.parse.urlencode(data).encode()
        base = self.bases[0]
        request = urllib.request.Request(base + path, data=body, headers={"Referer": base + path})
        with self.opener.open(request, timeout=30) as response:
            return response.status, response.geturl(), response.read().decode("utf-8", "replace")

    def login(self, username, secret):
        from npo_planner.scholen import totp

        self.turn = 0
        _s, _u, html = self.get("/account/inloggen/")
        self.turn = 0
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


def fetch(client, path) -> str | None:
    """Open the page; None when it answered 200–399, else what went wrong ("HTTP 500", "TimeoutError")."""
    try:
        client.get(path)
    except urllib.error.HTTPError as error:
        return f"HTTP {error.code}"
    except OSError as error:  # refused, reset or timed out (urllib wraps some in URLError)
        reason = getattr(error, "reason", None)
        return type(reason).__name__ if isinstance(reason, BaseException) else type(error).__name__
    return None


def run_phase(clients, paths_for, seconds):
    latencies, errors, kinds, lock = [], [0], {}, threading.Lock()
    per_path: dict[str, list[float]] = {}
    deadline = time.monotonic() + seconds

    def worker(client, paths):
        index = 0
        while time.monotonic() < deadline:
            path = paths[index % len(paths)]
            index += 1
            started = time.monotonic()
            failed = fetch(client, path)
            with lock:
                latencies.append(time.monotonic() - started)
                per_path.setdefault(path, []).append(latencies[-1])
                if failed:
                    errors[0] += 1
                    kinds[failed] = kinds.get(failed, 0) + 1

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
        "error_kinds": kinds,
        "slowest": slowest,
    }


def run_think_phase(clients, paths_for, seconds, think: tuple[float, float], seed: int = 21):
    """Each user opens a page, reads it for a random think time, opens the next; latencies of the pages only."""
    latencies, errors, kinds, lock = [], [0], {}, threading.Lock()
    deadline = time.monotonic() + seconds
    low, high = think

    def worker(client, paths, rng):
        index = 0
        time.sleep(rng.uniform(0, high))  # users arrive spread out, not all at once
        while time.monotonic() < deadline:
            path = paths[index % len(paths)]
            index += 1
            started = time.monotonic()
            failed = fetch(client, path)
            with lock:
                latencies.append(time.monotonic() - started)
                if failed:
                    errors[0] += 1
                    kinds[failed] = kinds.get(failed, 0) + 1
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
        return {"requests": 0, "rps": 0.0, "p95_ms": float("inf"), "errors": errors[0], "error_kinds": kinds}
    p95 = statistics.quantiles(latencies, n=20)[-1] if len(latencies) > 20 else max(latencies)
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p95_ms": p95 * 1000,
        "errors": errors[0],
        "error_kinds": kinds,
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
            f"{result['errors']} errors {result['error_kinds'] or ''}",
            flush=True,
        )
        if result["p95_ms"] >= TARGET_P95_MS or result["errors"]:
            break
    served = [users for users, r in results if r["p95_ms"] < TARGET_P95_MS and not r["errors"]]
    return (max(served) if served else 0), results


def print_closed(name: str, result: dict) -> None:
    print(
        f"  {name}: {result['requests']} requests, {result['rps']:.1f} req/s, p95 {result['p95_ms']:.1f} ms, "
        f"{result['errors']} errors {result['error_kinds'] or ''}",
        flush=True,
    )


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
        "--servers",
        type=int,
        choices=(1, 2),
        default=1,
        help="app servers on one database (ports 8765, 8766)",
    )
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
    ports = [PORT + n for n in range(args.servers)]
    servers = []
    try:
        for port in ports:
            servers.append(start_gunicorn(args.pg, port))
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        clients = []
        for username, (role, secret, session) in accounts.items():
            client = Client(bases)
            if session:
                client.set_session(session)
            else:
                client.login(username, secret)
            client.role = role
            clients.append(client)
        load = os.getloadavg()[0]
        workers, threads = gunicorn_size()
        print(
            f"{len(clients)} users ({REAL_LOGINS} through the login pages), {len(ports)} server(s) of "
            f"{workers} workers of {threads} threads on {os.cpu_count()} cores, load average {load:.1f}; "
            f"baseline phase ({args.seconds}s) ...",
            flush=True,
        )

        def journey(c):
            return [p.format(brin="12AB", **ids) for p in JOURNEYS[c.role]]

        closed = clients[: args.users]
        base = run_phase(closed, lambda c: ["/health/"], args.seconds)
        print_closed("health", base)
        print(f"journey phase ({args.seconds}s) ...", flush=True)
        journeys = run_phase(closed, journey, args.seconds)
        print_closed("journeys", journeys)
        served = None
        if args.think:
            served, steps = find_users_served(
                clients, journey, args.steps, args.step_seconds, tuple(args.think)
            )
    finally:
        for server in servers:
            stop(server)
    print(f"load average at the end: {os.getloadavg()[0]:.1f} (on {os.cpu_count()} cores)")
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

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

With --during pdfs,import it answers whether the pages stay fast while background work runs: --users users with
think time (--think, default 5-20 s) do their journeys without a break; after they have all arrived, --step-seconds
of them alone (the baseline), then the same users while the background work runs as users start it through the
pages — the bestuurder's batch of every programme PDF of the board (the demo board with --board-schools schools, one
programme each: --board-schools PDFs) and its download, and a directeur's upload, preview, confirm and background
write of a --import-rows KanVAS file (bench/kanvas_import.py's long layout) into a school of another board — worked
off by the background worker as scripts/serve runs it (`manage.py worker`, NPO_WORKER_NICE). The background work
starts again when it is done until --step-seconds have passed, then runs to its end (at most 15 minutes). It prints
each page's p95 without and with the background work, the leerkracht's dashboard apart, the background work's own
times and the targets: no page's p95 over 1 s with the background work, the leerkracht's dashboard under 300 ms.
"""

import argparse
import html
import http.cookiejar
import io
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
import uuid
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
PASSWORD = "bench-wachtwoord-2021"
TARGET_P95_MS = 300
DB = "npo_bench"
MAX_USERS, MAX_STEPS, MAX_STEP_SECONDS = 600, 8, 180
# --during: the targets with background work, the school the KanVAS file goes to (in a board of its own, so no
# journey shows its data), and the longest the background work may take.
TARGET_PAGE_P95_MS, TARGET_DASHBOARD_P95_MS = 1000, 300
DASHBOARD = ("leerkracht", "/{brin}/")
IMPORT_BRIN = "99ZZ"
MAX_BACKGROUND_SECONDS = 900
BACKGROUND_KINDS = ("pdfs", "import")

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


def setup_database(
    pg: str, users: int, board_schools: int = 0
) -> dict[str, tuple[str, str | None, str | None]]:
    """Fresh database with the demo and one account per simulated user: username → (role, totp secret, session
    key). The first REAL_LOGINS users log in through the pages; the others get the session a login makes, made
    directly (hashing 500 passwords through the login page takes minutes and is not what is measured).

    With `board_schools` (--during) the demo board gets that many schools with a programme each
    (bench/board_pdfs.py's make_board) and "_background" holds the accounts that start the background work: a
    bestuurder of that board and a directeur of the school IMPORT_BRIN in a board of its own."""
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
import time
import sys
from npo_planner.scholen.models import School, TwoFactorDevice
from npo_planner.scholen.services import membership_grant, school_create
from npo_planner.scholen import totp
from django.utils import timezone
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.db import SessionStore
from npo_planner.scholen.middleware import LAST_SEEN_KEY
if {board_schools}:
    sys.path.insert(0, "bench")
    from board_pdfs import make_board
    make_board({board_schools})  # the demo board's schools, each with a programme to render
school = School.objects.get(brin="12AB")
roles = {list(JOURNEYS)!r}
hashed = make_password({PASSWORD!r})  # once: hashing is slow by design, and every account has the same password

def account(username, role, school, with_session):
    user = get_user_model().objects.create(username=username, password=hashed)
    membership_grant(user=user, school=school, role=role, group_names=["5a"] if role == "leerkracht" else None)
    secret = ""
    if role in ("directeur", "ib", "bestuur"):
        secret = TwoFactorDevice.objects.get_or_create(user=user, defaults={{"secret": totp.generate_secret(), "confirmed_at": timezone.now()}})[0].secret
    session = ""
    if with_session:  # a session made here, as a completed login leaves it
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store[LAST_SEEN_KEY] = time.time()
        store.create()
        session = store.session_key
    return f"{{username}} {{role}} {{secret or '-'}} {{session or '-'}}"

for i in range({users}):
    print(account(f"bench{{i}}", roles[i % len(roles)], school, i >= {real_logins}))
if {board_schools}:
    import_school = school_create(brin={IMPORT_BRIN!r}, name="Importschool (benchmark)", board_name="Benchmark import")[0]
    print("BG " + account("bg_pdfs", "bestuur", school, True))
    print("BG " + account("bg_import", "directeur", import_school, True))
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
    accounts = {"_ids": {}, "_background": {}}
    for line in out.splitlines():
        if line.startswith("IDS "):
            accounts["_ids"] = dict(pair.split("=") for pair in line[4:].split())
        background = line.startswith("BG ")
        parts = line.split()[1:] if background else line.split()
        if len(parts) == 4 and parts[0].startswith("bg_" if background else "bench"):
            secret, session = (None if part == "-" else part for part in parts[2:])
            (accounts["_background"] if background else accounts)[parts[0]] = (parts[1], secret, session)
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
            # as scripts/serve: a request may take WEB_TIMEOUT (60) s (a large file's preview); a worker is
            # replaced after 1000 (+ up to 100) requests
            "--timeout",
            os.environ.get("WEB_TIMEOUT") or "60",
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


def start_worker(pg: str, log) -> subprocess.Popen:
    """The background worker as scripts/serve starts it (its niceness from NPO_WORKER_NICE)."""
    env = {**os.environ, "DATABASE_URL": f"{pg}/{DB}", "DEBUG": "0"}
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--no-reload", "--queue-name", "*"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


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

    def __init__(self, bases=(BASE,), timeout: float = 30):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.bases = list(bases)
        self.turn = 0
        self.timeout = timeout

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

    def get(self, path, headers=None):
        status, url, body = self.open(path, headers=headers)
        return status, url, body.decode("utf-8", "replace")

    def post(self, path, data):
        status, url, body = self.open(path, urllib.parse.urlencode(data).encode())
        return status, url, body.decode("utf-8", "replace")

    def open(self, path, data: bytes | None = None, headers=None) -> tuple[int, str, bytes]:
        """GET (or POST `data`) `path`, following redirects: (status, final URL, body). A GET goes to each server
        in turn; a POST to the first, with the Referer a browser sends."""
        if data is None:
            base = self.bases[self.turn % len(self.bases)]
            self.turn += 1
        else:
            base = self.bases[0]
            headers = {"Referer": base + path, **(headers or {})}
        request = urllib.request.Request(base + path, data=data, headers=headers or {})
        with self.opener.open(request, timeout=self.timeout) as response:
            return response.status, response.geturl(), response.read()

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


def start_readers(clients, paths_for, think: tuple[float, float], stop: threading.Event, seed: int = 21):
    """Each user opens a page, reads it for a random think time, opens the next, until `stop` is set (users arrive
    spread over the first MAX seconds). Returns the threads and the list they append each page's (start time,
    role, path, seconds, what went wrong or None) to."""
    samples, lock = [], threading.Lock()
    low, high = think

    def worker(client, paths, rng):
        index = 0
        stop.wait(rng.uniform(0, high))  # users arrive spread out, not all at once
        while not stop.is_set():
            path = paths[index % len(paths)]
            index += 1
            started = time.monotonic()
            failed = fetch(client, path)
            with lock:
                samples.append((started, client.role, path, time.monotonic() - started, failed))
            stop.wait(rng.uniform(low, high))

    threads = [
        threading.Thread(target=worker, args=(c, paths_for(c), random.Random(seed + i)))
        for i, c in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    return threads, samples


def summary(samples, elapsed: float) -> dict:
    """Requests, requests per second, p95 (ms; the slowest with 20 or fewer) and errors of page samples."""
    latencies = [sample[3] for sample in samples]
    kinds = {}
    for sample in samples:
        if sample[4]:
            kinds[sample[4]] = kinds.get(sample[4], 0) + 1
    if not latencies:
        p95 = float("inf")
    else:
        p95 = statistics.quantiles(latencies, n=20)[-1] if len(latencies) > 20 else max(latencies)
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed if elapsed else 0.0,
        "p95_ms": p95 * 1000,
        "errors": sum(kinds.values()),
        "error_kinds": kinds,
    }


def run_think_phase(clients, paths_for, seconds, think: tuple[float, float], seed: int = 21):
    """Users with think time for `seconds`; latencies of the pages only."""
    stop = threading.Event()
    started = time.monotonic()
    threads, samples = start_readers(clients, paths_for, think, stop, seed)
    stop.wait(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    return summary(samples, time.monotonic() - started)


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


class Background:
    """The background work users start through the pages, and what the worker did with it (read in the database)."""

    def __init__(self, pg: str, clients: dict, kinds: list[str], import_file: bytes):
        self.database = f"{pg}/{DB}"
        self.clients, self.kinds, self.import_file = clients, kinds, import_file
        self.import_rows = import_file.count(b"\n") - 1

    def query(self, sql: str, params=()) -> list[tuple]:
        import psycopg2

        connection = psycopg2.connect(self.database)
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
        finally:
            connection.close()

    def wait_for_empty_queue(self, limit: float) -> float:
        """Seconds until the worker has no queued or running task (e.g. the charts an import has it draw)."""
        from django_tasks_db.models import DBTaskResult

        started = time.monotonic()
        table = DBTaskResult._meta.db_table
        while self.query(f"SELECT count(*) FROM {table} WHERE status IN ('READY', 'RUNNING')")[0][0]:
            if time.monotonic() - started > limit:
                raise RuntimeError(f"the background worker did not empty its queue within {limit:.0f} s")
            time.sleep(1)
        return time.monotonic() - started

    def follow_job(self, client, path: str) -> str:
        """Ask for the job's progress every two seconds as its page does (htmx), until the page stops asking;
        then the job as the database has it: finished without error, or RuntimeError."""
        from npo_planner.jobs.models import Job

        deadline = time.monotonic() + MAX_BACKGROUND_SECONDS
        while 'hx-trigger="every 2s"' in client.get(path, headers={"HX-Request": "true"})[2]:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{path} not finished within {MAX_BACKGROUND_SECONDS} s")
            time.sleep(2)
        job_id = re.search(r"/([0-9a-f-]{36})/", path)[1]
        status, error, waited, ran = self.query(
            f"SELECT status, error, EXTRACT(EPOCH FROM started_at - created_at), "
            f"EXTRACT(EPOCH FROM finished_at - started_at) FROM {Job._meta.db_table} WHERE id = %s",
            [job_id],
        )[0]
        if status != Job.Status.DONE:
            raise RuntimeError(f"job {path}: {status} {error}")
        return f"waited {waited:.1f} s for the worker, ran {ran:.1f} s"

    def board_pdfs(self) -> str:
        """The bestuurder asks for the PDFs of every school's programme, follows the job, downloads the zip."""
        client, started = self.clients["bg_pdfs"], time.monotonic()
        page = client.get("/bestuur/")[2]
        form = re.search(
            r'<form method="post" action="([^"]*/bestuur/pdfs/[^"]*)"[^>]*>(.*?)</form>', page, re.S
        )
        if form is None:
            raise RuntimeError("the board page has no form to make the PDFs")
        fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form[2]))
        path = urllib.parse.urlsplit(client.post(html.unescape(form[1]), fields)[1]).path
        job = self.follow_job(client, path)
        pdfs = len(zipfile.ZipFile(io.BytesIO(client.open(path + "download/")[2])).namelist())
        return f"board's PDFs: {pdfs} PDFs downloaded {time.monotonic() - started:.1f} s after the click (job {job})"

    def kanvas_import(self) -> str:
        """The directeur uploads the KanVAS file (replacing the earlier round's), reads the preview, confirms, and
        follows the background job that writes it."""
        client, started = self.clients["bg_import"], time.monotonic()
        upload_path = f"/{IMPORT_BRIN}/kanvas/inlezen/"
        token = _csrf(client.get(upload_path)[2])
        body, content_type = multipart(
            {"csrfmiddlewaretoken": token, "kind": "antwoorden", "replace": "on"},
            ("file", "kanvas-antwoorden.csv", self.import_file),
        )
        _status, url, page = client.open(upload_path, body, {"Content-Type": content_type})
        uploaded, checked = time.monotonic(), "in the upload's request"
        check_path = urllib.parse.urlsplit(url).path
        if (
            "/inlezen/controle/" in check_path
        ):  # a large file is checked by the worker: follow it to the preview
            checked = f"check job {self.follow_job(client, check_path)}"
            preview = re.search(r'href="([^"]*/inlezen/controleren/\?upload=\d+)"', client.get(check_path)[2])
            _status, url, page = client.open(html.unescape(preview[1]))
        page = page.decode("utf-8", "replace")
        previewed = time.monotonic()
        if 'name="confirm"' not in page:
            raise RuntimeError(f"the file was not accepted for the preview ({url}): {_text(page)[:500]}")
        upload = re.search(r'name="upload" value="(\d+)"', page)[1]
        confirm = {"csrfmiddlewaretoken": _csrf(page), "upload": upload, "confirm": "1"}
        _status, url, page = client.post(urllib.parse.urlsplit(url).path, confirm)
        path = urllib.parse.urlsplit(url).path
        if "/inlezen/taak/" in path:
            written = f"job {self.follow_job(client, path)}"
        elif "is ingelezen" in page:  # a file under NPO_IMPORT_BACKGROUND_BYTES is written inside the request
            written = "inside the confirm's request"
        else:
            raise RuntimeError(
                f"the confirm neither wrote the file nor started a job ({url}): {_text(page)[:500]}"
            )
        return (
            f"KanVAS import of {self.import_rows:,} rows: upload request {uploaded - started:.1f} s, checked "
            f"({checked}) and previewed {previewed - started:.1f} s, written {time.monotonic() - started:.1f} s after the upload ({written})"
        )

    def run_round(self) -> list[str]:
        """Start every kind of background work at once, as two users would; what each did, when all are done."""
        work = {"pdfs": self.board_pdfs, "import": self.kanvas_import}
        results, threads = {}, []

        def run(kind):
            try:
                results[kind] = work[kind]()
            except Exception as error:  # reported by the caller, with the rest of the round
                results[kind] = error

        for kind in self.kinds:
            threads.append(threading.Thread(target=run, args=(kind,)))
            threads[-1].start()
        for thread in threads:
            thread.join()
        failed = [f"{kind}: {result!r}" for kind, result in results.items() if isinstance(result, Exception)]
        if failed:
            raise RuntimeError("background work failed: " + "; ".join(failed))
        return [results[kind] for kind in self.kinds]


def _csrf(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]


def _text(page: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def multipart(fields: dict[str, str], file: tuple[str, str, bytes]) -> tuple[bytes, str]:
    """A form with one file as a browser posts it: (body, Content-Type)."""
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    name, filename, content = file
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        f"Content-Type: text/csv\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def run_during(clients, paths_for, think, seconds: int, background: Background):
    """The users read and click throughout; once all have arrived, `seconds` without background work (the
    baseline), then rounds of background work until `seconds` have passed and the worker's queue is empty.
    Returns the page samples of each window, what the background work did, and the windows' seconds."""
    stop = threading.Event()
    threads, samples = start_readers(clients, paths_for, think, stop)
    done: list[str] = []
    try:
        stop.wait(think[1])  # every user has arrived
        start = time.monotonic()
        print(
            f"  baseline: {seconds} s without background work, load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        stop.wait(seconds)
        middle = time.monotonic()
        print(
            f"  with background work ({', '.join(background.kinds)}), load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        while not done or time.monotonic() - middle < seconds:
            round_ = background.run_round()
            done += [f"round {len(done) // len(round_) + 1}: {line}" for line in round_]
            print("    " + "\n    ".join(done[-len(round_) :]), flush=True)
            if time.monotonic() - middle > MAX_BACKGROUND_SECONDS:
                raise RuntimeError(f"the background work took more than {MAX_BACKGROUND_SECONDS} s")
        drained = background.wait_for_empty_queue(MAX_BACKGROUND_SECONDS)
        done.append(
            f"the worker's queue was empty {drained:.1f} s after the last round (charts drawn after the import)"
        )
        end = time.monotonic()
        print(
            f"  background work done after {end - middle:.0f} s, load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    before = [sample for sample in samples if start <= sample[0] < middle]
    during = [sample for sample in samples if middle <= sample[0] < end]
    return before, during, done, (middle - start, end - middle)


def print_during(before: list, during: list, seconds: tuple[float, float]) -> bool:
    """Each page's p95 without and with background work, the leerkracht's dashboard and the targets; True when
    both targets are met."""
    pages = sorted({(role, path) for _t, role, path, _s, _f in before + during})

    def of(samples, page=None):
        return [s for s in samples if page is None or (s[1], s[2]) == page]

    print(f"{'page':58} {'without: p95 (n)':>18} {'with background':>18}")
    worst = (0.0, None)
    for page in pages:
        alone, loaded = summary(of(before, page), seconds[0]), summary(of(during, page), seconds[1])
        print(
            f"{page[0] + ' ' + page[1]:58} {alone['p95_ms']:>10.0f} ms ({alone['requests']:>3}) "
            f"{loaded['p95_ms']:>10.0f} ms ({loaded['requests']:>3})"
        )
        if loaded["requests"] and loaded["p95_ms"] > worst[0]:
            worst = (loaded["p95_ms"], page)
    alone, loaded = summary(before, seconds[0]), summary(during, seconds[1])
    for name, result in (("without background work", alone), ("with background work", loaded)):
        print(
            f"all pages {name}: {result['requests']} requests, {result['rps']:.1f} req/s, p95 "
            f"{result['p95_ms']:.0f} ms, {result['errors']} errors {result['error_kinds'] or ''}"
        )
    dashboard = (DASHBOARD[0], DASHBOARD[1].format(brin="12AB"))
    board = summary(of(during, dashboard), seconds[1])
    pages_met = worst[0] <= TARGET_PAGE_P95_MS and not loaded["errors"]
    board_met = board["p95_ms"] < TARGET_DASHBOARD_P95_MS
    print(
        f"target: no page's p95 over {TARGET_PAGE_P95_MS} ms with background work: "
        + ("met" if pages_met else "NOT met")
        + (f" (slowest: {worst[1][0]} {worst[1][1]} {worst[0]:.0f} ms)" if worst[1] else "")
    )
    print(
        f"target: the leerkracht's dashboard p95 under {TARGET_DASHBOARD_P95_MS} ms with background work: "
        f"{'met' if board_met else 'NOT met'} ({board['p95_ms']:.0f} ms over {board['requests']} views; without "
        f"{summary(of(before, dashboard), seconds[0])['p95_ms']:.0f} ms)"
    )
    return pages_met and board_met


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


def during_mode(args, clients, journey, accounts: dict, bases: list[str], servers: list) -> int:
    """--during: the users' pages without and with background work (module docstring); 0 when both targets are
    met, 2 when not, 1 on errors. The worker is added to `servers`, which the caller stops."""
    from bench.kanvas_import import long_file

    background_clients = {}
    for username, (role, _secret, session) in accounts.items():
        background_clients[username] = Client(bases, timeout=MAX_BACKGROUND_SECONDS)
        background_clients[username].set_session(session)
        background_clients[username].role = role
    import_file = long_file(args.import_rows) if "import" in args.during else b""
    log = open(Path(os.environ.get("TMPDIR", "/tmp")) / f"{DB}-worker.log", "w")  # noqa: SIM115 (closed below)
    try:
        worker = start_worker(args.pg, log)
        servers.append(worker)
        background = Background(args.pg, background_clients, args.during, import_file)
        background.wait_for_empty_queue(300)  # what the demo left for it (charts), before the baseline
        niceness = os.getpriority(os.PRIO_PROCESS, worker.pid)
        print(
            f"background worker: niceness {niceness} (NPO_WORKER_NICE; the web workers: "
            f"{os.getpriority(os.PRIO_PROCESS, servers[0].pid)}), {os.environ.get('NPO_PDF_PROCESSES', '2')} "
            f"PDF processes; {len(clients)} users reading {args.think[0]:g}-{args.think[1]:g} s per page",
            flush=True,
        )
        before, during, done, windows = run_during(
            clients, journey, tuple(args.think), args.step_seconds, background
        )
    except RuntimeError:
        log.flush()
        print(f"the worker's log ({log.name}):\n" + Path(log.name).read_text()[-3000:], file=sys.stderr)
        raise
    finally:
        log.close()
    print("background work:\n  " + "\n  ".join(done))
    met = print_during(before, during, windows)
    print(f"load average at the end: {os.getloadavg()[0]:.1f} (on {os.cpu_count()} cores)")
    if summary(before + during, 1)["errors"]:
        return 1
    return 0 if met else 2


def _kinds(text: str) -> list[str]:
    kinds = [part.strip() for part in text.split(",") if part.strip()]
    if not kinds or not set(kinds) <= set(BACKGROUND_KINDS) or len(set(kinds)) != len(kinds):
        raise argparse.ArgumentTypeError(f"one or more of {', '.join(BACKGROUND_KINDS)}, comma-separated")
    return kinds


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
    parser.add_argument(
        "--during",
        type=_kinds,
        help="pdfs,import: --users users with think time, without and then with this background work",
    )
    parser.add_argument("--board-schools", type=int, default=4, help="--during pdfs: the PDFs of the batch")
    parser.add_argument("--import-rows", type=int, default=500_000, help="--during import: rows of the file")
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
    if args.during:
        args.think = args.think or [5.0, 20.0]
        if not 2 <= args.board_schools <= 40 or not 1_000 <= args.import_rows <= 500_000:
            parser.error("--board-schools 2 to 40, --import-rows 1,000 to 500,000")
    accounts_needed = args.users if args.during else max(args.users, args.steps[-1] if args.think else 0)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "npo_planner.settings")
    import django

    django.setup()
    print(f"Preparing database and {accounts_needed} accounts ...", flush=True)
    accounts = setup_database(args.pg, accounts_needed, args.board_schools if args.during else 0)
    ids = accounts.pop("_ids")
    background_accounts = accounts.pop("_background")
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
            f"{workers} workers of {threads} threads on {os.cpu_count()} cores, load average {load:.1f}",
            flush=True,
        )

        def journey(c):
            return [p.format(brin="12AB", **ids) for p in JOURNEYS[c.role]]

        if args.during:
            return during_mode(args, clients, journey, background_accounts, bases, servers)
        print(f"baseline phase ({args.seconds}s) ...", flush=True)
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

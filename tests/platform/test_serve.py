"""scripts/serve runs the app as in production: gunicorn, its own hashed static files, health and request logs."""

import os
import re
import secrets
import time
from pathlib import Path

import pytest

from tests.platform.serving import Client, free_port, production_env, serve

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    var = tmp_path_factory.mktemp("serve")
    env = production_env(
        SECRET_KEY=secrets.token_urlsafe(60),
        DATABASE_URL=f"sqlite:///{var / 'db.sqlite3'}",
        NPO_VAR_DIR=str(var),
        STATIC_ROOT=str(var / "static"),
        MEDIA_ROOT=str(var / "media"),
        NPO_ADDR=f"127.0.0.1:{free_port()}",
    )
    with serve(env, var / "serve.log") as (base, log):
        yield Client("127.0.0.1", int(base.rsplit(":", 1)[1])), log, env["NPO_ADDR"]


def test_login_page_loads_its_hashed_static_files_with_long_cache_headers(served):
    client, _, _ = served
    status, _, body = client.get("/account/inloggen/")
    assert status == 200
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', body.decode())
    assert any(asset.endswith(".css") for asset in assets)
    assert any(asset.endswith(".js") for asset in assets)
    for asset in assets:
        assert re.search(r"\.[0-9a-f]{12}\.(css|js|svg|png|ico|woff2?)$", asset), asset
        status, headers, content = client.get(asset)
        assert status == 200, asset
        assert content
        assert "immutable" in headers["Cache-Control"] and "max-age=315360000" in headers["Cache-Control"]


def test_health_checks_the_database_and_the_storage(served):
    client, _, _ = served
    status, headers, body = client.get("/health/")
    assert status == 200
    assert body == b'{"status": "ok", "database": "ok", "storage": "ok"}'
    assert "no-cache" in headers["Cache-Control"]


def test_each_request_is_one_log_line_with_its_route_and_never_the_query(served):
    client, log, _ = served
    client.get("/account/inloggen/?leerling=WW512")
    log.flush()
    log.seek(0)
    lines = [line for line in log.read().splitlines() if "npo_planner.request" in line]
    login = [line for line in lines if "route=/account/inloggen/" in line]
    assert login, lines
    assert re.search(r"method=GET route=/account/inloggen/ status=200 duration_ms=\d+\.\d user=-$", login[-1])
    assert not any("WW512" in line for line in lines)


def _processes_serving(addr: str) -> dict[int, str]:
    """pid → command line of this user's processes started with NPO_ADDR=addr (scripts/serve and its children)."""
    found = {}
    for entry in Path("/proc").iterdir():
        try:
            environ = (entry / "environ").read_bytes().split(b"\0")
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, ValueError):  # not a process, another user's, or gone meanwhile
            continue
        if f"NPO_ADDR={addr}".encode() in environ:
            found[int(entry.name)] = cmdline
    return found


def test_the_background_worker_runs_at_a_lower_cpu_priority_than_the_web_workers(served):
    _, _, addr = served
    processes = _processes_serving(addr)
    workers = [pid for pid, cmd in processes.items() if "manage.py worker" in cmd]
    web = [pid for pid, cmd in processes.items() if "gunicorn" in cmd]
    assert len(workers) == 1 and web, processes
    own = os.getpriority(os.PRIO_PROCESS, 0)
    # The worker lowers its priority once Django is set up, which takes a few seconds on a busy machine: wait.
    deadline = time.monotonic() + 60
    while os.getpriority(os.PRIO_PROCESS, workers[0]) != max(own, 10) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert os.getpriority(os.PRIO_PROCESS, workers[0]) == max(own, 10)  # NPO_WORKER_NICE's default
    assert {os.getpriority(os.PRIO_PROCESS, pid) for pid in web} == {own}

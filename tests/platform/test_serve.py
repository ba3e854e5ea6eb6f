"""scripts/serve runs the app as in production: gunicorn, its own hashed static files, health and request logs."""

import os
import re
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.server


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, dict, bytes]:
    # Behind the proxy of the README's example, which terminates HTTPS and says so in this header.
    request = urllib.request.Request(
        url, headers={"X-Forwarded-Proto": "https", "Accept-Encoding": "identity"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    var = tmp_path_factory.mktemp("serve")
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DEBUG", "DJANGO_SETTINGS_MODULE", "NPO_ENV"}
    }
    env.update(
        NPO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{var / 'db.sqlite3'}",
        NPO_VAR_DIR=str(var),
        STATIC_ROOT=str(var / "static"),
        MEDIA_ROOT=str(var / "media"),
        BEHIND_PROXY="1",
        NPO_ADDR=f"127.0.0.1:{port}",
        WEB_WORKERS="2",
    )
    log = (var / "serve.log").open("w+")
    process = subprocess.Popen(
        [str(ROOT / "scripts" / "serve")],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            pytest.fail("scripts/serve stopped:\n" + log.read()[-3000:])
        try:
            if _get(base + "/health/")[0] == 200:
                break
        except OSError:
            pass
        time.sleep(0.5)
    else:
        os.killpg(process.pid, signal.SIGTERM)
        pytest.fail("scripts/serve did not answer within 240 s")
    yield base, log
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)
    log.close()


def test_login_page_loads_its_hashed_static_files_with_long_cache_headers(served):
    base, _ = served
    status, _, body = _get(base + "/account/inloggen/")
    assert status == 200
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', body.decode())
    assert any(asset.endswith(".css") for asset in assets)
    assert any(asset.endswith(".js") for asset in assets)
    for asset in assets:
        assert re.search(r"\.[0-9a-f]{12}\.(css|js|svg|png|ico|woff2?)$", asset), asset
        status, headers, content = _get(base + asset)
        assert status == 200, asset
        assert content
        assert "immutable" in headers["Cache-Control"] and "max-age=315360000" in headers["Cache-Control"]


def test_health_checks_the_database_and_the_storage(served):
    base, _ = served
    status, headers, body = _get(base + "/health/")
    assert status == 200
    assert body == b'{"status": "ok", "database": "ok", "storage": "ok"}'
    assert "no-cache" in headers["Cache-Control"]


def test_each_request_is_one_log_line_with_its_route_and_never_the_query(served):
    base, log = served
    _get(base + "/account/inloggen/?leerling=WW512")
    time.sleep(0.5)
    log.seek(0)
    lines = [line for line in log.read().splitlines() if "npo_planner.request" in line]
    login = [line for line in lines if "route=/account/inloggen/" in line]
    assert login, lines
    assert re.search(r"method=GET route=/account/inloggen/ status=200 duration_ms=\d+\.\d user=-$", login[-1])
    assert not any("WW512" in line for line in lines)

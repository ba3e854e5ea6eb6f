"""Run scripts/serve as a real production server for a test, and a small HTTP client that talks to it as a
browser behind the README's HTTPS proxy would (X-Forwarded-Proto, Referer, secure cookies)."""

import contextlib
import http.client
import os
import re
import signal
import socket
import subprocess
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_env(**overrides) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        # The test process's own settings (and the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE) stay out.
        if key
        not in {"DATABASE_URL", "DEBUG", "DJANGO_SETTINGS_MODULE", "NPO_ENV", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        and not key.startswith("PYTEST")
    }
    env.update(NPO_ENV="production", ALLOWED_HOSTS="127.0.0.1", BEHIND_PROXY="1", WEB_WORKERS="2")
    env.update(overrides)
    return env


@contextlib.contextmanager
def serve(env: dict, log_path: Path, timeout: float = 240):
    """scripts/serve with `env` (NPO_ADDR must be set); yields (base URL, log file) once /health/ answers."""
    log = log_path.open("w+")
    process = subprocess.Popen(
        [str(ROOT / "scripts" / "serve")],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    host, port = env["NPO_ADDR"].split(":")
    client = Client(host, int(port))
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                log.seek(0)
                raise AssertionError("scripts/serve stopped:\n" + log.read()[-3000:])
            try:
                if client.get("/health/")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"scripts/serve did not answer within {timeout} s")
            time.sleep(0.5)
        yield f"http://{env['NPO_ADDR']}", log
    finally:
        with contextlib.suppress(ProcessLookupError):  # the whole group may be gone already
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


class Client:
    """One browser: its cookies (also the Secure ones: the proxy speaks HTTPS to the browser) and CSRF token."""

    def __init__(self, host: str, port: int, cookies: dict | None = None):
        self.host, self.port = host, port
        self.cookies = cookies if cookies is not None else {}

    def on(self, host: str, port: int) -> "Client":
        """The same browser (the same cookies) talking to another app server behind the same proxy."""
        return Client(host, port, self.cookies)

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        origin = f"https://{self.host}:{self.port}"
        all_headers = {"X-Forwarded-Proto": "https", "Accept-Encoding": "identity", "Referer": origin + path}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        all_headers.update(headers or {})
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        content = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        connection.close()
        return response.status, dict(response.getheaders()), content

    def get(self, path: str):
        return self.request("GET", path)

    def post(self, path: str, data: dict):
        data = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **data}
        return self.request(
            "POST",
            path,
            urllib.parse.urlencode(data).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )

    def follow(self, status_headers_body, limit: int = 5):
        status, headers, body = status_headers_body
        while status in (301, 302, 303) and limit:
            location = urllib.parse.urlsplit(headers["Location"])
            status, headers, body = self.get(location.path + (f"?{location.query}" if location.query else ""))
            limit -= 1
        return status, headers, body

    def login(self, username: str, password: str, totp_secret: str | None = None) -> None:
        from npo_planner.scholen import totp

        self.get("/account/inloggen/")
        status, headers, _ = self.post("/account/inloggen/", {"username": username, "password": password})
        assert status == 302, f"login of {username} refused"
        if "/inloggen/code/" in headers["Location"]:
            self.get("/account/inloggen/code/")
            code = totp.code_at(totp_secret, totp.current_step())
            status, headers, _ = self.post("/account/inloggen/code/", {"code": code})
            assert status == 302 and "/inloggen" not in headers["Location"], "second step refused"


def csrf_token(html: bytes) -> str:
    return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1].decode()

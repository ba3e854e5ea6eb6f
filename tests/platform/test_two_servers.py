"""Two app servers behind one proxy serve one school: one PostgreSQL database, one file storage, one queue.

A session started on one continues on the other; the board's batch of PDFs is started through one, worked off
by the background worker beside the other, and downloaded through the first; a stored PDF made through one is
downloaded through the other."""

import io
import os
import re
import secrets
import subprocess
import sys
import time
import zipfile
from contextlib import ExitStack

import pytest

from tests.platform.serving import ROOT, Client, free_port, production_env, serve

pytestmark = pytest.mark.server
DEMO_PASSWORD = "npo-demo-2021"


@pytest.fixture(scope="module")
def database_url():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.fail(
            "Two app servers share a PostgreSQL database: run with DATABASE_URL=postgres://… (scripts/test)."
        )
    server, name = url.rsplit("/", 1)
    own = f"{server}/{name}_two_servers"
    import psycopg2

    admin = psycopg2.connect(f"{server}/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}_two_servers"')
        cursor.execute(f'CREATE DATABASE "{name}_two_servers"')
    env = {**os.environ, "DATABASE_URL": own}
    for command in (["migrate", "--noinput", "-v0"], ["demo"]):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True
        )
    yield own
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}_two_servers" WITH (FORCE)')
    admin.close()


@pytest.fixture(scope="module")
def two_servers(database_url, tmp_path_factory):
    var = tmp_path_factory.mktemp("two")
    shared = {
        "SECRET_KEY": secrets.token_urlsafe(60),
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(var / "media"),  # the one file storage both servers use
    }
    ports = [free_port(), free_port()]
    with ExitStack() as stack:
        servers = []
        for index, port in enumerate(ports):
            env = production_env(
                **shared,
                NPO_VAR_DIR=str(var / f"server{index}"),
                STATIC_ROOT=str(var / f"static{index}"),
                NPO_ADDR=f"127.0.0.1:{port}",
                NPO_WORKER="1" if index == 1 else "0",  # the background worker runs beside server 2 only
            )
            stack.enter_context(serve(env, var / f"server{index}.log"))
            servers.append(port)
        yield servers


def test_a_session_and_the_boards_batch_of_pdfs_cross_two_app_servers(two_servers):
    from npo_planner.scholen.demo import DEMO_TOTP_SECRET

    one = Client("127.0.0.1", two_servers[0])
    one.login("bestuur", DEMO_PASSWORD, DEMO_TOTP_SECRET)
    two = one.on("127.0.0.1", two_servers[1])

    status, _, page = two.get("/bestuur/")
    assert status == 200 and b"Bestuursoverzicht" in page  # the session made on server 1 holds on server 2
    year = re.search(rb'<option value="([0-9-]+)" selected', page)[1].decode()
    board = re.search(rb'name="bestuur" value="(\d+)"', page)[1].decode()

    status, headers, _ = two.post(f"/bestuur/pdfs/?jaar={year}", {"bestuur": board})
    assert status == 302
    job_path = headers["Location"]
    deadline = time.monotonic() + 180
    while True:
        status, _, fragment = one.request("GET", job_path, headers={"HX-Request": "true"})
        assert status == 200
        if b"Downloaden" in fragment or b"mislukt" in fragment or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert b"Klaar: 2 bestanden." in fragment, fragment.decode()
    download = re.search(rb'href="(/bestuur/taken/[^"]+/download/)"', fragment)[1].decode()
    status, _, content = one.get(download)
    assert status == 200
    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    assert sorted(name.split("-")[1] for name in names) == ["12AB", "34CD"]

    # The PDF a version was stored as, made by the worker beside server 2, downloads through server 1.
    directeur = Client("127.0.0.1", two_servers[1])
    directeur.login("directeur", DEMO_PASSWORD, DEMO_TOTP_SECRET)
    status, _, page = directeur.follow(directeur.get("/12AB/programma/"))  # on to the programme's page
    assert status == 200
    export = re.search(rb'href="(/12AB/programma/\d+/pdf/\d+/)"', page)
    assert export, "the stored PDF is listed on the programme page"
    status, headers, pdf = directeur.on("127.0.0.1", two_servers[0]).get(export[1].decode())
    assert status == 200 and pdf.startswith(b"%PDF") and headers["Content-Type"] == "application/pdf"

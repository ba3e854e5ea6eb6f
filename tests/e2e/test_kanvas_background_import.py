"""Issue 16.7 / 19.3 / 21.1: a large KanVAS file in the browser: checked once by the background worker (the upload
request only stores it), previewed from that check, confirmed, written by the worker while the page shows its
progress, then the result; on PostgreSQL in CI."""

import re
import threading

from django.core.management import call_command
from django.db import connection
from django_tasks_db.management.commands.db_worker import Worker
from playwright.sync_api import expect

from kanvas import services
from kanvas.models import ImportRecord, Response
from npo_planner.jobs.models import Job
from npo_planner.scholen.demo import DEMO_PASSWORD, load_core
from tests.e2e.conftest import assert_accessible, login
from tests.kanvas.helpers import ANSWER_HEADER, csv_bytes, group_rows


def worker():  # what `manage.py db_worker` does in production, in a thread with its own connection
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        connection.close()


PUPILS = 1_250  # 30,000 rows, 1.4 MB: over the 1 MB from which a file is written in the background


def test_a_large_file_is_written_in_the_background_with_progress(
    page, live_server, transactional_db, tmp_path, monkeypatch
):
    page.context.set_default_timeout(
        30_000
    )  # 1.4 MB goes up and is checked: more than a page's 10 s on a busy machine
    load_core()
    path = tmp_path / "kanvas_groot.csv"
    path.write_bytes(csv_bytes(ANSWER_HEADER, group_rows("5a", "2021-najaar", PUPILS, prefix="G")))
    assert path.stat().st_size > 1_000_000

    # The writer waits until the browser has shown that it is writing: the progress is seen, not guessed.
    progress_seen, real = threading.Event(), services.WRITERS["antwoorden"]

    def writer_that_waits(school, plan):
        assert progress_seen.wait(60), "the page never showed the writing step"
        real(school, plan)

    monkeypatch.setitem(services.WRITERS, "antwoorden", writer_that_waits)
    # The worker below runs in a thread of this process: signal handlers belong to the main thread only.
    for method in ("configure_signals", "reset_signals"):
        monkeypatch.setattr(Worker, method, lambda self: None)

    login(page, "ib", DEMO_PASSWORD)
    page.goto("/12AB/kanvas/inlezen/")
    page.get_by_label("KanVAS-antwoorden").check()
    page.get_by_label("Bestand (.csv of .xlsx)").set_input_files(str(path))
    page.get_by_role("button", name="Bestand controleren").click()

    status = page.locator("#job-status")
    expect(status).to_contain_text("wacht op zijn beurt om te worden gecontroleerd")
    assert_accessible(page)
    checker = threading.Thread(target=worker)
    checker.start()
    checker.join(120)
    expect(status).to_contain_text("Het bestand is gecontroleerd", timeout=30_000)
    assert Job.objects.get(kind="kanvas_check").status == Job.Status.DONE
    page.get_by_role("link", name="Naar de controle").click()
    expect(page.get_by_role("heading", name="Controle van kanvas_groot.csv")).to_be_visible()
    expect(page.get_by_text("op de achtergrond opgeslagen")).to_be_visible()
    page.get_by_role("button", name="Bevestigen en opslaan").click()

    expect(status).to_contain_text("wacht op zijn beurt om te worden opgeslagen")
    assert_accessible(page)
    assert Response.objects.count() == 0

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        expect(status).to_contain_text("De gegevens worden opgeslagen (stap 2 van 2)", timeout=30_000)
        expect(status.locator("progress")).to_have_attribute("value", "50")
        progress_seen.set()
        expect(status).to_contain_text(
            f"kanvas_groot.csv is ingelezen: {PUPILS * 24} rijen opgeslagen.", timeout=60_000
        )
    finally:
        progress_seen.set()
        thread.join(120)
    assert Job.objects.get(kind="kanvas_import").status == Job.Status.DONE
    assert (
        ImportRecord.objects.get().rows == PUPILS * 24 == sum(len(r.answers) for r in Response.objects.all())
    )
    page.get_by_role("link", name="Naar het KanVAS-overzicht").click()
    expect(page).to_have_url(re.compile(r"moment=2021-najaar"))
    assert not page.js_errors, page.js_errors

"""Issue 21.1 / 18.3 in the browser (PostgreSQL): no request waits on a PDF. The directeur clicks "PDF downloaden",
sees the job's progress, the worker makes the PDF, the page offers the download; a second click serves the stored
PDF at once. The same for the schoolscan's PDF."""

import io
from pathlib import Path

from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from npo_planner.jobs.models import Job
from npo_planner.scholen.demo import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, download, download_made_in_background, login


def _text(downloaded) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(Path(downloaded.path()).read_bytes()))
    return reader, " ".join(p.extract_text() for p in reader.pages)


def test_click_pdf_see_progress_download_then_the_stored_pdf_at_once(page, live_server, transactional_db):
    call_command("demo", stdout=io.StringIO())
    login(page, "directeur", DEMO_PASSWORD)

    page.goto(reverse("programma:index", kwargs={"brin": "12AB"}))
    first = download_made_in_background(page, page.get_by_role("link", name="PDF downloaden"))
    assert_accessible(page)
    assert first.suggested_filename.startswith("schoolprogramma-12AB-2021-2022")
    reader, text = _text(first)
    assert reader.trailer["/Root"]["/Lang"] == "nl" and "OBS De Regenboog" in text
    assert Job.objects.count() == 1

    # The demo's programme is consented: its PDF is now stored and the next click downloads it at once.
    page.goto(reverse("programma:index", kwargs={"brin": "12AB"}))
    again = download(page, page.get_by_role("link", name="PDF downloaden"))
    assert Path(again.path()).read_bytes() == Path(first.path()).read_bytes()
    assert Job.objects.count() == 1

    page.goto(reverse("schoolscan:index", kwargs={"brin": "12AB"}))
    scan = download_made_in_background(page, page.get_by_test_id("scan-pdf"))
    assert scan.suggested_filename.startswith("schoolscan-12AB-2021-2022")
    reader, text = _text(scan)
    assert reader.trailer["/Root"]["/Lang"] == "nl" and "Schoolscan 2021-2022" in text
    assert not page.js_errors, page.js_errors

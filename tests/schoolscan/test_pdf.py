"""Issue 18.3: the schoolscan as a PDF fit to archive: PDF/UA-1 with lang="nl", the version and status on it,
tables that never run off the A4 page; stored for an established scan and served again; made in the background
when not stored; MR and bestuur get the form with small grades hidden."""

import io
from unittest import mock

import pytest
from django.urls import reverse
from pypdf import PdfReader
from weasyprint import HTML

from npo_planner.jobs.models import Job
from npo_planner.lib.pdf_render import STATIC_PREFIX, SafeFetcher, page_numbers, static_stylesheet
from schoolscan import exports
from schoolscan.models import Domain, ScanExport
from schoolscan.pdf import PDF_CSS, render_scan_pdf, scan_pdf_html
from schoolscan.selectors import scan_with_content
from schoolscan.services import scan_establish
from tests.programma.test_board_pdfs import work_off_the_queue
from tests.schoolscan.helpers import COGNITIVE_ROW, complete_scan, save

LONG_WORD = "Begrijpendlezenvertragingsanalyse" * 4  # no place to break: must still wrap inside its cell


def _pdf_url(cast):
    return reverse("schoolscan:pdf", kwargs={"brin": cast.school_a.brin})


@pytest.fixture
def wide_scan(cast):
    """A scan whose tables have long words in every column and many rows (several pages)."""
    scan = complete_scan(cast.school_a, cast.year, cast.director)
    domains = [d.value for d in Domain]
    rows = [
        {
            **COGNITIVE_ROW,
            "domain": domains[i % len(domains)],
            "grade": 3 + i // len(domains),
            "instrument": LONG_WORD[:60],
            "note": LONG_WORD,
        }
        for i in range(30)
    ]
    save(scan, "cognitief", cast.director, {"analysis": "Vertraging bij begrijpend lezen."}, rows)
    return scan_with_content(school=cast.school_a, school_year=cast.year)


def overflowing_boxes(html: str, css: str) -> list[str]:
    """Boxes that reach beyond the page's content area on the right, per page (WeasyPrint's own layout)."""
    fetcher = SafeFetcher()
    document = HTML(string=html, base_url=STATIC_PREFIX, url_fetcher=fetcher).render(
        stylesheets=[static_stylesheet(css, fetcher), page_numbers()]
    )
    found = []
    for number, page in enumerate(document.pages, start=1):
        root = page._page_box
        right = root.margin_width() - root.margin_right
        (html,) = [child for child in root.children if child.element_tag == "html"]  # not the margin boxes
        for box in html.descendants():
            if not hasattr(box, "position_x"):
                continue
            edge = box.position_x + box.margin_width()
            if edge > right + 0.5:
                found.append(f"page {number}: <{box.element_tag}> ends at {edge:.0f} > {right:.0f}")
    assert len(document.pages) > 1  # the check looked at a table running over pages
    return found


def test_no_table_runs_off_the_page(cast, wide_scan):
    assert overflowing_boxes(scan_pdf_html(scan=wide_scan, aggregate=False), PDF_CSS) == []


def test_the_pdf_is_tagged_in_dutch_with_version_and_status(cast, wide_scan):
    scan_establish(scan=wide_scan, user=cast.director)
    scan = scan_with_content(school=cast.school_a, school_year=cast.year)
    reader = PdfReader(io.BytesIO(render_scan_pdf(scan=scan, aggregate=False)))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Schoolscan 2021-2022" in text
    assert "versie 1, vastgesteld" in text
    assert "Klassenzorgscore" in text or "KanVAS" in text


@pytest.fixture
def quick_render():
    counter = iter(range(1000))
    with mock.patch(
        "schoolscan.exports.render_scan_pdf", side_effect=lambda **kw: b"%%PDF-1.7 scan %d" % next(counter)
    ) as render:
        yield render


def test_an_established_scan_is_made_once_then_served_from_storage(
    client, cast, quick_render, django_capture_on_commit_callbacks
):
    scan = complete_scan(cast.school_a, cast.year, cast.director)
    scan_establish(scan=scan, user=cast.director)
    client.force_login(cast.director)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.get(_pdf_url(cast))
    job = Job.objects.get()
    assert first.status_code == 302 and first.url.endswith(f"/taken/{job.pk}/")
    assert quick_render.call_count == 0  # the request itself rendered nothing
    work_off_the_queue()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.result_filename == "schoolscan-11AA-2021-2022-v1.pdf"

    second = client.get(_pdf_url(cast))
    assert second.status_code == 200 and second.content == b"%PDF-1.7 scan 0"
    assert quick_render.call_count == 1 and ScanExport.objects.count() == 1
    assert cast.school_a.audit_entries.filter(action="export").exists()


def test_a_concept_is_never_stored(cast, quick_render):
    scan = complete_scan(cast.school_a, cast.year, cast.director)
    exports.scan_pdf(scan=scan, aggregate=False, user=cast.director)
    exports.scan_pdf(scan=scan, aggregate=False, user=cast.director)
    assert quick_render.call_count == 2 and ScanExport.objects.count() == 0


def test_mr_and_bestuur_get_the_form_with_small_grades_hidden(cast):
    scan = complete_scan(cast.school_a, cast.year, cast.director)
    context = scan.context
    context.pupils_5 = 3  # a tiny grade 5: its share below norm is not shown to bestuur/MR
    context.save()
    scan = scan_with_content(school=cast.school_a, school_year=cast.year)
    assert "35,0" in scan_pdf_html(scan=scan, aggregate=False)
    hidden = scan_pdf_html(scan=scan, aggregate=True)
    assert "35,0" not in hidden and "&lt; 5" in hidden


def test_the_scan_page_offers_the_pdf(client, cast):
    complete_scan(cast.school_a, cast.year, cast.director)
    client.force_login(cast.mr)
    html = client.get(reverse("schoolscan:index", kwargs={"brin": cast.school_a.brin})).content.decode()
    assert _pdf_url(cast) in html

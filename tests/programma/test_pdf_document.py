"""Issue 18.3: the demo programme's PDF is one a board signs and archives: a version label a reader understands,
delay and growth worded with their unit, sections without data said once, a signature block, euro axes, and a
tagged PDF (PDF/UA) in Dutch."""

import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from npo_planner.programma.models import Programme
from npo_planner.programma.pdf import render_pdf
from tests.programma.test_pdf import pdf_text


@pytest.fixture
def demo_pdf(db):
    from npo_planner.programma import demo as programma_demo
    from npo_planner.scholen.demo import load_core

    programma_demo.load(load_core())
    programme = Programme.objects.get(school__brin="12AB")
    return render_pdf(programme=programme), programme.submissions.order_by("-number").first()


def test_demo_pdf_reads_as_a_document_to_sign(demo_pdf):
    data, submission = demo_pdf
    text = pdf_text(data)
    # a version label a reader understands
    day = timezone.localtime(submission.submitted_at)
    assert f"versie {submission.number}, ingediend {day.day}-{day.month}-{day.year}" in text
    assert "bewerking" not in text and "MR-versie" not in text
    # delay and growth worded with their unit
    assert "vertraging of groei" not in text
    # (the wording itself: test_delay_text.py, and test_integration.py with the demo's scan)
    # a section without data is said once, not per item
    assert text.count("nog geen meting") <= 1
    # a signature block for the MR chair
    assert "Ondertekening" in text
    for label in ("Voorzitter MR", "Datum", "Plaats", "Handtekening"):
        assert label in text


def test_pdf_is_tagged_pdf_ua_in_dutch(demo_pdf):
    reader = PdfReader(io.BytesIO(demo_pdf[0]))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "nl"
    assert bool(root["/MarkInfo"]["/Marked"])
    metadata = reader.xmp_metadata
    assert metadata is not None and b"pdfuaid" in metadata.stream.get_data()


def test_euro_axis_ticks_have_the_euro_sign_and_thousands_separators():
    from npo_planner.lib.charts import euro_tick

    assert euro_tick(40000) == "€ 40.000"
    assert euro_tick(1250000.0) == "€ 1.250.000"


def test_budget_chart_draws_euro_ticks(db):
    import base64

    from npo_planner.lib.charts import bar_chart

    uri = bar_chart(["A", "B"], {"2021-2022": [12000.0, 40000.0]}, ylabel="gepland", euro=True)
    svg = base64.b64decode(uri.split(",", 1)[1]).decode()
    assert "€ 40.000" in svg or "€ 40.000" in svg.replace("&#8364;", "€")

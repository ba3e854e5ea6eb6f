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


def test_the_budget_chart_draws_the_budget_as_a_line_over_the_planned_cost_per_year(db):
    """Issue 18.3: per school year the planned cost (stacked by goal area) and the NPO budget as a line, on a
    euro axis with € and thousands separators."""
    import base64
    from decimal import Decimal
    from types import SimpleNamespace

    from npo_planner.programma.report import budget_chart

    planned = {a: (Decimal(0), Decimal(0)) for a in "ABCDEF"}
    planned["B"] = (Decimal("60000"), Decimal("20000"))
    planned["E"] = (Decimal("30000"), Decimal("10000"))
    budget = SimpleNamespace(planned=planned, allocations=(Decimal("100000"), Decimal("45000")))
    svg = base64.b64decode(budget_chart(budget, ("2021-2022", "2022-2023")).split(",", 1)[1]).decode()
    svg = svg.replace("&#8364;", "€")
    assert "NPO-budget" in svg and "2021-2022" in svg
    assert "€ 100.000" in svg or "€ 80.000" in svg  # a tick of the euro axis, Dutch thousands dot
    # The legend: the areas with planned cost and the line; an area without planned cost is left out.
    assert "<!-- B -->" in svg and "<!-- E -->" in svg and "<!-- A -->" not in svg

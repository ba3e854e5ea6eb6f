"""The schoolscan as PDF: every section, the KanVAS summary, the version and status, rendered by the shared
renderer (`npo_planner/lib/pdf_render.py`: PDF/UA-1, lang="nl", only our own static files). Tables wrap to the A4 width
(static/schoolscan/pdf.css); the KanVAS group table is split in two tables so no column is squeezed unreadable."""

from django.template.loader import render_to_string
from django.utils import timezone

from npo_planner.lib.pdf_render import html_to_pdf
from schoolscan import selectors
from schoolscan.models import Scan
from schoolscan.sections import SECTIONS, display, small_grades

PDF_CSS = "schoolscan/pdf.css"


def scan_pdf_html(*, scan: Scan, aggregate: bool) -> str:
    """`aggregate`: the form for MR and bestuur, grades under 5 pupils hidden (as on their pages)."""
    hidden = small_grades(scan) if aggregate else set()
    sections = [{"spec": spec, "shown": display(spec, scan, hidden_grades=hidden)} for spec in SECTIONS]
    return render_to_string(
        "schoolscan/pdf.html",
        {
            "scan": scan,
            "school": scan.school,
            "sections": sections,
            "kanvas": selectors.kanvas_for_scan(scan=scan),
            "aggregate": aggregate,
            "generated_at": timezone.localtime(),
        },
    )


def render_scan_pdf(*, scan: Scan, aggregate: bool) -> bytes:
    return html_to_pdf(scan_pdf_html(scan=scan, aggregate=aggregate), stylesheet=PDF_CSS)

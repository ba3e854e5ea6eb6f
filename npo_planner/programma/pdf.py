"""The programme as PDF: the template filled with the report's data, rendered by the shared renderer
(`npo_planner/lib/pdf.py`: PDF/UA-1, only data: URIs and our own static files). User text is autoescaped."""

import time

from django.template.loader import render_to_string

from npo_planner.lib.pdf import render_html_pdf
from npo_planner.programma import report
from npo_planner.programma.comparisons import comparisons_for
from npo_planner.programma.models import Programme

PDF_CSS = "programma/pdf.css"


def pdf_html(programme: Programme, context: dict | None = None) -> str:
    context = context or report.build(programme)
    # Appendix: what changed in the latest version since the previous and the last consented one.
    context = {
        **context,
        "comparisons": comparisons_for(context.get("latest_submission")),
        "signature_block": True,  # paper is signed; the page on screen has no lines to sign
    }
    return render_to_string("programma/pdf.html", context)


def pdf_document(programme: Programme) -> tuple[str, str]:
    """(html, stylesheet path) of the programme's PDF, for `lib.pdf.render_many`."""
    return pdf_html(programme), PDF_CSS


def render_pdf(*, programme: Programme, timings: dict | None = None) -> bytes:
    """The PDF bytes. `timings` (optional) receives seconds spent building the data, rendering the template
    and inside WeasyPrint."""
    started = time.perf_counter()
    context = report.build(programme)
    built = time.perf_counter()
    html = pdf_html(programme, context)
    rendered = time.perf_counter()
    inside: dict = {}
    pdf = render_html_pdf(html=html, stylesheet_path=PDF_CSS, timings=inside)
    if timings is not None:
        timings.update({"data": built - started, "template": rendered - built, "html": html, **inside})
    return pdf

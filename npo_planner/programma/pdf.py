"""The programme as PDF (WeasyPrint). User text is autoescaped by the template; the renderer may fetch nothing but
data: URIs and our own static files, read from disk (no network, no file:// outside static/)."""

import time

from django.conf import settings
from django.template.loader import render_to_string

from npo_planner.lib.charts import for_pdf
from npo_planner.lib.pdf_render import SafeFetcher, html_to_pdf
from npo_planner.programma import report
from npo_planner.programma.comparisons import comparisons_for
from npo_planner.programma.models import Programme

PDF_CSS = "programma/pdf.css"
__all__ = [
    "SafeFetcher",
    "pdf_html",
    "render_pdf",
]  # SafeFetcher: the shared one (npo_planner.lib.pdf_render)


def pdf_html(programme: Programme, context: dict | None = None) -> str:
    context = context or pdf_context(programme)
    # Appendix: what changed in the latest version since the previous and the last consented one.
    context = {
        **context,
        "comparisons": comparisons_for(context.get("latest_submission")),
        "signature_block": True,  # paper is signed; the page on screen has no lines to sign
    }
    return render_to_string("programma/pdf.html", context)


def pdf_context(programme: Programme) -> dict:
    """The report's data with its charts drawn for a PDF (npo_planner.lib.charts.for_pdf)."""
    with for_pdf():
        return report.build(programme)


def pdf_document(programme: Programme) -> tuple[str, str]:
    """(html, stylesheet path) of the programme's PDF, for `lib.pdf_render.render_many`."""
    return pdf_html(programme), PDF_CSS


def render_pdf(*, programme: Programme, timings: dict | None = None) -> bytes:
    """The PDF bytes. `timings` (optional) receives seconds spent building the data, rendering the template
    and inside WeasyPrint."""
    started = time.perf_counter()
    context = pdf_context(programme)
    built = time.perf_counter()
    html = pdf_html(programme, context)
    rendered = time.perf_counter()
    fetcher = SafeFetcher()
    pdf = html_to_pdf(html, stylesheet=PDF_CSS, fetcher=fetcher)  # tagged, accessible
    done = time.perf_counter()
    if timings is not None:
        timings.update(
            {
                "data": built - started,
                "template": rendered - built,
                "weasyprint": done - rendered,
                "refused": fetcher.refused,
                "html": html,  # the final HTML: the benchmark times WeasyPrint alone on it (the floor)
            }
        )
    if settings.DEBUG and fetcher.refused:
        import logging

        logging.getLogger(__name__).warning("PDF renderer refused: %s", fetcher.refused)
    return pdf

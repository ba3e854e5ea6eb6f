"""The programme as PDF (WeasyPrint). User text is autoescaped by the template; the renderer may fetch nothing but
data: URIs and our own static files, read from disk (no network, no file:// outside static/)."""

import re
import time
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from npo_planner.programma import report
from npo_planner.programma.comparisons import comparisons_for
from npo_planner.programma.models import Programme

STATIC_PREFIX = "static:/"
PDF_CSS = "programma/pdf.css"


class RefusedFetch(ValueError):
    pass


class SafeFetcher(URLFetcher):
    """Allows data: URIs and `static:/<path>` (a file found by the staticfiles finders); refuses the rest."""

    def __init__(self):
        super().__init__(allowed_protocols={"data", "static"}, timeout=1)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith(STATIC_PREFIX):
            relative = url[len(STATIC_PREFIX) :].lstrip("/")
            found = finders.find(relative) if ".." not in relative else None
            if found:
                path = Path(found)
                content_type = "text/css" if path.suffix == ".css" else "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})
        self.refused.append(url)
        raise RefusedFetch(f"refused: {url[:80]}")


def pdf_html(programme: Programme, context: dict | None = None) -> str:
    context = context or report.build(programme)
    # Appendix: what changed in the latest version since the previous and the last consented one.
    context = {
        **context,
        "comparisons": comparisons_for(context.get("latest_submission")),
        "signature_block": True,  # paper is signed; the page on screen has no lines to sign
    }
    return render_to_string("programma/pdf.html", context)


def _stylesheet(fetcher: SafeFetcher) -> CSS:
    path = finders.find(PDF_CSS)
    return CSS(string=Path(path).read_text(encoding="utf-8"), base_url=STATIC_PREFIX, url_fetcher=fetcher)


def _page_numbers() -> CSS:
    """The footer's "Pagina 2 van 9" in the active language: the text around the counters comes from gettext."""
    counters = {"%(page)s": "counter(page)", "%(pages)s": "counter(pages)"}
    parts = re.split(r"(%\(pages?\)s)", _("Pagina %(page)s van %(pages)s"))
    content = " ".join(counters.get(part) or _css_string(part) for part in parts if part)
    return CSS(string=f"@page {{ @bottom-right {{ content: {content}; }} }}")


def _css_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return f'"{escaped}"'


def render_pdf(*, programme: Programme, timings: dict | None = None) -> bytes:
    """The PDF bytes. `timings` (optional) receives seconds spent building the data, rendering the template
    and inside WeasyPrint."""
    started = time.perf_counter()
    context = report.build(programme)
    built = time.perf_counter()
    html = pdf_html(programme, context)
    rendered = time.perf_counter()
    fetcher = SafeFetcher()
    document = HTML(string=html, base_url=STATIC_PREFIX, url_fetcher=fetcher)
    pdf = document.write_pdf(
        stylesheets=[_stylesheet(fetcher), _page_numbers()], pdf_variant="pdf/ua-1"
    )  # tagged, accessible
    done = time.perf_counter()
    if timings is not None:
        timings.update(
            {
                "data": built - started,
                "template": rendered - built,
                "weasyprint": done - rendered,
                "refused": fetcher.refused,
            }
        )
    if settings.DEBUG and fetcher.refused:
        import logging

        logging.getLogger(__name__).warning("PDF renderer refused: %s", fetcher.refused)
    return pdf

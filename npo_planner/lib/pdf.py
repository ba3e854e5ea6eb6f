"""HTML to a tagged, accessible PDF (WeasyPrint's PDF/UA-1 variant) for every document the product prints: the
programme, the schoolscan, the group report. One renderer, so every PDF gets the same safety and the same qualities:

- the renderer fetches nothing but data: URIs and our own static files, read from disk through the staticfiles
  finders (no network, no file:// outside static/): user text in the HTML cannot make it read anything else;
- `pdf_variant="pdf/ua-1"`: a structure tree (tags), the document's language from `<html lang="nl">`, the title
  from `<title>` shown as the window title;
- the footer's "Pagina 2 van 9" in the active language (gettext).

Usage: `render_html_pdf(html=render_to_string(...), stylesheet="app/pdf.css", timings={})`. A document's CSS sets
its own @page (size A4, margins, running header); tables that may be wider than the page must wrap (fixed layout,
`overflow-wrap: anywhere`) or be split, never overflow: see static/schoolscan/pdf.css for a wide table split in two.
"""

import logging
import multiprocessing
import re
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

STATIC_PREFIX = "static:/"
PDF_VARIANT = "pdf/ua-1"


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


def stylesheet(path: str, fetcher: SafeFetcher) -> CSS:
    found = finders.find(path)
    return CSS(string=Path(found).read_text(encoding="utf-8"), base_url=STATIC_PREFIX, url_fetcher=fetcher)


def page_numbers() -> CSS:
    """The footer's "Pagina 2 van 9" in the active language: the text around the counters comes from gettext."""
    counters = {"%(page)s": "counter(page)", "%(pages)s": "counter(pages)"}
    parts = re.split(r"(%\(pages?\)s)", _("Pagina %(page)s van %(pages)s"))
    content = " ".join(counters.get(part) or css_string(part) for part in parts if part)
    return CSS(string=f"@page {{ @bottom-right {{ content: {content}; }} }}")


def css_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return f'"{escaped}"'


def render_html_pdf(*, html: str, stylesheet_path: str, timings: dict | None = None) -> bytes:
    """The PDF bytes of `html` with the stylesheet at `stylesheet_path` (a static path). `timings` (optional)
    receives the seconds inside WeasyPrint and the refused URLs."""
    started = time.perf_counter()
    fetcher = SafeFetcher()
    document = HTML(string=html, base_url=STATIC_PREFIX, url_fetcher=fetcher)
    pdf = document.write_pdf(
        stylesheets=[stylesheet(stylesheet_path, fetcher), page_numbers()], pdf_variant=PDF_VARIANT
    )
    if timings is not None:
        timings.update({"weasyprint": time.perf_counter() - started, "refused": fetcher.refused})
    if settings.DEBUG and fetcher.refused:
        logger.warning("PDF renderer refused: %s", fetcher.refused)
    return pdf


def _render_document(document: tuple[str, str]) -> bytes:
    html, stylesheet_path = document
    return render_html_pdf(html=html, stylesheet_path=stylesheet_path)


def render_many(documents: list[tuple[str, str]], *, processes: int) -> Iterator[bytes]:
    """The PDF of each (html, stylesheet path), in order, as each is done. WeasyPrint is CPU-bound and runs on one
    core: with `processes` > 1 the PDFs are rendered side by side in forked processes (settings.PDF_PROCESSES,
    one per core). The children only turn HTML into PDF: the HTML is built, and the PDFs stored, by the caller,
    so no child touches the database (a forked child leaves through os._exit: it closes no inherited
    connection)."""
    if processes <= 1 or len(documents) <= 1:
        for document in documents:
            yield _render_document(document)
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(processes, len(documents)), mp_context=context) as pool:
        yield from pool.map(_render_document, documents)

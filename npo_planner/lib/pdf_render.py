"""HTML to PDF (WeasyPrint) for every PDF of the product: the programme, the schoolscan, the KanVAS group report
(one PDF: `html_to_pdf`; several side by side, as the board's batch does: `render_many`).

User text is autoescaped by the templates; the renderer may fetch nothing but data: URIs and our own static files,
read from disk (no network, no file:// outside static/). The PDFs are tagged (PDF/UA-1) and carry the page's `lang`.
"""

import multiprocessing
import re
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from django.contrib.staticfiles import finders
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_PREFIX = "static:/"


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


def static_stylesheet(relative: str, fetcher: SafeFetcher) -> CSS:
    """A stylesheet of our static files (e.g. "programma/pdf.css"), read from disk."""
    path = finders.find(relative)
    return CSS(string=Path(path).read_text(encoding="utf-8"), base_url=STATIC_PREFIX, url_fetcher=fetcher)


def page_numbers() -> CSS:
    """The footer's "Pagina 2 van 9" in the active language: the text around the counters comes from gettext."""
    counters = {"%(page)s": "counter(page)", "%(pages)s": "counter(pages)"}
    parts = re.split(r"(%\(pages?\)s)", _("Pagina %(page)s van %(pages)s"))
    content = " ".join(counters.get(part) or css_string(part) for part in parts if part)
    return CSS(string=f"@page {{ @bottom-right {{ content: {content}; }} }}")


def css_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return f'"{escaped}"'


def html_to_pdf(html: str, *, stylesheet: str, fetcher: SafeFetcher | None = None) -> bytes:
    """Tagged (PDF/UA-1) PDF bytes of `html` with our static `stylesheet` and the page numbers."""
    fetcher = fetcher or SafeFetcher()
    document = HTML(string=html, base_url=STATIC_PREFIX, url_fetcher=fetcher)
    return document.write_pdf(
        stylesheets=[static_stylesheet(stylesheet, fetcher), page_numbers()], pdf_variant="pdf/ua-1"
    )


def _render_document(document: tuple[str, str]) -> bytes:
    html, stylesheet = document
    return html_to_pdf(html, stylesheet=stylesheet)


def render_many(documents: list[tuple[str, str]], *, processes: int) -> Iterator[bytes]:
    """The PDF of each (html, stylesheet), in order, as each is done. WeasyPrint is CPU-bound and runs on one
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

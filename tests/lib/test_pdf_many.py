"""The shared renderer makes several PDFs side by side (the board's batch): same PDFs, same order, as one by one."""

import io

from pypdf import PdfReader

from npo_planner.lib.pdf_render import render_many

CSS = "schoolscan/pdf.css"


def _html(title: str) -> str:
    return f'<!doctype html><html lang="nl"><head><title>{title}</title></head><body><h1>{title}</h1></body></html>'


def _titles(pdfs) -> list[str]:
    return [PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split("\n")[0] for pdf in pdfs]


def test_side_by_side_gives_every_pdf_in_order():
    documents = [(_html(f"Document {n}"), CSS) for n in range(4)]
    side_by_side = list(render_many(documents, processes=2))
    assert _titles(side_by_side) == [f"Document {n}" for n in range(4)]
    assert all(PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Lang"] == "nl" for pdf in side_by_side)
    assert _titles(render_many(documents[:2], processes=1)) == ["Document 0", "Document 1"]

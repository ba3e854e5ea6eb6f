"""Checks on a rendered PDF's layout for tests: A4 pages and no word outside the printable area (cut off)."""

import re
import subprocess

A4 = (595.28, 841.89)  # points
MARGIN = 14.17  # 5 mm: what a printer cannot print; a word closer to the paper's edge is cut off on paper


def words_outside_a4(pdf_path) -> tuple[list[tuple[float, float]], list[str]]:
    """(the size of each page, the words that reach into the outer 5 mm of the paper or beyond it). Uses poppler's
    pdftotext (Debian package poppler-utils); the text of SVG pictures counts, as WeasyPrint draws it as text."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf_path), "-"], check=True, capture_output=True, text=True
    ).stdout
    sizes, outside = [], []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S):
        width, height = float(page[1]), float(page[2])
        sizes.append((width, height))
        for word in re.finditer(
            r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)</word>', page[3]
        ):
            x1, y1, x2, y2 = (float(word[i]) for i in range(1, 5))
            if x1 < MARGIN or y1 < MARGIN or x2 > width - MARGIN or y2 > height - MARGIN:
                outside.append(word[5])
    return sizes, outside

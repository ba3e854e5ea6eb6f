"""Benchmark: generate the demo school's (12AB) programme PDF and print the seconds, the seconds per page and the
share spent inside WeasyPrint. Target: under 1.5 s per PDF, at least 70 % of it in WeasyPrint (charts come from the
cache). Seconds per page make programmes of different length comparable.

Run against a database with the demo loaded:  python manage.py demo && python bench/programme_pdf.py [runs]
"""

import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "npo_planner.settings")

import django  # noqa: E402

django.setup()

from pypdf import PdfReader  # noqa: E402  (in requirements/test.txt)

from npo_planner.programma import selectors  # noqa: E402
from npo_planner.programma.pdf import render_pdf  # noqa: E402
from npo_planner.scholen.models import School, SchoolYear  # noqa: E402


def main(runs: int = 5) -> int:
    school = School.objects.get(brin="12AB")
    year = SchoolYear.objects.get(label="2021-2022")
    programme = selectors.programme_for(school=school, school_year=year)
    if programme is None:
        print("Geen demoprogramma: draai eerst `python manage.py demo`.")
        return 1
    render_pdf(programme=programme)  # warm-up: fonts, templates, chart cache
    totals, inside = [], []
    for _ in range(runs):
        timings: dict = {}
        started = time.perf_counter()
        pdf = render_pdf(programme=programme, timings=timings)
        totals.append(time.perf_counter() - started)
        inside.append(timings["weasyprint"])
    total, weasy = statistics.median(totals), statistics.median(inside)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"PDF 12AB: {len(pdf)} bytes, {pages} pages, {runs} runs")
    print(f"median {total:.3f} s per PDF (min {min(totals):.3f} s, max {max(totals):.3f} s)")
    print(f"{total / pages:.3f} s per page (WeasyPrint alone: {weasy / pages:.3f} s per page)")
    print(f"inside WeasyPrint: {weasy:.3f} s = {100 * weasy / total:.0f} %")
    ok = total < 1.5 and weasy / total >= 0.70
    print("doel gehaald" if ok else "doel NIET gehaald (< 1,5 s en >= 70 % in WeasyPrint)")
    return 0 if ok else 2


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5))

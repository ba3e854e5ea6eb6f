"""Benchmark: generate the demo school's (12AB) programme PDF and print the seconds, the seconds per page and the
share spent inside WeasyPrint. Beside it, the floor: WeasyPrint alone on the final HTML of the same PDF (the same
call, nothing of ours around it). Target (issue 21.7): under 1.5 s per PDF, or, where WeasyPrint itself is the
floor, the programme within 1.2x of it. Seconds per page make programmes of different length comparable; the load
average is printed with the figures (a shared machine measures slower), and so are the CPU seconds of the process,
which other work on the machine disturbs less than wall time.

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

from npo_planner.lib.pdf_render import html_to_pdf  # noqa: E402
from npo_planner.programma import selectors  # noqa: E402
from npo_planner.programma.pdf import PDF_CSS, render_pdf  # noqa: E402
from npo_planner.scholen.models import School, SchoolYear  # noqa: E402


def main(runs: int = 5) -> int:
    school = School.objects.get(brin="12AB")
    year = SchoolYear.objects.get(label="2021-2022")
    programme = selectors.programme_for(school=school, school_year=year)
    if programme is None:
        print("Geen demoprogramma: draai eerst `python manage.py demo`.")
        return 1
    render_pdf(programme=programme)  # warm-up: fonts, templates, chart cache
    load_before = os.getloadavg()
    totals, inside, floors, cpu_totals, cpu_floors = [], [], [], [], []
    for _ in range(runs):
        timings: dict = {}
        started, cpu = time.perf_counter(), time.process_time()
        pdf = render_pdf(programme=programme, timings=timings)
        totals.append(time.perf_counter() - started)
        cpu_totals.append(time.process_time() - cpu)
        inside.append(timings["weasyprint"])
        started, cpu = time.perf_counter(), time.process_time()
        html_to_pdf(timings["html"], stylesheet=PDF_CSS)  # the floor: WeasyPrint alone on the final HTML
        floors.append(time.perf_counter() - started)
        cpu_floors.append(time.process_time() - cpu)
    load_after = os.getloadavg()
    total, weasy, floor = statistics.median(totals), statistics.median(inside), statistics.median(floors)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"PDF 12AB: {len(pdf)} bytes, {pages} pages, {runs} runs")
    print(f"median {total:.3f} s per PDF (min {min(totals):.3f} s, max {max(totals):.3f} s)")
    print(f"{total / pages:.3f} s per page (WeasyPrint alone: {weasy / pages:.3f} s per page)")
    print(f"inside WeasyPrint: {weasy:.3f} s = {100 * weasy / total:.0f} %")
    print(f"floor, WeasyPrint on the final HTML: {floor:.3f} s = {floor / pages:.3f} s per page")
    print(f"programme / floor: {total / floor:.2f}x (target <= 1.2x, or under 1.5 s)")
    # CPU seconds of this process: what the PDF costs, less disturbed than wall time by other work on the machine
    # (the database's time for the data is not in it: a few hundredths of a second).
    cpu_total, cpu_floor = statistics.median(cpu_totals), statistics.median(cpu_floors)
    print(
        f"CPU: {cpu_total:.3f} s per PDF = {cpu_total / pages:.3f} s per page; floor {cpu_floor:.3f} s; "
        f"programme / floor {cpu_total / cpu_floor:.2f}x"
    )
    print(
        "load average (1, 5, 15 min) before "
        + ", ".join(f"{v:.1f}" for v in load_before)
        + "; after "
        + ", ".join(f"{v:.1f}" for v in load_after)
        + f"; {os.cpu_count()} cores"
    )
    ok = total < 1.5 or total / floor <= 1.2
    print("doel gehaald" if ok else "doel NIET gehaald (< 1,5 s, of binnen 1,2x van WeasyPrint zelf)")
    return 0 if ok else 2


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5))

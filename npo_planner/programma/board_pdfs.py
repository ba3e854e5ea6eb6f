"""The board's batch of programme PDFs: one zip with the PDF of every school's programme of a school year,
made in the background (npo_planner.jobs) with progress. A submitted or consented version already stored as
PDF is reused, not rendered again (services.programme_pdf)."""

import io
import zipfile

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from npo_planner.programma import services
from npo_planner.programma.models import Programme
from npo_planner.scholen.models import SchoolYear

KIND = "board_pdfs"
LABEL = _("PDF's van alle schoolprogramma's")


def board_programmes(*, board, school_year: SchoolYear) -> list[Programme]:
    """The programme of each school of the board that runs in the school year (the latest one when two do)."""
    latest = {}
    for programme in (
        Programme.objects.filter(school__board=board)
        .filter(Q(first_year=school_year) | Q(second_year=school_year))
        .select_related("school", "first_year")
        .order_by("first_year__start", "id")
    ):
        latest[programme.school_id] = programme
    return sorted(latest.values(), key=lambda p: p.school.name)


def make_zip(job, progress) -> tuple[str, bytes]:
    """A stored PDF of a frozen version is taken as it is; the others are built here (the data: database) and
    rendered side by side (settings.PDF_PROCESSES), then stored as if downloaded one by one."""
    # WeasyPrint: loaded by the worker when needed, not at every start of the app.
    from npo_planner.lib.pdf_render import render_many
    from npo_planner.programma.pdf import pdf_document

    school_year = SchoolYear.objects.get(pk=job.params["school_year"])
    programmes = board_programmes(board=job.board, school_year=school_year)
    stored = {p.pk: services.stored_programme_pdf(programme=p) for p in programmes}
    to_render = [p for p in programmes if stored[p.pk] is None]
    progress(0, len(programmes))
    done = len(programmes) - len(to_render)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for export in filter(None, stored.values()):
            archive.writestr(export.filename, bytes(export.pdf))
        progress(done, len(programmes))
        documents = [pdf_document(p) for p in to_render]
        rendered = render_many(documents, processes=settings.PDF_PROCESSES)
        for programme, pdf in zip(to_render, rendered, strict=True):
            export = services.programme_export(
                programme=programme, user=job.created_by, via="bestuur", pdf=pdf
            )
            archive.writestr(export.filename, bytes(export.pdf))
            done += 1
            progress(done, len(programmes))
    return f"schoolprogrammas-{school_year.label}.zip", buffer.getvalue()

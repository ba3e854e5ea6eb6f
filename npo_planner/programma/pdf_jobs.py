"""One programme PDF made in the background (npo_planner.jobs), so no request waits seconds on WeasyPrint: the
download of a version not yet stored starts this job; the user follows its progress and downloads the file."""

from django.utils.translation import gettext_lazy as _

from npo_planner.programma import services
from npo_planner.programma.models import Programme

KIND = "programme_pdf"
LABEL = _("PDF van het schoolprogramma")


def params_for(programme: Programme) -> dict:
    return {"programme": programme.pk, "version": programme.version}


def make_pdf(job, progress) -> tuple[str, bytes]:
    programme = Programme.objects.select_related("school", "first_year").get(
        pk=job.params["programme"], school=job.school
    )
    progress(0, 1)
    export = services.programme_pdf(programme=programme, user=job.created_by, via="browser")
    progress(1, 1)
    return export.filename, bytes(export.pdf)

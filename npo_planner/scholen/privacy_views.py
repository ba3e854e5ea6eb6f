"""The school's privacy page: what is stored and for how long, exports for a right-of-access request, logs."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone

from npo_planner.scholen.access import school_view
from npo_planner.scholen.models import Pupil, PupilAccess, RetentionRun
from npo_planner.scholen.pupil_data import (
    PUPIL_ACCESS_RETENTION_DAYS,
    RETENTION_YEARS,
    pupil_data,
    pupil_export_record,
    retention_cutoff,
)
from npo_planner.scholen.roles import Role


@school_view(Role.DIRECTEUR, Role.IB)
def privacy_overview(request):
    code = (request.GET.get("leerling") or "").strip()
    found = Pupil.objects.filter(school=request.school, code=code).first() if code else None
    context = {
        "code": code,
        "found": found,
        "retention_years": RETENTION_YEARS,
        "access_days": PUPIL_ACCESS_RETENTION_DAYS,
        "cutoff": retention_cutoff(),
        "due": Pupil.objects.filter(school=request.school, left_on__lt=retention_cutoff()).count(),
        "accesses": PupilAccess.objects.filter(school=request.school).order_by("-at")[:50],
        "runs": RetentionRun.objects.order_by("-at")[:5],
    }
    return render(request, "scholen/privacy.html", context)


@school_view(Role.DIRECTEUR, Role.IB)
def pupil_export(request, pupil_id):
    pupil = get_object_or_404(Pupil.objects.select_related("school"), pk=pupil_id, school=request.school)
    pupil_export_record(user=request.user, pupil=pupil)
    html = render_to_string(
        "scholen/pupil_export.html",
        {"pupil": pupil, "sections": pupil_data(pupil), "made_at": timezone.now(), "made_by": request.user},
    )
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="leerling-{pupil.code}.html"'
    return response

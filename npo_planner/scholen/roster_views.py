"""Pages to read a roster (groepsindeling) and to start a new school year from the previous one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from npo_planner.lib.column_mapping import hint_of
from npo_planner.lib.import_errors import ImportErrors
from npo_planner.scholen import roster_services, year_start
from npo_planner.scholen.access import school_view
from npo_planner.scholen.mapping_step import mapping_context, mapping_step_save
from npo_planner.scholen.models import MappingKind, PendingRoster, SchoolYear
from npo_planner.scholen.roles import MANAGEMENT, Role
from npo_planner.scholen.roster_forms import RosterUploadForm, YearStartForm
from npo_planner.scholen.roster_import import FIELDS
from npo_planner.scholen.selectors import SESSION_YEAR_KEY


@school_view(*MANAGEMENT)
def roster_upload(request):
    """Choose a file; a file whose columns are not recognised gets the mapping step (the file is chosen again
    there: a roster is never kept before it is checked, it holds personal data)."""
    initial = {"school_year": request.GET.get("jaar") or (request.school_year and request.school_year.label)}
    form = RosterUploadForm(request.POST or None, request.FILES or None, initial=initial)
    mapping = {}
    if request.method == "POST" and "koppelen" in request.POST:
        mapping_step_save(
            request.POST,
            user=request.user,
            school=request.school,
            kind=MappingKind.ROSTER,
            fields=FIELDS,
            values=[],
        )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            roster_services.roster_store(
                school=request.school,
                user=request.user,
                school_year=form.cleaned_data["school_year"],
                filename=upload.name,
                data=upload.read(),
            )
        except ImportErrors as errors:
            for line in errors.messages():
                form.add_error("file", line)
            mapping = mapping_context(
                hint_of(errors),
                values=[],
                action=request.path,
                pending={"koppelen": "1", "school_year": form.cleaned_data["school_year"].label},
                reupload="file",
            )
        else:
            return redirect("scholen:roster_preview", brin=request.school.brin)
    return render(request, "scholen/roster_upload.html", {"form": form, **mapping})


@school_view(*MANAGEMENT)
def roster_preview(request):
    pending = (
        PendingRoster.objects.select_related("school", "school_year")
        .filter(school=request.school, user=request.user)
        .first()
    )
    if pending is None:
        messages.info(request, _("Kies eerst een bestand om in te lezen."))
        return redirect("scholen:roster_upload", brin=request.school.brin)
    if request.method == "POST":
        if "discard" in request.POST:
            pending.delete()
            messages.info(request, _("Het bestand is niet ingelezen en weggegooid."))
            return redirect("scholen:roster_upload", brin=request.school.brin)
        try:
            plan = roster_services.roster_confirm(
                pending=pending, user=request.user, digest=request.POST.get("digest", "")
            )
        except ValidationError as error:
            messages.warning(request, error.messages[0])
            return redirect("scholen:roster_preview", brin=request.school.brin)
        messages.success(
            request,
            _("De groepsindeling van %(year)s is ingelezen: %(pupils)s leerlingen in %(groups)s groepen.")
            % {"year": plan.year.label, "pupils": len(plan.rows), "groups": len(plan.groups)},
        )
        return redirect("scholen:dashboard", brin=request.school.brin)
    plan = roster_services.roster_preview(pending=pending)
    return render(request, "scholen/roster_preview.html", {"pending": pending, "plan": plan})


@school_view(Role.DIRECTEUR)
def year_start_page(request):
    label = (
        request.POST.get("van")
        or request.GET.get("van")
        or (request.school_year and request.school_year.label)
    )
    from_year = SchoolYear.objects.filter(label=label).first()
    to_year = year_start.next_school_year(from_year) if from_year else None
    if from_year is None or to_year is None:
        messages.info(request, _("Er is geen volgend schooljaar om te starten."))
        return redirect("scholen:dashboard", brin=request.school.brin)
    proposal = year_start.year_start_proposal(school=request.school, from_year=from_year, to_year=to_year)
    form = YearStartForm(request.POST or None, proposal=proposal)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            result = year_start.year_start(
                school=request.school,
                from_year=from_year,
                to_year=to_year,
                names=form.names(),
                digest=request.POST.get("voorstel", ""),
                user=request.user,
            )
        except ValidationError as error:
            if error.code == "already_started":
                messages.info(request, error.messages[0])
                return redirect("scholen:dashboard", brin=request.school.brin)
            if error.code == "edit_conflict":
                messages.warning(request, error.messages[0])
                return redirect(
                    reverse("scholen:year_start", args=[request.school.brin]) + f"?van={from_year.label}"
                )
            for field, lines in error.message_dict.items():
                for line in lines:
                    form.add_error(field, line)
            status = 400
        else:
            messages.success(
                request,
                _(
                    "Schooljaar %(year)s is gestart: %(pupils)s leerlingen in %(groups)s groepen; %(leavers)s "
                    "leerlingen van groep 8 zijn van school af. Lees de nieuwe leerlingen in met de groepsindeling."
                )
                % {"year": to_year.label, **result},
            )
            request.session[SESSION_YEAR_KEY] = {
                **request.session.get(SESSION_YEAR_KEY, {}),
                request.school.brin: to_year.label,
            }
            return redirect(
                reverse("scholen:roster_upload", args=[request.school.brin]) + f"?jaar={to_year.label}"
            )
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "scholen/year_start.html",
        {"proposal": proposal, "form": form, "lines": [(line, form[line.key]) for line in proposal.lines]},
        status=status,
    )

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from npo_planner.jobs.file_imports import in_background
from npo_planner.jobs.school_views import import_job_page
from npo_planner.jobs.selectors import school_job_for
from npo_planner.jobs.services import retry_job
from npo_planner.lib.column_mapping import hint_of, ignored_parts
from npo_planner.lib.import_errors import ImportErrors
from npo_planner.scholen.access import school_view
from npo_planner.scholen.mapping_step import mapping_context, mapping_step_save
from npo_planner.scholen.models import MappingKind
from npo_planner.scholen.roles import ALL_ROLES, MANAGEMENT, SCHOOL_STAFF
from npo_planner.scholen.selectors import import_mapping_for
from ouderbetrokkenheid import import_jobs
from ouderbetrokkenheid.forms import ImportForm, SurveyEditForm, SurveyForm
from ouderbetrokkenheid.importers import existing_by_source, import_plan, rows_to_json, survey_fields
from ouderbetrokkenheid.models import PendingSurveyFile
from ouderbetrokkenheid.selectors import (
    agreements_for,
    respondent_counts,
    surveys_for,
    templates_for,
)
from ouderbetrokkenheid.services import (
    survey_create,
    survey_delete,
    survey_file_confirm,
    survey_file_store,
    survey_update,
)
from ouderbetrokkenheid.views.common import error_messages, get_survey


@school_view(*ALL_ROLES)
def index(request):
    return render(
        request,
        "ouderbetrokkenheid/index.html",
        {
            "surveys": surveys_for(school=request.school, school_year=request.school_year),
            "agreements": agreements_for(school=request.school, school_year=request.school_year),
            "can_manage": request.role in MANAGEMENT,
            "is_staff": request.role in SCHOOL_STAFF,
        },
    )


@school_view(*MANAGEMENT)
def survey_new(request):
    templates = templates_for(school=request.school)
    form = SurveyForm(
        request.POST or None,
        templates=templates,
        initial={"template": templates[0].pk if templates else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            survey = survey_create(
                user=request.user, school=request.school, school_year=request.school_year, **form.cleaned_data
            )
        except ValidationError as exc:
            for message in error_messages(exc):
                form.add_error(None, message)
        else:
            messages.success(request, _("De peiling is aangemaakt."))
            return redirect("ouderbetrokkenheid:survey", brin=request.school.brin, survey_id=survey.pk)
    return render(request, "ouderbetrokkenheid/survey_form.html", {"form": form, "survey": None})


@school_view(*SCHOOL_STAFF)
def survey_detail(request, survey_id):
    survey = get_survey(request, survey_id)
    public_url = request.build_absolute_uri(reverse("ouderpeiling_online", kwargs={"token": survey.token}))
    team_url = request.build_absolute_uri(reverse("ouderpeiling_online", kwargs={"token": survey.team_token}))
    return render(
        request,
        "ouderbetrokkenheid/survey_detail.html",
        {
            "survey": survey,
            "counts": respondent_counts(survey=survey),
            "public_url": public_url,
            "team_url": team_url,
            "can_manage": request.role in MANAGEMENT,
            "imports": list(survey.imports.all()[:5]),
        },
    )


@school_view(*MANAGEMENT)
def survey_edit(request, survey_id):
    survey = get_survey(request, survey_id)
    initial = {
        "version": survey.version,
        "title": survey.title,
        "starts_on": survey.starts_on,
        "ends_on": survey.ends_on,
        "status": survey.status,
    }
    form = SurveyEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            survey_update(user=request.user, survey=survey, **form.cleaned_data)
        except ValidationError as exc:
            for message in error_messages(exc):
                form.add_error(None, message)
        else:
            messages.success(request, _("De peiling is opgeslagen."))
            return redirect("ouderbetrokkenheid:survey", brin=request.school.brin, survey_id=survey.pk)
    return render(request, "ouderbetrokkenheid/survey_form.html", {"form": form, "survey": survey})


def _import_context(survey) -> dict:
    return {
        "survey": survey,
        "statements": list(survey.template.statements.all()),
        "options": list(survey.template.options.all()),
    }


def _plan(survey, data: bytes, filename: str, mode: str, *, parsed: dict | None = None):
    return import_plan(
        school=survey.school,
        year_label=survey.school_year.label,
        title=survey.title,
        data=data,
        filename=filename,
        mode=mode,
        mapping=import_mapping_for(school=survey.school, kind=MappingKind.SURVEY),
        parsed=parsed,
    )


def _check_and_store(request, survey, *, data: bytes, filename: str, mode: str):
    """Check a file with the school's saved mapping; (pending, None) to preview, or (pending or None, errors)
    with a pending file kept for the mapping step when a mapping can help."""
    try:
        plan = _plan(survey, data, filename, mode)
    except ImportErrors as exc:
        pending = None
        if hint_of(exc) is not None:
            pending = survey_file_store(
                user=request.user, survey=survey, filename=filename, data=data, mode=mode
            )
        return pending, exc
    pending = survey_file_store(
        user=request.user,
        survey=survey,
        filename=filename,
        data=data,
        mode=mode,
        parsed=rows_to_json(plan, data),
    )
    return pending, None


def _preview_redirect(request, survey, pending):
    url = reverse(
        "ouderbetrokkenheid:survey_import_preview",
        kwargs={"brin": request.school.brin, "survey_id": survey.pk},
    )
    return redirect(f"{url}?bestand={pending.pk}")


MAPPING_VALUES = ["1", "2", "3", "4", "ouder", "team", "onderbouw", "middenbouw", "bovenbouw"]


def _mapping_context(request, survey, pending, exc) -> dict:
    """The mapping step (includes/import_mapping.html): a file column per missing field, a value per word."""
    if pending is None or exc is None:
        return {}
    action = reverse(
        "ouderbetrokkenheid:survey_import_map", kwargs={"brin": request.school.brin, "survey_id": survey.pk}
    )
    return mapping_context(
        hint_of(exc), values=MAPPING_VALUES, action=action, pending={"bestand": pending.pk}
    )


@school_view(*MANAGEMENT)
def survey_import(request, survey_id):
    """Step 1: choose a file and what happens to the answers already there; the file is checked (with the
    school's saved mapping), then previewed, or first mapped where columns or words are not recognised."""
    survey = get_survey(request, survey_id)
    existing = existing_by_source(survey)
    form = ImportForm(request.POST or None, request.FILES or None, has_answers=bool(sum(existing.values())))
    errors, mapping = [], {}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        pending, exc = _check_and_store(
            request, survey, data=upload.read(), filename=upload.name, mode=form.cleaned_data["mode"]
        )
        if exc is None:
            return _preview_redirect(request, survey, pending)
        errors, mapping = exc.messages(), _mapping_context(request, survey, pending, exc)
    return render(
        request,
        "ouderbetrokkenheid/survey_import.html",
        {**_import_context(survey), "form": form, "errors": errors, "existing": existing, **mapping},
    )


@school_view(*MANAGEMENT)
@require_POST
def survey_import_map(request, survey_id):
    """The mapping step: save the chosen columns and words for the school, then check the kept file again."""
    survey = get_survey(request, survey_id)
    pending_id = request.POST.get("bestand", "")
    pending = (
        PendingSurveyFile.objects.filter(
            pk=int(pending_id), survey=survey, user=request.user, parsed__isnull=True
        ).first()
        if pending_id.isdigit()
        else None
    )
    if pending is None:
        messages.info(request, _("Kies eerst een bestand om in te lezen."))
        return redirect("ouderbetrokkenheid:survey_import", brin=request.school.brin, survey_id=survey.pk)
    mapping_step_save(
        request.POST,
        user=request.user,
        school=request.school,
        kind=MappingKind.SURVEY,
        fields=survey_fields(survey.template),
        values=MAPPING_VALUES,
    )
    data = bytes(pending.data)
    new_pending, exc = _check_and_store(
        request, survey, data=data, filename=pending.filename, mode=pending.mode
    )
    if exc is None:
        return _preview_redirect(request, survey, new_pending)
    existing = existing_by_source(survey)
    return render(
        request,
        "ouderbetrokkenheid/survey_import.html",
        {
            **_import_context(survey),
            "form": ImportForm(has_answers=bool(sum(existing.values()))),
            "errors": exc.messages(),
            "existing": existing,
            **_mapping_context(request, survey, new_pending, exc),
        },
    )


@school_view(*MANAGEMENT)
def survey_import_preview(request, survey_id):
    """Step 2: what the file adds, what it replaces and what stays, in numbers; then read in or discard. The file
    was parsed once at the upload; a large one is then written by a background job whose page shows the progress
    (ouderbetrokkenheid.import_jobs)."""
    survey = get_survey(request, survey_id)
    pending_id = request.POST.get("bestand") or request.GET.get("bestand") or ""
    pending = (
        PendingSurveyFile.objects.filter(pk=int(pending_id), survey=survey, user=request.user).first()
        if pending_id.isdigit()
        else None
    )
    if pending is None:
        messages.info(request, _("Kies eerst een bestand om in te lezen."))
        return redirect("ouderbetrokkenheid:survey_import", brin=request.school.brin, survey_id=survey.pk)
    if pending.confirmed:  # being written by a background job: a second submit or a reload shows that job
        job = school_job_for(school=request.school, kind=import_jobs.KIND, params={"upload": pending.pk})
        if job is not None:
            return _job_redirect(request, survey, job)
    background = in_background(pending.size)
    errors = []
    if request.method == "POST":
        if "discard" in request.POST:
            pending.delete()
            messages.info(request, _("Het bestand is niet ingelezen."))
            return redirect("ouderbetrokkenheid:survey", brin=request.school.brin, survey_id=survey.pk)
        if background:
            return _job_redirect(
                request, survey, import_jobs.confirm_later(pending=pending, user=request.user)
            )
        try:
            result = survey_file_confirm(user=request.user, pending=pending)
        except ImportErrors as exc:
            errors = exc.messages()
        except ValidationError as exc:
            errors = error_messages(exc)
        else:
            for warning in result.warnings:
                messages.warning(request, warning)
            text = _("%(n)d vragenlijsten ingelezen in '%(title)s'.") % {
                "n": result.rows,
                "title": survey.title,
            }
            if result.removed:
                text += " " + _("%(removed)d antwoorden uit eerdere bestanden zijn vervangen.") % {
                    "removed": result.removed
                }
            messages.success(request, text)
            return redirect("ouderbetrokkenheid:survey", brin=request.school.brin, survey_id=survey.pk)
    plan = None
    if not errors:
        try:
            plan = _plan(survey, bytes(pending.data), pending.filename, pending.mode, parsed=pending.parsed)
        except ImportErrors as exc:
            errors = exc.messages()
    return render(
        request,
        "ouderbetrokkenheid/survey_import_preview.html",
        {
            "survey": survey,
            "pending": pending,
            "plan": plan,
            "errors": errors,
            "background": background,
            **ignored_parts(plan.ignored if plan else []),
        },
    )


def _job_redirect(request, survey, job):
    return redirect(
        "ouderbetrokkenheid:survey_import_job",
        brin=request.school.brin,
        survey_id=survey.pk,
        survey_job_id=job.pk,
    )


def _import_job(request, survey, survey_job_id):
    job = school_job_for(
        school=request.school, kind=import_jobs.KIND, job_id=survey_job_id, params={"survey": survey.pk}
    )
    if job is None:
        raise Http404
    return job


@school_view(*MANAGEMENT)
def survey_import_job(request, survey_id, survey_job_id):
    """A large file being written in the background: progress, then the result or the file's errors."""
    survey = get_survey(request, survey_id)
    job = _import_job(request, survey, survey_job_id)
    kwargs = {"brin": request.school.brin, "survey_id": survey.pk}
    return import_job_page(
        request,
        job,
        template="ouderbetrokkenheid/survey_import_job.html",
        overview_url=reverse("ouderbetrokkenheid:results", kwargs=kwargs),
        overview_label=_("Naar de resultaten"),
        upload_url=reverse("ouderbetrokkenheid:survey_import", kwargs=kwargs),
        retry_url=reverse(
            "ouderbetrokkenheid:survey_import_job_retry", kwargs={**kwargs, "survey_job_id": job.pk}
        ),
        extra={"survey": survey},
    )


@school_view(*MANAGEMENT)
def survey_import_job_retry(request, survey_id, survey_job_id):
    survey = get_survey(request, survey_id)
    job = _import_job(request, survey, survey_job_id)  # another school's job is 404 whatever the method
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    retry_job(job=job)
    return _job_redirect(request, survey, job)


@school_view(*MANAGEMENT)
@require_POST
def survey_remove(request, survey_id):
    survey = get_survey(request, survey_id)
    survey_delete(user=request.user, survey=survey)
    messages.success(request, _("De peiling '%(title)s' is verwijderd.") % {"title": survey.title})
    return redirect("ouderbetrokkenheid:index", brin=request.school.brin)

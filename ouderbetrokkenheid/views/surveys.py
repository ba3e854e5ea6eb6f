from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from npo_planner.lib.import_errors import ImportErrors
from npo_planner.scholen.access import school_view
from npo_planner.scholen.roles import ALL_ROLES, MANAGEMENT, SCHOOL_STAFF
from ouderbetrokkenheid.forms import ImportForm, SurveyEditForm, SurveyForm
from ouderbetrokkenheid.importers import responses_import
from ouderbetrokkenheid.selectors import agreements_for, respondent_counts, surveys_for, templates_for
from ouderbetrokkenheid.services import survey_create, survey_delete, survey_update
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


@school_view(*MANAGEMENT)
def survey_import(request, survey_id):
    survey = get_survey(request, survey_id)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = responses_import(
                user=request.user,
                school=request.school,
                year_label=survey.school_year.label,
                title=survey.title,
                data=upload.read(),
                filename=upload.name,
                replace=form.cleaned_data["replace"],
            )
        except ImportErrors as exc:
            errors = exc.messages()
        else:
            for warning in result.warnings:
                messages.warning(request, warning)
            messages.success(
                request,
                _("%(n)d vragenlijsten ingelezen in '%(title)s'.")
                % {"n": result.rows, "title": survey.title},
            )
            return redirect("ouderbetrokkenheid:survey", brin=request.school.brin, survey_id=survey.pk)
    statements = list(survey.template.statements.all())
    options = list(survey.template.options.all())
    return render(
        request,
        "ouderbetrokkenheid/survey_import.html",
        {"survey": survey, "form": form, "errors": errors, "statements": statements, "options": options},
    )


@school_view(*MANAGEMENT)
@require_POST
def survey_remove(request, survey_id):
    survey = get_survey(request, survey_id)
    survey_delete(user=request.user, survey=survey)
    messages.success(request, _("De peiling '%(title)s' is verwijderd.") % {"title": survey.title})
    return redirect("ouderbetrokkenheid:index", brin=request.school.brin)

"""Typing in paper forms: one respondent per screen, answers by keyboard, a running count, corrections."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from npo_planner.lib.pagination import page_of
from npo_planner.scholen.access import school_view
from npo_planner.scholen.roles import SCHOOL_STAFF, Role
from ouderbetrokkenheid.forms import QuestionnaireForm
from ouderbetrokkenheid.models import Response
from ouderbetrokkenheid.selectors import respondent_counts, responses_for
from ouderbetrokkenheid.services import response_delete, response_record, response_update
from ouderbetrokkenheid.views.common import error_messages, get_survey

FORMS_PER_PAGE = 50


def _items(survey):
    return list(survey.template.statements.all()), list(survey.template.options.all())


def _add_errors(form, exc):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error_messages(exc):
            form.add_error(None, message)


@school_view(*SCHOOL_STAFF)
def response_entry(request, survey_id):
    survey = get_survey(request, survey_id)
    # Who filled the form in is chosen anew for every form: a kind kept from the last form would silently turn
    # the next parent into a team member (and shift the answers past the statements a team member skips).
    form = QuestionnaireForm(request.POST or None, template_items=_items(survey))
    if request.method == "POST" and form.is_valid():
        try:
            response = response_record(user=request.user, survey=survey, filled=form.filled())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Formulier %(code)s is opgeslagen.") % {"code": response.public_id})
            url = reverse(
                "ouderbetrokkenheid:entry", kwargs={"brin": request.school.brin, "survey_id": survey.pk}
            )
            return redirect(f"{url}?laatste={response.public_id}")
    last = None
    last_code = request.GET.get("laatste", "")
    if last_code:
        last = Response.objects.filter(public_id=last_code, survey=survey).first()
    return render(
        request,
        "ouderbetrokkenheid/entry.html",
        {"survey": survey, "form": form, "counts": respondent_counts(survey=survey), "last": last},
    )


def _editable_response(request, response_id) -> Response:
    response = get_object_or_404(
        Response.objects.select_related("survey__template", "survey__school_year"),
        public_id=response_id,
        survey__school=request.school,
    )
    if request.role == Role.LEERKRACHT and response.entered_by_id != request.user.pk:
        raise PermissionDenied
    return response


@school_view(*SCHOOL_STAFF)
def response_list(request, survey_id):
    survey = get_survey(request, survey_id)
    page, page_query = page_of(request, responses_for(survey=survey), FORMS_PER_PAGE)
    own_only = request.role == Role.LEERKRACHT
    return render(
        request,
        "ouderbetrokkenheid/response_list.html",
        {
            "survey": survey,
            "responses": page.object_list,
            "page": page,
            "page_query": page_query,
            "own_only": own_only,
            "counts": respondent_counts(survey=survey),
        },
    )


@school_view(*SCHOOL_STAFF)
def response_edit(request, response_id):
    response = _editable_response(request, response_id)
    survey = response.survey
    initial = QuestionnaireForm.initial_from(response)
    form = QuestionnaireForm(request.POST or None, template_items=_items(survey), initial=initial)
    if request.method == "POST" and form.is_valid():
        version = request.POST.get("version", "")
        try:
            response_update(
                user=request.user,
                response=response,
                version=int(version) if version.isdigit() else None,
                filled=form.filled(),
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Formulier %(code)s is gecorrigeerd.") % {"code": response.public_id})
            return redirect("ouderbetrokkenheid:responses", brin=request.school.brin, survey_id=survey.pk)
    return render(
        request,
        "ouderbetrokkenheid/response_edit.html",
        {"survey": survey, "form": form, "response": response},
    )


@school_view(*SCHOOL_STAFF)
@require_POST
def response_remove(request, response_id):
    response = _editable_response(request, response_id)
    survey = response.survey
    try:
        response_delete(user=request.user, response=response)
    except ValidationError as exc:
        for message in error_messages(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("Het formulier is verwijderd."))
    return redirect("ouderbetrokkenheid:responses", brin=request.school.brin, survey_id=survey.pk)

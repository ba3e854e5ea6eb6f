"""Agreements on involving parents, recorded by the directeur/IB'er and taken over by the programme."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from npo_planner.scholen.access import school_view
from npo_planner.scholen.roles import ALL_ROLES, MANAGEMENT
from ouderbetrokkenheid.forms import AgreementForm
from ouderbetrokkenheid.models import Agreement
from ouderbetrokkenheid.selectors import agreements_for, surveys_for
from ouderbetrokkenheid.services import agreement_create, agreement_delete, agreement_update
from ouderbetrokkenheid.views.common import error_messages


@school_view(*ALL_ROLES)
def agreement_list(request):
    return render(
        request,
        "ouderbetrokkenheid/agreement_list.html",
        {
            "agreements": agreements_for(school=request.school, school_year=request.school_year),
            "can_manage": request.role in MANAGEMENT,
        },
    )


def _form_page(request, agreement=None):
    surveys = surveys_for(school=request.school, school_year=request.school_year)
    initial = AgreementForm.initial_from(agreement) if agreement else {}
    form = AgreementForm(request.POST or None, surveys=surveys, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if agreement is None:
                agreement_create(
                    user=request.user,
                    school=request.school,
                    school_year=request.school_year,
                    **form.service_fields(),
                )
            else:
                agreement_update(
                    user=request.user,
                    agreement=agreement,
                    version=form.cleaned_data["version"],
                    **form.service_fields(),
                )
        except ValidationError as exc:
            by_field = exc.message_dict if hasattr(exc, "error_dict") else {None: error_messages(exc)}
            for (
                key,
                field_messages,
            ) in by_field.items():  # at the field when it is one (a pupil named in 'what')
                form.add_error(key if key in form.fields else None, field_messages)
        else:
            messages.success(request, _("De afspraak is opgeslagen."))
            return redirect("ouderbetrokkenheid:agreements", brin=request.school.brin)
    return render(request, "ouderbetrokkenheid/agreement_form.html", {"form": form, "agreement": agreement})


@school_view(*MANAGEMENT)
def agreement_new(request):
    return _form_page(request)


@school_view(*MANAGEMENT)
def agreement_edit(request, agreement_id):
    return _form_page(request, get_object_or_404(Agreement, pk=agreement_id, school=request.school))


@school_view(*MANAGEMENT)
@require_POST
def agreement_remove(request, agreement_id):
    agreement = get_object_or_404(Agreement, pk=agreement_id, school=request.school)
    agreement_delete(user=request.user, agreement=agreement)
    messages.success(request, _("De afspraak is verwijderd."))
    return redirect("ouderbetrokkenheid:agreements", brin=request.school.brin)

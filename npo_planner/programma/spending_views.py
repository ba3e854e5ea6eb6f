"""The spending page of a programme: money actually spent per item and school year, against the plan per goal
area, with the PNIL share of the money spent. The directeur records and removes lines; everyone of the school
reads them (amounts, no pupil data)."""

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from npo_planner.lib.column_mapping import hint_of, ignored_parts
from npo_planner.lib.import_errors import ImportErrors
from npo_planner.lib.tabular import MAX_BYTES
from npo_planner.programma import money, selectors
from npo_planner.programma import spending as spending_services
from npo_planner.programma.budget import ZERO
from npo_planner.programma.forms import SpendingForm
from npo_planner.programma.models import Spending
from npo_planner.programma.views import EDIT, _programme
from npo_planner.scholen.access import school_view
from npo_planner.scholen.mapping_step import mapping_context, mapping_step_save
from npo_planner.scholen.models import MappingKind
from npo_planner.scholen.roles import ALL_ROLES, Role


def _to_page(programme):
    return redirect("programma:spending", brin=programme.school.brin, programme_id=programme.pk)


@school_view(*ALL_ROLES)
def spending(request, programme_id):
    """Everyone of the school reads the page; recording a line (POST) is the directeur's."""
    programme = _programme(request, programme_id)
    can_edit = request.role == Role.DIRECTEUR
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    status = 200
    form = SpendingForm(programme=programme) if can_edit else None
    if request.method == "POST":
        form = SpendingForm(request.POST, programme=programme)
        if form.is_valid():
            try:
                line = spending_services.spending_record(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("De besteding op '%(name)s' is vastgelegd (schooljaar %(year)s).")
                    % {"name": line.item.name, "year": line.school_year.label},
                )
                return _to_page(programme)
        status = 400
    items = selectors.items_of(programme)
    lines = money.spending_of(programme)
    years = selectors.programme_years(programme)
    context = {
        "programme": programme,
        "form": form,
        "lines": lines,
        "summary": money.spent_summary(items, lines),
        "per_year": [
            (year.label, sum((ln.amount for ln in lines if ln.school_year_id == year.pk), ZERO))
            for year in years
        ],
        "goal_areas": selectors.goal_area_labels(),
        "can_edit": can_edit,
    }
    return render(request, "programma/spending.html", context, status=status)


def _add_errors(form, error: ValidationError) -> None:
    """A field's error lands at that field, any other above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, texts in error.message_dict.items():
        form.add_error(field if field in form.fields else None, texts)


CHECKED_MAX_AGE = 24 * 60 * 60  # seconds a preview may be confirmed


def _checked_salt(request, programme) -> str:
    """A preview's rows are signed for this programme and user: another's cannot be confirmed here."""
    return f"spending-import:{programme.pk}:{request.user.pk}"


@school_view(*EDIT)
@require_POST
def spending_import(request, programme_id):
    """Import the administration's export: upload → (mapping step) → preview → confirm; every line or none
    (CONTRACT §1). The file itself is not kept: the preview carries its checked rows, signed, to the confirm,
    which checks them again against the programme."""
    programme = _programme(request, programme_id)
    if "bevestigen" in request.POST:
        return _confirm(request, programme)
    if "koppelen" in request.POST:
        mapping_step_save(
            request.POST,
            user=request.user,
            school=request.school,
            kind=MappingKind.SPENDING,
            fields=[*spending_services.IMPORT_REQUIRED, *spending_services.IMPORT_OPTIONAL],
            values=spending_services.IMPORT_WORD_VALUES,
        )
    upload = request.FILES.get("bestand")
    if upload is None:
        messages.error(request, _("Kies een bestand (.csv of .xlsx) om in te lezen."))
        return _to_page(programme)
    if upload.size > MAX_BYTES:
        messages.error(request, _("Het bestand is groter dan 20 MB en wordt niet ingelezen."))
        return _to_page(programme)
    context = {"programme": programme}
    try:
        checked = spending_services.spending_file_read(
            programme=programme, data=upload.read(), filename=upload.name
        )
    except ImportErrors as errors:
        context["errors"] = errors.messages()
        context.update(
            mapping_context(
                hint_of(errors),
                values=spending_services.IMPORT_WORD_VALUES,
                action=request.path,
                pending={"koppelen": "1"},
                reupload="bestand",
            )
        )
    else:
        context.update(
            checked=checked,
            signed=signing.dumps(checked.as_dict(), salt=_checked_salt(request, programme), compress=True),
            **ignored_parts(checked.ignored),
        )
    return render(request, "programma/spending_import.html", context)


def _confirm(request, programme):
    try:
        raw = signing.loads(
            request.POST.get("gecontroleerd", ""),
            salt=_checked_salt(request, programme),
            max_age=CHECKED_MAX_AGE,
        )
    except signing.BadSignature:
        messages.error(
            request, _("De controle van het bestand is verlopen of ongeldig; lees het opnieuw in.")
        )
        return _to_page(programme)
    checked = spending_services.spending_file_from_dict(raw)
    try:
        lines = spending_services.spending_file_write(programme=programme, user=request.user, checked=checked)
    except ImportErrors as errors:
        return render(
            request, "programma/spending_import.html", {"programme": programme, "errors": errors.messages()}
        )
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return _to_page(programme)
    messages.success(
        request, _("%(n)s bestedingen ingelezen uit %(file)s.") % {"n": len(lines), "file": checked.filename}
    )
    return _to_page(programme)


@school_view(*EDIT)
@require_POST
def spending_delete(request, programme_id, spending_id):
    programme = _programme(request, programme_id)
    line = get_object_or_404(
        Spending.objects.select_related("item"), pk=spending_id, item__programme=programme
    )
    spending_services.spending_delete(spending=line, user=request.user)
    messages.success(request, _("De besteding is verwijderd."))
    return _to_page(programme)

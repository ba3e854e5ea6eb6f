"""Items pasted from Excel: a directeur copies rows of interventions from a spreadsheet into the programme. Each
row is checked by the item form (typed intervention: name and goal area; Dutch numbers and dates), errors are
named by row and column, and all rows are added, or none, with the version check of a normal save."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from npo_planner.lib.paste import PasteForm, check_rows, read_pasted
from npo_planner.programma import services
from npo_planner.programma.forms import ITEM_FORM_FIELDS, confirm_reopen_field, cost_field
from npo_planner.programma.models import Item
from npo_planner.programma.views import EDIT, _item_form, _programme, _reopen_notice, _to_index, item_choices
from npo_planner.scholen.access import school_view


class ItemsPasteForm(PasteForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)
    confirm_reopen = confirm_reopen_field()


PASTE_LABELS = {
    "name": _lazy("Naam"),
    "priority": _lazy("Prioriteit"),
}  # the form's "Of: …" labels, as a column


def paste_columns(programme) -> list[str]:
    """The fields a pasted row fills, in order: the item form's, then the cost of each school year."""
    return [*ITEM_FORM_FIELDS, *(cost_field(label) for label in programme.year_labels)]


def _row_form(request, programme, data=None, choices=None):
    form = _item_form(request, programme, Item(programme=programme), data, choices=choices)
    for name, label in PASTE_LABELS.items():
        form.fields[name].label = label
    return form


def _paste(request, programme, form) -> list[str] | int:
    """The number of items added, or the errors (nothing added)."""
    # An empty start or end is the programme's, as on the form for a new item.
    dates = {"starts_on": programme.first_year.start, "ends_on": programme.last_year.end}
    choices = item_choices(request, programme)  # read once for all rows

    def make_form(data):
        # lock_version: the paste form's is checked when saving; a row's form only needs one to be valid.
        values = {**dates, **{k: v for k, v in data.items() if v}, "lock_version": "0"}
        return _row_form(request, programme, values, choices=choices)

    fields = make_form({}).fields
    rows, errors = read_pasted(form.cleaned_data["plakken"], fields, paste_columns(programme))
    valid, row_errors = check_rows(rows, make_form)
    errors += row_errors
    if errors:
        return errors
    try:
        saved = services.items_paste(
            programme=programme,
            user=request.user,
            expected_version=form.cleaned_data["lock_version"],
            confirm_reopen=form.cleaned_data.get("confirm_reopen", False),
            rows=[row_form.item_fields() for _number, row_form in valid],
        )
    except services.PastedItemError as error:
        number = valid[error.index][0]
        return [_("Regel %(n)s: %(error)s") % {"n": number, "error": message} for message in error.messages]
    except ValidationError as error:
        return list(error.messages)
    return len(saved)


@school_view(*EDIT)
def item_paste(request, programme_id):
    programme = _programme(request, programme_id)
    errors = []
    form = ItemsPasteForm(
        request.POST if request.method == "POST" else None, initial={"lock_version": programme.version}
    )
    notice = _reopen_notice(programme, form)
    if form.is_bound:
        if form.is_valid():
            result = _paste(request, programme, form)
            if isinstance(result, int):
                messages.success(
                    request,
                    ngettext(
                        "%(n)s onderdeel geplakt en opgeslagen.",
                        "%(n)s onderdelen geplakt en opgeslagen.",
                        result,
                    )
                    % {"n": result},
                )
                return _to_index(programme)
            errors = result
        else:
            errors = [e for field_errors in form.errors.values() for e in field_errors]
    fields = _row_form(request, programme).fields
    return render(
        request,
        "programma/item_paste.html",
        {
            "programme": programme,
            "paste_form": form,
            "paste_errors": errors,
            "paste_columns": [capfirst(str(fields[name].label)) for name in paste_columns(programme)],
            "reopen_notice": notice,
        },
        status=400 if errors else 200,
    )

"""Forms of the scan: one ModelForm per section, a formset for repeated rows, the version the user started from."""

from django import forms
from django.db import models
from django.forms import formset_factory, modelform_factory
from django.utils.translation import gettext_lazy as _

from npo_planner.lib.dutch_numbers import number_formfield
from npo_planner.lib.paste import PasteForm
from schoolscan.sections import SectionSpec, rows_of, values_of


class VersionForm(forms.Form):
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class MomentsForm(forms.Form):
    """The KanVAS moments a scan draws on, chosen from the school's moments with data."""

    moment = forms.ChoiceField(label=_("Meetmoment"), required=False)
    compare = forms.ChoiceField(label=_("Vergelijken met"), required=False)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        options = [(label, label) for label in choices]
        self.fields["moment"].choices = [("", _("(voorstel)"))] + options
        self.fields["compare"].choices = [("", _("(niet vergelijken)"))] + options
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"


def _widgets(model, names) -> dict:
    widgets = {}
    for name in names:
        field = model._meta.get_field(name)
        if isinstance(field, models.TextField):
            widgets[name] = forms.Textarea(attrs={"rows": 3})
    return widgets


class RowForm(forms.ModelForm):
    """A row of a table-shaped formset: Bootstrap classes on the widgets, errors linked to the field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select form-select-sm"
            else:
                widget.attrs["class"] = "form-control form-control-sm"
            if isinstance(widget, forms.Textarea):
                widget.attrs["rows"] = 2

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["aria-describedby"] = f"{self.prefix}-{name}-fout"


class RowFormSet(forms.BaseFormSet):
    unique_fields: tuple[str, ...] = ()

    def kept_forms(self):
        return [form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]

    def clean(self):
        if any(self.errors) or not self.unique_fields:
            return
        seen = {}
        for form in self.kept_forms():
            ident = tuple(form.cleaned_data.get(name) for name in self.unique_fields)
            if ident in seen:
                form.add_error(
                    self.unique_fields[-1],
                    _("Deze combinatie van domein en groep staat al in regel %(n)s.") % {"n": seen[ident]},
                )
            else:
                seen[ident] = self.forms.index(form) + 1

    def cleaned_rows(self) -> list[dict]:
        names = self.form.base_fields.keys() - {"DELETE"}
        return [{name: form.cleaned_data.get(name) for name in names} for form in self.kept_forms()]


def row_form_class(spec: SectionSpec) -> type[RowForm]:
    """The form of one row of the section's table (typed in the formset or pasted from a spreadsheet)."""
    return modelform_factory(
        spec.row_model,
        form=RowForm,
        fields=spec.row_fields,
        widgets=_widgets(spec.row_model, spec.row_fields),
        localized_fields="__all__",
        formfield_callback=number_formfield,
    )


class SectionPasteForm(PasteForm):
    """Rows copied in Excel, added to the section's table or replacing its rows."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    vervangen = forms.BooleanField(label=_("Vervang de regels die er al staan"), required=False)


def section_forms(spec: SectionSpec, scan, data=None, initial: dict | None = None):
    """The section's form and (when it has rows) its formset, filled with the stored contents (or `initial`)."""
    Form = modelform_factory(
        spec.model,
        fields=spec.fields,
        widgets=_widgets(spec.model, spec.fields),
        localized_fields="__all__",
        formfield_callback=number_formfield,  # Dutch numbers: 1.234,5 · 12,5 %
    )
    form = Form(data=data, initial={**values_of(scan, spec), **(initial or {})}, instance=spec.model())
    formset = None
    if spec.row_model:
        FormSet = formset_factory(
            row_form_class(spec),
            formset=RowFormSet,
            extra=spec.extra_rows,
            can_delete=True,
            max_num=100,
            validate_max=True,
        )
        FormSet.unique_fields = spec.row_unique
        formset = FormSet(data=data, initial=rows_of(scan, spec), prefix="rij")
    return form, formset

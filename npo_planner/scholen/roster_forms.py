"""The forms of the roster import and of starting a new school year."""

from django import forms
from django.utils.translation import gettext_lazy as _

from npo_planner.lib.tabular import MAX_BYTES
from npo_planner.scholen.models import SchoolYear


class RosterUploadForm(forms.Form):
    """A roster file (groepsindeling) for one school year."""

    school_year = forms.ModelChoiceField(
        label=_("Schooljaar van de groepsindeling"),
        queryset=SchoolYear.objects.order_by("start"),
        empty_label=None,
        to_field_name="label",
    )
    file = forms.FileField(
        label=_("Bestand (.csv of .xlsx)"),
        help_text=_(
            "Een export uit de leerlingadministratie (ParnasSys, Esis) met de kolommen leerlingnummer, groep en "
            "eventueel leerjaar en roepnaam. Maximaal 20 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Het bestand is groter dan 20 MB."))
        return upload


class YearStartForm(forms.Form):
    """One target-name field per line of the proposal (last year's group and next grade)."""

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        for line in proposal.lines:
            self.fields[line.key] = forms.CharField(
                label=_("Groep %(source)s, leerjaar %(grade)s: nieuwe groep")
                % {"source": line.source, "grade": line.grade},
                max_length=20,
                initial=line.target,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )

    def names(self) -> dict[str, str]:
        return {line.key: self.cleaned_data[line.key] for line in self.proposal.lines}

"""Forms of the programme pages. Choices of interventions and scan priorities come from `sources`; what is
chosen is copied into the item (snapshot)."""

from functools import partial

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from npo_planner.lib.dutch_numbers import DutchDecimalField, number_formfield
from npo_planner.programma.models import (
    ITEM_FIELDS,
    ITEM_INTERVENTION_FIGURES,
    ITEM_REFS,
    Council,
    FundingStream,
    Item,
    ItemOutcome,
    Programme,
)
from npo_planner.programma.sources import InterventionChoice, PriorityChoice
from npo_planner.scholen.models import SchoolYear


class LockedForm(forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)


def confirm_reopen_field() -> forms.BooleanField:
    """The confirmation that a change withdraws the consent (or the version awaiting it). The views drop it while
    the programme is in concept; the services refuse a real change without it."""
    return forms.BooleanField(
        label=_("Ja, ik wijzig het programma en trek daarmee de instemming in"), required=False
    )


class ItemDeleteForm(LockedForm):
    confirm_reopen = confirm_reopen_field()


class ProgrammeCreateForm(forms.Form):
    stream = forms.ModelChoiceField(
        label=_("Geldstroom"),
        queryset=FundingStream.objects.order_by("first_year", "name"),
        empty_label=None,
        help_text=_("Het geld waaruit het programma betaald wordt; de catalogus en de bedragen horen erbij."),
    )
    first_year = forms.ModelChoiceField(
        label=_("Eerste schooljaar"), queryset=SchoolYear.objects.order_by("start")
    )
    last_year = forms.ModelChoiceField(
        label=_("Laatste schooljaar"),
        queryset=SchoolYear.objects.order_by("start"),
        help_text=_(
            "Het programma loopt over alle schooljaren van het eerste tot en met het laatste, binnen de "
            "bestedingstermijn van de geldstroom."
        ),
    )

    def clean(self):
        data = super().clean()
        first, last = data.get("first_year"), data.get("last_year")
        if first and last and last.start < first.start:
            self.add_error("last_year", _("Het laatste schooljaar ligt voor het eerste."))
        return data


class ProgrammeForm(forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)
    confirm_reopen = confirm_reopen_field()

    class Meta:
        model = Programme
        fields = ["title", "summary", "parents_and_team"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "parents_and_team": forms.Textarea(attrs={"rows": 3}),
        }


def intervention_choices(interventions, priorities, goal_area_labels, considered=None) -> list:
    """Grouped choices: the shortlist of the menukaart's keuzehulp first, then the menukaart per goal area (areas
    the scan's priorities point to first and marked), then the school's own interventions."""
    wanted = {p.goal_area for p in priorities if p.goal_area}
    choices = [("", _("— geen: zelf invullen —"))]
    shortlist = set(considered or [])
    if shortlist:
        choices.append(
            (
                _("Overwogen in de keuzehulp (dit schooljaar)"),
                [(c.ref, c.label) for c in interventions if c.ref in shortlist],
            )
        )
        interventions = [c for c in interventions if c.ref not in shortlist]
    areas = sorted({c.goal_area for c in interventions if not c.own}, key=lambda a: (a not in wanted, a))
    for area in areas:
        label = str(goal_area_labels.get(area, area))
        if area in wanted:
            label = _("%(area)s (prioriteit uit de schoolscan)") % {"area": label}
        options = [(c.ref, c.label) for c in interventions if not c.own and c.goal_area == area]
        choices.append((_("Menukaart %(area)s") % {"area": label}, options))
    own = [(c.ref, c.label) for c in interventions if c.own]
    if own:
        choices.append((_("Eigen interventies van de school"), own))
    return choices


ITEM_NUMBER_FIELDS = ("hours", "fte")
# The item's fields the form shows: the one list of models.py less what the chosen intervention and priority set,
# and less the costs, which the form asks per school year of the programme (`cost_field`)
ITEM_FORM_FIELDS = [
    name for name in ITEM_FIELDS if name not in {"kind", "year_costs", *ITEM_REFS, *ITEM_INTERVENTION_FIGURES}
]


def _empty(name: str):
    """An item field left empty: "" for text, None for the rest."""
    return "" if isinstance(Item._meta.get_field(name), models.CharField | models.TextField) else None


def cost_field(label: str) -> str:
    """The form field of an item's cost in a school year ("cost_2021_2022")."""
    return "cost_" + label.replace("-", "_")


class ItemForm(forms.ModelForm):
    intervention_choice = forms.TypedChoiceField(
        label=_("Interventie uit de menukaart of eigen interventie"),
        required=False,
        coerce=int,
        empty_value=None,
    )
    priority_choice = forms.TypedChoiceField(
        label=_("Prioriteit uit de schoolscan"), required=False, coerce=int, empty_value=None
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput)
    confirm_reopen = confirm_reopen_field()

    class Meta:
        model = Item
        fields = ITEM_FORM_FIELDS
        # Dutch numbers (18.500,00 · € 18.500 · 0,5 fte); cost, hours and fte are never negative.
        formfield_callback = partial(number_formfield, non_negative=ITEM_NUMBER_FIELDS)
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "goal": forms.Textarea(attrs={"rows": 3}),
            "evaluation_method": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "name": _("Of: naam van een zelf ingevulde interventie"),
            "priority": _("Of: prioriteit in eigen woorden"),
        }

    field_order = ["intervention_choice", "name", "goal_area", "priority_choice", "priority"]

    def __init__(
        self,
        *args,
        interventions: list[InterventionChoice] | None,
        priorities: list[PriorityChoice] | None,
        goal_area_labels: dict[str, str] | None = None,
        considered: list[int] | None = None,
        year_labels: list[str] = (),
        categories: str = "",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.year_labels = list(year_labels)
        for label in self.year_labels:  # the planned cost per school year of the programme
            self.fields[cost_field(label)] = DutchDecimalField(
                label=_("Kosten %(year)s (€)") % {"year": label},
                required=False,
                max_digits=10,
                decimal_places=2,
            )
            self.initial.setdefault(
                cost_field(label), self.instance.cost_for(label) if self.instance.pk else None
            )
        self.order_fields(
            [
                *self.field_order,
                *ITEM_FORM_FIELDS[: ITEM_FORM_FIELDS.index("fte") + 1],
                *[cost_field(label) for label in self.year_labels],
            ]
        )
        if categories:  # the stream accounts in these goal areas only
            self.fields["goal_area"].choices = [
                (code, label)
                for code, label in self.fields["goal_area"].choices
                if not code or code in categories
            ]
        self.interventions = {c.ref: c for c in interventions or []}
        self.priorities = {p.ref: p for p in priorities or []}
        self.fields["intervention_choice"].choices = intervention_choices(
            interventions or [], priorities or [], goal_area_labels or {}, considered
        )
        if interventions is None:
            self.fields["intervention_choice"].help_text = _(
                "Nog geen gegevens uit de menukaart: vul de naam zelf in."
            )
        self.fields["priority_choice"].choices = [("", _("— geen: zelf invullen —"))] + [
            (p.ref, p.label) for p in priorities or []
        ]
        if priorities is None:
            self.fields["priority_choice"].help_text = _("Nog geen gegevens uit de schoolscan.")
        self.fields["name"].required = False
        self.fields["goal_area"].required = False
        if self.instance.pk:
            if self.instance.intervention_ref_id in self.interventions:
                self.initial.setdefault("intervention_choice", self.instance.intervention_ref_id)
            if self.instance.priority_ref_id in self.priorities:
                self.initial.setdefault("priority_choice", self.instance.priority_ref_id)

    def clean(self):
        data = super().clean()
        ref = data.get("intervention_choice")
        if ref is not None and ref not in self.interventions:
            self.add_error("intervention_choice", _("Kies een interventie uit de lijst."))
        categories = {code for code, _label in self.fields["goal_area"].choices if code}
        if (
            ref is not None
            and ref in self.interventions
            and self.interventions[ref].goal_area not in categories
        ):
            self.add_error(
                "intervention_choice",
                _("De geldstroom van dit programma verantwoordt niet in dit doelgebied."),
            )
        if ref is None:
            if not data.get("name"):
                self.add_error("name", _("Kies een interventie of vul een naam in."))
            if not data.get("goal_area"):
                self.add_error("goal_area", _("Kies het doelgebied van de zelf ingevulde interventie."))
        return data

    def item_fields(self) -> dict:
        """The values for the service: form fields plus the snapshots of the chosen intervention and priority."""
        data = self.cleaned_data
        fields = {name: data.get(name) for name in ITEM_FORM_FIELDS}
        fields["year_costs"] = {label: data.get(cost_field(label)) or 0 for label in self.year_labels}
        for name in ("priority", "name", "evaluation_method", "evaluation_moment"):
            fields[name] = fields[name] or ""
        ref = data.get("intervention_choice")
        if ref is not None:
            chosen = self.interventions[ref]
            fields.update(
                kind=Item.Kind.OWN if chosen.own else Item.Kind.CATALOGUE,
                intervention_ref_id=chosen.ref,
                name=chosen.name,
                goal_area=chosen.goal_area,
                **{name: getattr(chosen, name) for name in ITEM_INTERVENTION_FIGURES},
            )
        elif self.instance.pk is None or self.instance.intervention_ref_id in self.interventions:
            # A typed intervention (new, or the user let go of the catalogue one): no catalogue figures.
            # An item whose catalogue entry cannot be read now keeps its snapshot.
            fields.update(
                kind=Item.Kind.TYPED,
                intervention_ref_id=None,
                **{name: _empty(name) for name in ITEM_INTERVENTION_FIGURES},
            )
        pref = data.get("priority_choice")
        if pref is not None and pref in self.priorities:
            fields.update(priority_ref_id=pref, priority=self.priorities[pref].label[:300])
        else:
            fields["priority_ref_id"] = None
        return fields


# Per council: the field's label and the two answers (whole sentences, so they translate well).
DECISION_LABELS = {
    Council.MR: (_("Besluit van de MR"), _("De MR stemt in"), _("De MR stemt niet in")),
    Council.GMR: (_("Besluit van de GMR"), _("De GMR stemt in"), _("De GMR stemt niet in")),
}


class DecisionForm(forms.Form):
    consent = forms.TypedChoiceField(coerce=lambda v: v == "ja", widget=forms.RadioSelect)
    decided_on = forms.DateField(
        label=_("Datum van het besluit"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    remarks = forms.CharField(
        label=_("Opmerkingen"),
        help_text=_("Bij 'stemt niet in': schrijf de reden op, de directeur leest die bij het programma."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, council: Council = Council.MR, **kwargs):
        super().__init__(*args, **kwargs)
        label, yes, no = DECISION_LABELS[council]
        self.fields["consent"].label = label
        self.fields["consent"].choices = [("ja", yes), ("nee", no)]

    def clean_decided_on(self):
        day = self.cleaned_data["decided_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("De datum van het besluit ligt in de toekomst."))
        return day


class ItemOutcomeForm(forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = ItemOutcome
        fields = ["verdict", "next_step", "findings", "evaluated_on"]
        widgets = {
            "verdict": forms.RadioSelect,
            "next_step": forms.RadioSelect,
            "findings": forms.Textarea(attrs={"rows": 5}),
            "evaluated_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verdict"].choices = ItemOutcome.Verdict.choices  # no empty radio button

    def clean_evaluated_on(self):
        day = self.cleaned_data["evaluated_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("De datum van de evaluatie ligt in de toekomst."))
        return day


class SpendingForm(forms.Form):
    """One line of money spent on an item, typed the Dutch way (`18.500,00`)."""

    item = forms.ModelChoiceField(label=_("Onderdeel"), queryset=Item.objects.none())
    spent_on = forms.DateField(
        label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    amount = DutchDecimalField(label=_("Bedrag (€)"), max_digits=10, decimal_places=2)
    external_hire = forms.BooleanField(
        label=_("Externe inhuur (PNIL)"),
        required=False,
        help_text=_("Personeel niet in loondienst, bijvoorbeeld een ingehuurde remedial teacher."),
    )
    description = forms.CharField(label=_("Omschrijving"), max_length=200, required=False)

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = programme.items.order_by("position", "id")

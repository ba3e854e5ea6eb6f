"""Forms of the menukaart: the filters of the catalogue, the keuzehulp's questions, a school's own intervention
with the checklist of seed 004, and the catalogue import in the admin."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from menukaart import checklist
from menukaart.keuzehulp import QUESTIONS
from menukaart.models import GoalArea, Intervention, NjiLevel
from menukaart.selectors import Filters

ANY = [("", _("Alle"))]


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Zoeken"), required=False, max_length=100)
    goal_area = forms.MultipleChoiceField(
        label=_("Doelgebied"), required=False, choices=GoalArea.choices, widget=forms.CheckboxSelectMultiple
    )
    min_impact = forms.TypedChoiceField(
        label=_("Impact minstens"),
        required=False,
        choices=ANY + [(str(n), _("+%(n)s maanden") % {"n": n}) for n in (1, 2, 3, 4, 5, 6, 7)],
        coerce=int,
        empty_value=None,
    )
    min_evidence = forms.TypedChoiceField(
        label=_("Bewijskracht minstens"),
        required=False,
        choices=ANY + [(str(n), _("%(n)s van 5") % {"n": n}) for n in (1, 2, 3, 4, 5)],
        coerce=int,
        empty_value=None,
    )
    max_cost = forms.TypedChoiceField(
        label=_("Kosten hoogstens"),
        required=False,
        choices=ANY + [(str(n), _("%(n)s van 5") % {"n": n}) for n in (1, 2, 3, 4, 5)],
        coerce=int,
        empty_value=None,
    )
    nji = forms.ChoiceField(
        label=_("NJi-erkenning"),
        required=False,
        choices=ANY
        + [("erkend", _("Elke erkenning"))]
        + [(c.value, _("minstens: %(l)s") % {"l": c.label}) for c in NjiLevel if c.value],
    )
    school_type = forms.ChoiceField(
        label=_("Schoolsoort"),
        required=False,
        choices=ANY + [("po", _("Primair onderwijs")), ("vo", _("Voortgezet onderwijs"))],
    )
    origin = forms.ChoiceField(
        label=_("Herkomst"),
        required=False,
        choices=ANY + [("menukaart", _("Menukaart")), ("eigen", _("Eigen interventies"))],
    )
    sort = forms.ChoiceField(
        label=_("Sorteren op"),
        required=False,
        choices=[
            ("", _("Doelgebied")),
            ("impact", _("Impact (hoogste eerst)")),
            ("cost", _("Kosten (laagste eerst)")),
            ("evidence", _("Bewijskracht (sterkste eerst)")),
            ("name", _("Naam")),
        ],
    )

    def filters(self) -> Filters:
        data = self.cleaned_data if self.is_valid() else {}
        return Filters(
            goal_areas=tuple(data.get("goal_area") or ()),
            min_impact=data.get("min_impact"),
            min_evidence=data.get("min_evidence"),
            max_cost=data.get("max_cost"),
            nji=data.get("nji") or "",
            school_type=data.get("school_type") or "",
            q=(data.get("q") or "").strip(),
            origin=data.get("origin") or "",
            sort=data.get("sort") or "",
        )


class QuestionsForm(forms.Form):
    wants = forms.MultipleChoiceField(
        label=_("Wat wil de school verbeteren?"),
        choices=[(q.key, q.label) for q in QUESTIONS],
        widget=forms.CheckboxSelectMultiple,
    )
    grades = forms.RegexField(
        label=_("Voor welke groepen? (bijv. 5-6)"),
        regex=r"^\s*[1-8](\s*-\s*[1-8])?\s*$",
        required=False,
        error_messages={"invalid": _("Schrijf een groep of een reeks groepen, bijv. 5-6.")},
    )


CLEAR_CHOICES = [("ja", _("Helder")), ("nee", _("Niet helder"))]


class OwnInterventionForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Intervention
        fields = [
            "name",
            "goal_area",
            "combined_with",
            "summary",
            "description",
            "school_type",
            "asks_staff",
            "asks_time",
            "asks_space",
            "practical",
            "links",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "asks_staff": forms.Textarea(attrs={"rows": 2}),
            "asks_time": forms.Textarea(attrs={"rows": 2}),
            "asks_space": forms.Textarea(attrs={"rows": 2}),
            "practical": forms.Textarea(attrs={"rows": 3}),
            "links": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stored = self.instance.checklist or {}
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        for point in checklist.ALL_POINTS:
            entry = stored.get(point.key) or {}
            required = point.key in checklist.POINT_KEYS
            self.fields[f"cl_{point.key}_clear"] = forms.ChoiceField(
                label=point.question,
                help_text=point.hint,
                choices=CLEAR_CHOICES if required else [("", _("Niet ingevuld")), *CLEAR_CHOICES],
                widget=forms.RadioSelect,
                required=required,
                initial=("ja" if entry.get("clear") else "nee") if entry else None,
            )
            self.fields[f"cl_{point.key}_answer"] = forms.CharField(
                label=format_lazy("{} – {}", _("Toelichting"), point.question),
                required=False,
                max_length=checklist.MAX_ANSWER,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=entry.get("answer", ""),
            )

    def point_fields(self):
        """(point, clear field, answer field, is plus point) for the template."""
        for point in checklist.ALL_POINTS:
            yield (
                point,
                self[f"cl_{point.key}_clear"],
                self[f"cl_{point.key}_answer"],
                point.key in checklist.PLUS_KEYS,
            )

    def clean(self):
        cleaned = super().clean()
        for point in checklist.ALL_POINTS:
            clear = cleaned.get(f"cl_{point.key}_clear")
            answer = (cleaned.get(f"cl_{point.key}_answer") or "").strip()
            if clear == "ja" and not answer:
                self.add_error(
                    f"cl_{point.key}_answer", _("Licht toe wat dit punt helder maakt, of kies ‘Niet helder’.")
                )
        return cleaned

    def checklist_data(self) -> dict:
        data = {}
        for point in checklist.ALL_POINTS:
            clear = self.cleaned_data.get(f"cl_{point.key}_clear")
            answer = (self.cleaned_data.get(f"cl_{point.key}_answer") or "").strip()
            if clear or answer:
                data[point.key] = {"answer": answer, "clear": clear == "ja"}
        return data

    def values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class CatalogueImportForm(forms.Form):
    file = forms.FileField(label=_("Bestand (.csv of .xlsx)"))

from django import forms
from django.utils.translation import gettext_lazy as _

from npo_planner.lib.dutch_numbers import DutchDecimalField
from npo_planner.lib.tabular import MAX_BYTES
from ouderbetrokkenheid.answers import Filled, parse_value
from ouderbetrokkenheid.models import (
    OPTION_SCALE,
    REMARK_MAX,
    STATEMENT_SCALE,
    THEME_ORDER_MAX,
    Agreement,
    ImportMode,
    RespondentKind,
    Stage,
    Survey,
    SurveyTemplate,
    stages_from_text,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
STAGE_LABELS = [(code, label) for code, label in Stage.choices]


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SchoolThemeForm(forms.Form):
    """A school's own remark theme (add: name and keywords; the theme comes last among the school's own)."""

    label = forms.CharField(label=_("Naam van het thema"), max_length=60)
    keywords = forms.CharField(
        label=_("Trefwoorden (niet verplicht)"),
        max_length=400,
        required=False,
        help_text=_(
            "Gescheiden door komma's, bijvoorbeeld: verkeer, oversteken, parkeren. Een opmerking met een van "
            "deze woorden krijgt dit thema als voorstel."
        ),
    )


class SchoolThemeEditForm(VersionedForm, SchoolThemeForm):
    order = DutchDecimalField(
        decimal_places=0,
        label=_("Volgorde"),
        min_value=1,
        max_value=THEME_ORDER_MAX,
        help_text=_("Thema's met een lager getal staan eerder in de lijst, na de standaardthema's."),
    )


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    template = forms.ModelChoiceField(label=_("Vragenlijst"), queryset=SurveyTemplate.objects.none())
    starts_on = forms.DateField(label=_("Eerste dag"), required=False, widget=DATE_WIDGET)
    ends_on = forms.DateField(
        label=_("Laatste dag"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Na deze dag kan de vragenlijst niet meer online worden ingevuld."),
    )

    def __init__(self, *args, templates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = SurveyTemplate.objects.filter(pk__in=[t.pk for t in templates])


class SurveyEditForm(VersionedForm):
    title = forms.CharField(label=_("Titel"), max_length=200)
    starts_on = forms.DateField(label=_("Eerste dag"), required=False, widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("Laatste dag"), required=False, widget=DATE_WIDGET)
    status = forms.ChoiceField(label=_("Status"), choices=Survey.Status.choices)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Bestand (.csv of .xlsx)"),
        help_text=_("Eén respondent per rij; kolommen respondent, bouw, s1 … sN, p1 … pM en opmerking."),
    )
    mode = forms.ChoiceField(
        label=_("Wat gebeurt er met de antwoorden die er al zijn?"),
        choices=ImportMode.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Papieren formulieren die zijn ingetypt en online antwoorden blijven altijd staan. U ziet eerst wat "
            "er gebeurt, daarna leest u het bestand in."
        ),
    )

    def __init__(self, *args, has_answers=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_answers:
            # Nothing there yet: adding is all a file can do; no choice to make.
            self.fields["mode"].required = False
            self.fields["mode"].initial = ImportMode.ADD
            self.fields["mode"].widget = forms.HiddenInput()

    def clean_mode(self):
        return self.cleaned_data.get("mode") or ImportMode.ADD

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Het bestand is groter dan 20 MB."))
        return upload


class QuestionnaireForm(forms.Form):
    """One filled-in questionnaire. `style` 'digits' (paper forms typed in by keyboard) or 'radios' (online)."""

    def __init__(self, *args, template_items, style="digits", respondent=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.statements, self.options = template_items
        self.style = style
        self.fixed_respondent = respondent
        if respondent is None:
            self.fields["respondent"] = forms.ChoiceField(
                label=_("Ingevuld door"),
                choices=RespondentKind.choices,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )
        stage_label = _("Mijn kind(eren) zit(ten) in de") if respondent == "ouder" else _("Bouw")
        if respondent == "team":
            stage_label = _("Ik werk in de")
        self.fields["stages"] = forms.MultipleChoiceField(
            label=stage_label,
            choices=STAGE_LABELS,
            required=False,
            widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        )
        for statement in self.statements:
            if respondent == "team" and statement.parents_only:
                continue
            text = statement.team_text if respondent == "team" else statement.parent_text
            self.fields[statement.code] = self._answer_field(statement.number, text, STATEMENT_SCALE)
            if statement.parents_only and self.style == "digits":
                self.fields[statement.code].widget.attrs["data-parents-only"] = "1"
        for option in self.options:
            text = option.team_text if respondent == "team" else option.parent_text
            self.fields[option.code] = self._answer_field(option.number, text, OPTION_SCALE)
        self.fields["remark"] = forms.CharField(
            label=_("Toelichting, ideeën of suggesties"),
            required=False,
            max_length=REMARK_MAX,
            widget=forms.Textarea(attrs={"rows": 2}),
        )

    def _answer_field(self, number, text, scale):
        label = f"{number}. {text}"
        if self.style == "radios":
            return forms.TypedChoiceField(
                label=label,
                required=False,
                coerce=int,
                empty_value=None,
                choices=[(value, f"{value} {name}") for value, name in scale.items()],
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            )
        top = max(scale)
        return forms.CharField(
            label=label,
            required=False,
            max_length=1,
            widget=forms.TextInput(
                attrs={
                    "class": "form-control digit-input",
                    "inputmode": "numeric",
                    "autocomplete": "off",
                    "pattern": f"[1-{top}]",
                    "data-max": top,
                    "size": 1,
                }
            ),
        )

    def answer_fields(self, kind):
        return [self[name] for name in self.fields if name[0] == kind and name[1:].isdigit()]

    def statement_fields(self):
        return self.answer_fields("s")

    def option_fields(self):
        return self.answer_fields("p")

    def clean(self):
        cleaned = super().clean()
        for name in list(self.fields):
            if name[0] in "sp" and name[1:].isdigit():
                raw = cleaned.get(name)
                if self.style == "digits":
                    value, message = parse_value(name[0], raw or "")
                    if message:
                        self.add_error(name, message)
                    cleaned[name] = value
        return cleaned

    def filled(self) -> Filled:
        data = self.cleaned_data
        answers = {
            name: data[name]
            for name in self.fields
            if name[0] in "sp" and name[1:].isdigit() and data.get(name)
        }
        return Filled(
            respondent=self.fixed_respondent or data.get("respondent", ""),
            stages=list(data.get("stages") or []),
            answers=answers,
            remark=data.get("remark", ""),
        )

    @staticmethod
    def initial_from(response) -> dict:
        initial = {"respondent": response.respondent, "stages": response.stages, "remark": response.remark}
        for code, value in response.answers.items():
            initial[code] = str(value)
        return initial


class AgreementForm(VersionedForm):
    what = forms.CharField(
        label=_("Wat"),
        max_length=300,
        help_text=_("Bijv. maandelijks bericht via de schoolapp over de Kanjerlessen van die maand."),
    )
    stages = forms.MultipleChoiceField(
        label=_("Voor welke bouw"), choices=STAGE_LABELS, widget=forms.CheckboxSelectMultiple
    )
    frequency = forms.ChoiceField(label=_("Hoe vaak"), choices=Agreement.Frequency.choices)
    who = forms.CharField(label=_("Wie"), max_length=200, help_text=_("Bijv. de leerkrachten van de groep."))
    starts_on = forms.DateField(label=_("Met ingang van"), widget=DATE_WIDGET)
    survey = forms.ModelChoiceField(
        label=_("Naar aanleiding van peiling"), queryset=Survey.objects.none(), required=False
    )

    def __init__(self, *args, surveys=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survey"].queryset = Survey.objects.filter(pk__in=[s.pk for s in surveys])

    @staticmethod
    def initial_from(agreement) -> dict:
        return {
            "version": agreement.version,
            "what": agreement.what,
            "stages": stages_from_text(agreement.stages),
            "frequency": agreement.frequency,
            "who": agreement.who,
            "starts_on": agreement.starts_on,
            "survey": agreement.survey_id,
        }

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["stages"] = ",".join(data["stages"])
        return data


class TemplateHeadForm(VersionedForm):
    name = forms.CharField(label=_("Naam"), max_length=200)
    intro = forms.CharField(
        label=_("Inleiding voor ouders"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class StatementForm(forms.Form):
    parent_text = forms.CharField(label=_("Tekst voor ouders"), max_length=400, required=False)
    team_text = forms.CharField(label=_("Tekst voor het team"), max_length=400, required=False)
    parents_only = forms.BooleanField(label=_("Alleen voor ouders"), required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("parent_text") and not cleaned.get("parents_only") and not cleaned.get("team_text"):
            self.add_error("team_text", _("Geef de tekst voor het team, of kies 'alleen voor ouders'."))
        return cleaned


class OptionForm(forms.Form):
    parent_text = forms.CharField(label=_("Tekst voor ouders"), max_length=400, required=False)
    team_text = forms.CharField(label=_("Tekst voor het team"), max_length=400, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("parent_text") and not cleaned.get("team_text"):
            self.add_error("team_text", _("Geef ook de tekst voor het team."))
        return cleaned


StatementFormSet = forms.formset_factory(StatementForm, extra=1, can_delete=True)
OptionFormSet = forms.formset_factory(OptionForm, extra=1, can_delete=True)


def rows_from_formset(formset) -> list[dict]:
    """Filled rows in order, without deleted or empty ones."""
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and form.cleaned_data.get("parent_text") and not form.cleaned_data.get("DELETE")
    ]

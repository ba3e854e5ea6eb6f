from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from npo_planner.scholen.models import Group
from npo_planner.scholen.roles import Role

SCHOOL_ROLES = [(r.value, r.label) for r in Role if r != Role.BESTUUR]


class MemberInviteForm(forms.Form):
    username = forms.CharField(
        label=_("Gebruikersnaam"), max_length=150, validators=[UnicodeUsernameValidator()]
    )
    email = forms.EmailField(
        label=_("E-mailadres"), help_text=_("Hierheen gaat de link om een wachtwoord te kiezen.")
    )
    role = forms.ChoiceField(label=_("Rol"), choices=SCHOOL_ROLES)
    groups = forms.ModelMultipleChoiceField(
        label=_("Eigen groepen (alleen voor een leerkracht)"),
        queryset=Group.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, school, school_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = Group.objects.filter(school=school, school_year=school_year)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("groups") and cleaned.get("role") != Role.LEERKRACHT:
            self.add_error("groups", _("Alleen een leerkracht wordt aan groepen gekoppeld."))
        return cleaned

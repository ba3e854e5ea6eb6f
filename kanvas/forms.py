from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from kanvas.models import FollowUp, FollowUpAction, FollowUpStatus, ImportKind
from npo_planner.lib.tabular import MAX_BYTES
from npo_planner.scholen.roles import PUPIL_LEVEL


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Soort bestand"),
        choices=ImportKind.choices,
        widget=forms.RadioSelect,
        initial=ImportKind.ANSWERS,
    )
    file = forms.FileField(
        label=_("Bestand (.csv of .xlsx)"),
        help_text=_("Maximaal 20 MB. De eerste regel bevat de kolomnamen."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )
    replace = forms.BooleanField(
        label=_("Bestaande gegevens van de groepen in dit bestand vervangen"),
        required=False,
        help_text=_(
            "Alleen de groepen in het bestand worden vervangen, per meetmoment en vragenlijst; andere groepen "
            "houden hun gegevens. Zonder dit vinkje wordt een bestand voor een meetmoment dat al gegevens heeft "
            "geweigerd."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Het bestand is groter dan 20 MB."))
        return upload


def staff_for(school) -> list:
    """The school's staff who can own a follow-up (one query; pass the list to every form on a page)."""
    User = get_user_model()
    return list(
        User.objects.filter(memberships__school=school, memberships__role__in=PUPIL_LEVEL)
        .distinct()
        .order_by("username")
    )


class OwnerField(forms.TypedChoiceField):
    def __init__(self, *args, staff=(), **kwargs):
        super().__init__(*args, coerce=int, empty_value=None, required=False, **kwargs)
        self.set_staff(staff)

    def set_staff(self, staff):
        self.staff = {user.pk: user for user in staff}
        self.choices = [("", _("(nog niemand)"))] + [
            (user.pk, user.get_full_name() or user.username) for user in staff
        ]

    def clean(self, value):
        pk = super().clean(value)
        return None if pk is None else self.staff[pk]


class FollowUpForm(forms.Form):
    action = forms.ChoiceField(label=_("Actie"), choices=FollowUpAction.choices)
    owner = OwnerField(label=_("Eigenaar"))
    note = forms.CharField(
        label=_("Notitie"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].set_staff(staff)


class FollowUpUpdateForm(forms.Form):
    followup = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=FollowUpStatus.choices)
    owner = OwnerField(label=_("Eigenaar"))
    note = forms.CharField(
        label=_("Notitie"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )

    def __init__(self, *args, staff, followup: FollowUp | None = None, **kwargs):
        if followup is not None and "initial" not in kwargs and not args:
            kwargs["initial"] = {
                "followup": followup.pk,
                "version": followup.version,
                "status": followup.status,
                "owner": followup.owner_id,
                "note": followup.note,
            }
        if followup is not None:
            kwargs.setdefault("prefix", f"f{followup.pk}")
        super().__init__(*args, **kwargs)
        self.fields["owner"].set_staff(staff)

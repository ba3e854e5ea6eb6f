from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kanvas.importers import max_bytes
from kanvas.models import FollowUp, FollowUpAction, FollowUpStatus, ImportKind, SafetyInstrument
from npo_planner.lib.tabular import too_large
from npo_planner.scholen.roles import MANAGEMENT, Role


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Soort bestand"),
        choices=ImportKind.choices,
        widget=forms.RadioSelect,
        initial=ImportKind.ANSWERS,
    )
    file = forms.FileField(
        label=_("Bestand (.csv of .xlsx)"),
        help_text=_(
            "Maximaal 80 MB voor antwoorden en 20 MB voor een sociogram, 500.000 rijen. De eerste regel bevat de "
            "kolomnamen."
        ),
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

    def clean(self):
        cleaned_data = super().clean()
        upload, kind = cleaned_data.get("file"), cleaned_data.get("kind")
        refusal = upload and kind and too_large(upload.size, max_bytes(kind))
        if refusal:
            self.add_error("file", refusal[:1].upper() + refusal[1:])
        return cleaned_data


class SafetyInstrumentForm(forms.Form):
    """Which instrument the safety data of a moment came from (the Inspectie asks for a validated one)."""

    meetmoment = forms.ChoiceField(label=_("Meting"))
    instrument = forms.ChoiceField(
        label=_("Instrument"),
        choices=[("", _("(niet vastgelegd)")), *SafetyInstrument.choices],
        required=False,
    )

    def __init__(self, *args, moments: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meetmoment"].choices = [(m, m) for m in moments]


def staff_for(school, group_ids=None) -> list:
    """The school's staff who can own a follow-up of pupils in `group_ids`: the IB'ers and directeuren, and the
    leerkrachten of those groups (one query; pass the list to every form on a page). Without `group_ids` every
    leerkracht of the school may be chosen."""
    User = get_user_model()
    teachers = Q(memberships__school=school, memberships__role=Role.LEERKRACHT)
    if group_ids is not None:
        teachers &= Q(memberships__groups__in=list(group_ids))
    return list(
        User.objects.filter(Q(memberships__school=school, memberships__role__in=MANAGEMENT) | teachers)
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
    due = forms.DateField(
        label=_("Uiterlijk op"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label=_("Notitie"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].set_staff(staff)


class GroupPlanForm(FollowUpForm):
    """One action for several pupils of a group at once (the pupils with a signal, ticked on the group page)."""

    pupils = forms.TypedMultipleChoiceField(label=_("Leerlingen"), coerce=int, choices=())

    def __init__(self, *args, pupils=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.pupil_objects = {p.pk: p for p in pupils}
        self.fields["pupils"].choices = [(p.pk, p.code) for p in pupils]
        self.fields["pupils"].error_messages["required"] = _("Kies ten minste één leerling.")

    def clean_pupils(self):
        return [self.pupil_objects[pk] for pk in self.cleaned_data["pupils"]]


class FollowUpUpdateForm(forms.Form):
    followup = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=FollowUpStatus.choices)
    owner = OwnerField(label=_("Eigenaar"))
    due = forms.DateField(
        label=_("Uiterlijk op"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label=_("Nieuwe notitie"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
        help_text=_("Wordt toegevoegd aan de geschiedenis; eerdere notities blijven staan."),
    )

    def __init__(self, *args, staff, followup: FollowUp | None = None, **kwargs):
        if followup is not None and "initial" not in kwargs and not args:
            kwargs["initial"] = {
                "followup": followup.pk,
                "version": followup.version,
                "status": followup.status,
                "owner": followup.owner_id,
                "due": followup.due,
            }
        if followup is not None:
            kwargs.setdefault("prefix", f"f{followup.pk}")
        super().__init__(*args, **kwargs)
        self.fields["owner"].set_staff(staff)

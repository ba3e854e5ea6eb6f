import unicodedata

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from npo_planner.scholen.models import AuthEvent
from npo_planner.scholen.services import auth_event_record, login_is_locked


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request else None


class LockingAuthenticationForm(AuthenticationForm):
    """Refuses a username with too many recent failures, whatever the password, and logs every attempt."""

    error_messages = {
        "invalid_login": _("Gebruikersnaam of wachtwoord klopt niet. Let op hoofdletters."),
        "inactive": _("Dit account is niet actief."),
        "locked": _(
            "Te veel mislukte pogingen voor deze gebruikersnaam. Probeer het over %(minutes)s minuten opnieuw "
            "of vraag de directeur om hulp."
        ),
    }

    def clean(self):
        from django.conf import settings

        username = (self.cleaned_data.get("username") or "").strip()
        if username and login_is_locked(username=username):
            auth_event_record(username=username, kind=AuthEvent.Kind.LOCKED, ip=client_ip(self.request))
            raise forms.ValidationError(
                self.error_messages["locked"], code="locked", params={"minutes": settings.LOGIN_LOCK_MINUTES}
            )
        try:
            return super().clean()
        except forms.ValidationError:
            if username:
                auth_event_record(username=username, kind=AuthEvent.Kind.FAILURE, ip=client_ip(self.request))
            raise


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code uit uw authenticator-app (of een herstelcode)"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class SchoolYearSwitchForm(forms.Form):
    school_year = forms.CharField(label=_("Schooljaar"), max_length=9)
    next = forms.CharField(required=False)


class AccountPasswordResetForm(PasswordResetForm):
    """'Wachtwoord vergeten' also reaches accounts that never had a password here: a colleague whose invitation
    mail expired, a member of a school restored from a backup (school backups carry no password hashes). Django's
    own form skips accounts without a usable password; inactive accounts still get nothing."""

    def get_users(self, email):
        User = get_user_model()
        email_field = User.get_email_field_name()
        users = User._default_manager.filter(**{f"{email_field}__iexact": email, "is_active": True})
        return (u for u in users if _iexact(getattr(u, email_field), email))


def _iexact(a: str, b: str) -> bool:
    """As Django's own form compares (the database's iexact may be looser for non-ASCII)."""
    return unicodedata.normalize("NFKC", a).casefold() == unicodedata.normalize("NFKC", b).casefold()

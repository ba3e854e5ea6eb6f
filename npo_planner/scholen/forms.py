import unicodedata
from collections import Counter

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from npo_planner.scholen.models import AuthEvent
from npo_planner.scholen.services import auth_event_record, login_block


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request else None


class LockingAuthenticationForm(AuthenticationForm):
    """Refuses a username with too many recent failures, whatever the password, and logs every attempt."""

    error_messages = {
        "invalid_login": _("Gebruikersnaam of wachtwoord klopt niet. Let op hoofdletters."),
        "inactive": _("Dit account is niet actief."),
        "locked": _(
            "Te veel mislukte pogingen voor deze gebruikersnaam. Probeer het over %(minutes)s minuten opnieuw "
            "of vraag de directeur om hulp. Met een nieuw wachtwoord via 'Wachtwoord vergeten?' kunt u ook "
            "meteen weer inloggen."
        ),
        "wait": _(
            "Er is een paar keer een verkeerd wachtwoord ingevoerd. Wacht nog %(seconds)s seconden en probeer het "
            "dan opnieuw."
        ),
    }

    def clean(self):
        from django.conf import settings

        username = (self.cleaned_data.get("username") or "").strip()
        block = login_block(username=username) if username else None
        if block and block.locked:
            auth_event_record(username=username, kind=AuthEvent.Kind.LOCKED, ip=client_ip(self.request))
            raise forms.ValidationError(
                self.error_messages["locked"], code="locked", params={"minutes": settings.LOGIN_LOCK_MINUTES}
            )
        if block and block.wait_seconds:
            # Too soon after the last failure: refused without checking the password, and not counted.
            raise forms.ValidationError(
                self.error_messages["wait"], code="wait", params={"seconds": block.wait_seconds}
            )
        try:
            return super().clean()
        except forms.ValidationError:
            if username:
                auth_event_record(username=username, kind=AuthEvent.Kind.FAILURE, ip=client_ip(self.request))
            raise


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


class RateLimitedPasswordResetForm(AccountPasswordResetForm):
    """'Wachtwoord vergeten': at most PASSWORD_RESET_MAILS_PER_HOUR mails per account per hour, counted in the
    database (AuthEvent "reset_mail", so every worker process sees the same count and a restart does not reset it).
    The page says the same whether or not a mail went out."""

    def get_users(self, email):
        from django.conf import settings

        users = list(super().get_users(email))
        if not users:
            return
        since = timezone.now() - timezone.timedelta(hours=1)
        sent = Counter(
            AuthEvent.objects.filter(
                user__in=users, kind=AuthEvent.Kind.RESET_MAIL, at__gte=since
            ).values_list("user_id", flat=True)
        )
        for user in users:
            if sent[user.pk] < settings.PASSWORD_RESET_MAILS_PER_HOUR:
                yield user

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)
        user = context["user"]
        auth_event_record(username=user.username, kind=AuthEvent.Kind.RESET_MAIL, user=user)


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code uit uw authenticator-app (of een herstelcode)"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class PasswordConfirmForm(forms.Form):
    """Asks a logged-in user for their password again before a change to how they log in: a session left open on
    a shared computer is not enough to take over the second factor."""

    password = forms.CharField(
        label=_("Uw wachtwoord (ter bevestiging)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.request = request

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            auth_event_record(
                username=self.user.username, kind=AuthEvent.Kind.FAILURE, ip=client_ip(self.request)
            )
            raise forms.ValidationError(_("Wachtwoord klopt niet."), code="password_incorrect")
        return password


class SchoolYearSwitchForm(forms.Form):
    school_year = forms.CharField(label=_("Schooljaar"), max_length=9)
    next = forms.CharField(required=False)

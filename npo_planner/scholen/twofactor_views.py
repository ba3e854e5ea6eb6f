"""Pages of the second login step and of managing one's own authenticator app."""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from npo_planner.scholen import login_flow, totp, twofactor
from npo_planner.scholen.forms import PasswordConfirmForm, TwoFactorCodeForm, client_ip
from npo_planner.scholen.models import AuthEvent
from npo_planner.scholen.services import auth_event_record, login_block

RECOVERY_SESSION_KEY = "fresh_recovery_codes"


def _qr_data_uri(device, username) -> str:
    uri = totp.provisioning_uri(device.secret, account=username)
    return segno.make(uri, error="m").svg_data_uri(scale=4)


def verify(request):
    user = login_flow.pending_user(request)
    if user is None:
        messages.info(request, _("Log eerst in met uw gebruikersnaam en wachtwoord."))
        return redirect("login")
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        block = login_block(username=user.username)
        if block.locked:
            request.session.pop(login_flow.PENDING_KEY, None)
            messages.error(
                request,
                _("Te veel mislukte pogingen. Probeer het over %(m)s minuten opnieuw.")
                % {"m": settings.LOGIN_LOCK_MINUTES},
            )
            return redirect("login")
        if block.wait_seconds:
            form.add_error(
                "code",
                _("Er is een paar keer een verkeerde code ingevoerd. Wacht nog %(seconds)s seconden.")
                % {"seconds": block.wait_seconds},
            )
            return render(request, "registration/two_factor_verify.html", {"form": form})
        if twofactor.code_verify(user=user, code=form.cleaned_data["code"]):
            next_url = login_flow.pending_next(request)
            login_flow.complete(request, user)
            return redirect(next_url)
        auth_event_record(username=user.username, kind=AuthEvent.Kind.FAILURE, ip=client_ip(request))
        form.add_error(
            "code", _("Deze code klopt niet of is al gebruikt. Kijk of de tijd op uw telefoon goed staat.")
        )
    return render(request, "registration/two_factor_verify.html", {"form": form})


def setup_during_login(request):
    """A user who must use two-factor login but has no app yet sets it up before the login completes."""
    user = login_flow.pending_user(request)
    if user is None:
        return redirect("login")
    try:
        device = twofactor.device_start(user=user)
    except twofactor.DeviceAlreadyConfirmed:
        # Only a user without an app sets one up here; the secret of a confirmed app is never shown again.
        return redirect("two_factor_verify")
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = twofactor.device_confirm(device=device, code=form.cleaned_data["code"])
        if codes is not None:
            next_url = login_flow.pending_next(request)
            login_flow.complete(request, user)
            request.session[RECOVERY_SESSION_KEY] = codes
            request.session["after_recovery_codes"] = next_url
            return redirect("two_factor_recovery_codes")
        form.add_error("code", _("Deze code klopt niet. Voer de code in die de app nu toont."))
    return render(
        request,
        "registration/two_factor_setup.html",
        {"form": form, "secret": device.secret, "qr": _qr_data_uri(device, user.username), "required": True},
    )


@login_required
def recovery_codes(request):
    codes = request.session.pop(RECOVERY_SESSION_KEY, None)
    if not codes:
        return redirect("two_factor_manage")
    next_url = request.session.pop("after_recovery_codes", None) or "/"
    return render(
        request, "registration/two_factor_recovery_codes.html", {"codes": codes, "next_url": next_url}
    )


def _manage_page(request, *, renew_form=None, remove_form=None):
    user = request.user
    device = twofactor.confirmed_device(user)
    required = twofactor.required_for(user)
    context = {"device": device, "required": required}
    if device is None:
        pending = twofactor.device_start(user=user)
        form = TwoFactorCodeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            codes = twofactor.device_confirm(device=pending, code=form.cleaned_data["code"])
            if codes is not None:
                request.session[RECOVERY_SESSION_KEY] = codes
                request.session["after_recovery_codes"] = "/"
                return redirect("two_factor_recovery_codes")
            form.add_error("code", _("Deze code klopt niet. Voer de code in die de app nu toont."))
        context.update(form=form, secret=pending.secret, qr=_qr_data_uri(pending, user.username))
    else:
        context.update(
            renew_form=renew_form or PasswordConfirmForm(user=user, auto_id="renew_%s"),
            remove_form=remove_form or PasswordConfirmForm(user=user, auto_id="remove_%s"),
        )
    return render(request, "registration/two_factor_manage.html", context)


@login_required
def manage(request):
    return _manage_page(request)


@login_required
@require_POST
def renew_recovery_codes(request):
    if twofactor.confirmed_device(request.user) is None:
        return redirect("two_factor_manage")
    form = PasswordConfirmForm(request.POST, user=request.user, request=request, auto_id="renew_%s")
    if not form.is_valid():
        return _manage_page(request, renew_form=form)
    request.session[RECOVERY_SESSION_KEY] = twofactor.recovery_codes_renew(user=request.user)
    return redirect("two_factor_recovery_codes")


@login_required
@require_POST
def remove(request):
    if twofactor.required_for(request.user):
        messages.error(
            request, _("Voor uw rol is tweestapsverificatie verplicht; u kunt haar niet uitzetten.")
        )
        return redirect("two_factor_manage")
    form = PasswordConfirmForm(request.POST, user=request.user, request=request, auto_id="remove_%s")
    if not form.is_valid():
        return _manage_page(request, remove_form=form)
    twofactor.device_remove(user=request.user)
    messages.success(request, _("Tweestapsverificatie is uitgezet."))
    return redirect("two_factor_manage")

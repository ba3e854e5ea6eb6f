"""Two-factor login: who needs it, setting up an authenticator app, checking codes and recovery codes."""

import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from npo_planner.scholen import totp
from npo_planner.scholen.models import Membership, RecoveryCode, TwoFactorDevice

RECOVERY_CODE_COUNT = 10


class DeviceAlreadyConfirmed(Exception):
    """The user has a confirmed authenticator: its secret is never handed out again (only an administrator's
    reset, `device_reset`, makes room for a new one)."""


def required_for(user) -> bool:
    """Directeur, IB'er and bestuur must use a second factor (issue: trust); others may. So must everyone with
    access to the admin (/beheer/), which shows the data of every school."""
    if user.is_staff:
        return True
    return Membership.objects.filter(user=user, role__in=settings.TWO_FACTOR_REQUIRED_ROLES).exists()


def confirmed_device(user) -> TwoFactorDevice | None:
    return TwoFactorDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


def device_start(*, user) -> TwoFactorDevice:
    """The user's unconfirmed device: a new secret the first time; the same one until it is confirmed, so the QR
    code a user scanned keeps working when the page is reloaded. Raises DeviceAlreadyConfirmed for a user with a
    confirmed device: whoever asks then has the password at most, and the secret is the second factor."""
    device, _created = TwoFactorDevice.objects.get_or_create(
        user=user, defaults={"secret": totp.generate_secret()}
    )
    if device.confirmed_at is not None:
        raise DeviceAlreadyConfirmed
    return device


def _hash(code: str) -> str:
    return hashlib.sha256(code.strip().lower().replace("-", "").replace(" ", "").encode()).hexdigest()


@transaction.atomic
def recovery_codes_renew(*, user) -> list[str]:
    """New recovery codes (shown once); earlier ones stop working."""
    RecoveryCode.objects.filter(user=user).delete()
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create([RecoveryCode(user=user, code_hash=_hash(c)) for c in codes])
    return codes


@transaction.atomic
def device_confirm(*, device: TwoFactorDevice, code: str) -> list[str] | None:
    """Confirm the device with a first code; returns fresh recovery codes, or None when the code is wrong."""
    device = TwoFactorDevice.objects.select_for_update().get(pk=device.pk)
    if device.confirmed_at is not None:
        return None  # confirming again would hand out new recovery codes to whoever knows the secret
    step = totp.matching_step(device.secret, code, after_step=device.last_used_step)
    if step is None:
        return None
    device.confirmed_at = timezone.now()
    device.last_used_step = step
    device.save(update_fields=["confirmed_at", "last_used_step"])
    return recovery_codes_renew(user=device.user)


@transaction.atomic
def code_verify(*, user, code: str) -> bool:
    """A current authenticator code, or an unused recovery code (then used up)."""
    device = TwoFactorDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=False).first()
    if device is None:
        return False
    step = totp.matching_step(device.secret, code, after_step=device.last_used_step)
    if step is not None:
        device.last_used_step = step
        device.save(update_fields=["last_used_step"])
        return True
    recovery = RecoveryCode.objects.filter(user=user, code_hash=_hash(code), used_at__isnull=True).first()
    if recovery:
        recovery.used_at = timezone.now()
        recovery.save(update_fields=["used_at"])
        return True
    return False


@transaction.atomic
def device_remove(*, user) -> None:
    TwoFactorDevice.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()


@transaction.atomic
def device_reset(*, user, actor) -> bool:
    """An administrator removes a user's lost authenticator and recovery codes; at the next login the user sets up
    a new app (a role that requires one is sent to the setup step). Audited under every school where the user has a
    role (or without a school). Returns False when the user had nothing to reset."""
    from npo_planner.scholen.services import audit_record, schools_of_account

    had_device = TwoFactorDevice.objects.filter(user=user).exists()
    device_remove(user=user)
    if not had_device:
        return False
    for school in schools_of_account(user):
        audit_record(
            user=actor,
            school=school,
            action="account.two_factor_reset",
            summary=_(
                "Tweestapsverificatie van %(user)s teruggezet (nieuwe app instellen bij volgende login)"
            )
            % {"user": user.username},
            target=user,
        )
    return True

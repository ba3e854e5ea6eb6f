"""Issue 12: the password alone must never be enough for an account with a second factor.

The attack: after the password step, open the setup page instead of the code page. It used to show the secret of
the user's confirmed authenticator; a code computed from it completed the login and replaced the victim's recovery
codes with new ones the attacker saw.
"""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from npo_planner.scholen import totp, twofactor
from npo_planner.scholen.models import AuditEntry, RecoveryCode, TwoFactorDevice
from tests.factories import PASSWORD, UserFactory


def _confirmed_device(user):
    device = twofactor.device_start(user=user)
    codes = twofactor.device_confirm(device=device, code=totp.code_at(device.secret, totp.current_step()))
    device.refresh_from_db()
    TwoFactorDevice.objects.filter(pk=device.pk).update(last_used_step=totp.current_step() - 2)
    return device, codes


def _attack(client, username, next_url=""):
    """Password step, then the setup page instead of the code page; returns the page's text."""
    url = reverse("login") + (f"?next={next_url}" if next_url else "")
    client.post(url, {"username": username, "password": PASSWORD})
    return client.get(reverse("two_factor_setup"), follow=True)


@pytest.fixture
def administrator(db):
    return UserFactory(username="beheer", is_staff=True, is_superuser=True)


def test_the_setup_page_does_not_show_a_confirmed_secret_to_the_password_holder(client, cast):
    device, codes = _confirmed_device(cast.director)
    response = _attack(client, "directeur_a")
    page = response.content.decode()
    assert device.secret not in page
    assert response.redirect_chain[-1][0] == reverse("two_factor_verify")
    # A code computed from the secret (as the attacker would have) posted to the setup page does not log in.
    client.post(reverse("two_factor_setup"), {"code": totp.code_at(device.secret, totp.current_step())})
    assert client.get(f"/{cast.school_a.brin}/").status_code == 302
    # The victim's recovery codes still work: they were not replaced.
    assert RecoveryCode.objects.filter(user=cast.director).count() == 10
    assert twofactor.code_verify(user=cast.director, code=codes[0])


def test_the_attack_does_not_reach_the_admin(client, administrator):
    device, _codes = _confirmed_device(administrator)
    page = _attack(client, "beheer", next_url="/beheer/").content.decode()
    assert device.secret not in page
    client.post(reverse("two_factor_setup"), {"code": totp.code_at(device.secret, totp.current_step())})
    assert client.get("/beheer/").status_code == 302


def test_a_confirmed_device_cannot_be_confirmed_again(cast):
    device, _codes = _confirmed_device(cast.director)
    with pytest.raises(twofactor.DeviceAlreadyConfirmed):
        twofactor.device_start(user=cast.director)
    assert (
        twofactor.device_confirm(device=device, code=totp.code_at(device.secret, totp.current_step())) is None
    )


def test_first_time_setup_during_login_still_works(client, cast):
    client.post(reverse("login"), {"username": "directeur_a", "password": PASSWORD})
    assert "QR-code" in client.get(reverse("two_factor_setup")).content.decode()
    device = TwoFactorDevice.objects.get(user=cast.director)
    response = client.post(
        reverse("two_factor_setup"), {"code": totp.code_at(device.secret, totp.current_step())}
    )
    assert response.url == reverse("two_factor_recovery_codes")
    assert client.get(f"/{cast.school_a.brin}/").status_code == 200


def test_new_recovery_codes_ask_for_the_password_again(client, cast):
    _device, codes = _confirmed_device(cast.director)
    client.force_login(cast.director)
    response = client.post(reverse("two_factor_renew_recovery_codes"), {"password": "fout-wachtwoord"})
    assert "Wachtwoord klopt niet" in response.content.decode()
    client.post(reverse("two_factor_renew_recovery_codes"))
    assert twofactor.code_verify(user=cast.director, code=codes[0])  # the old codes still hold
    response = client.post(reverse("two_factor_renew_recovery_codes"), {"password": PASSWORD})
    assert response.url == reverse("two_factor_recovery_codes")
    assert not twofactor.code_verify(user=cast.director, code=codes[1])  # replaced


def test_switching_the_second_factor_off_asks_for_the_password_again(client, cast):
    _confirmed_device(cast.teacher)
    client.force_login(cast.teacher)
    client.post(reverse("two_factor_remove"))
    client.post(reverse("two_factor_remove"), {"password": "fout-wachtwoord"})
    assert TwoFactorDevice.objects.filter(user=cast.teacher).exists()
    client.post(reverse("two_factor_remove"), {"password": PASSWORD})
    assert not TwoFactorDevice.objects.filter(user=cast.teacher).exists()


def test_the_manage_page_never_shows_a_confirmed_secret(client, cast):
    device, _codes = _confirmed_device(cast.director)
    client.force_login(cast.director)
    assert device.secret not in client.get(reverse("two_factor_manage")).content.decode()


def test_an_administrator_resets_a_lost_authenticator_with_an_audit_entry(client, cast, administrator):
    _confirmed_device(cast.director)
    client.force_login(administrator)
    User = get_user_model()
    response = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "two_factor_reset", admin.helpers.ACTION_CHECKBOX_NAME: [cast.director.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert not TwoFactorDevice.objects.filter(user=cast.director).exists()
    assert not RecoveryCode.objects.filter(user=cast.director).exists()
    entry = AuditEntry.objects.get(action="account.two_factor_reset")
    assert entry.username == "beheer" and entry.school == cast.school_a
    assert entry.object_id == str(User.objects.get(username="directeur_a").pk)
    # The director sets up a new app at the next login.
    client.logout()
    response = client.post(reverse("login"), {"username": "directeur_a", "password": PASSWORD})
    assert response.url == reverse("two_factor_setup")

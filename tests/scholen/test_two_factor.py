import pytest
from django.urls import reverse

from npo_planner.scholen import totp, twofactor
from npo_planner.scholen.models import AuthEvent, TwoFactorDevice
from tests.factories import PASSWORD


def _password_step(client, username):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD})


def _confirmed_device(user):
    device = twofactor.device_start(user=user)
    codes = twofactor.device_confirm(device=device, code=totp.code_at(device.secret, totp.current_step()))
    device.refresh_from_db()
    return device, codes


def test_totp_matches_the_rfc_6238_reference_values():
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # "12345678901234567890"
    assert totp.code_at(secret, 59 // 30) == "287082"
    assert totp.code_at(secret, 1111111109 // 30) == "081804"


def test_director_without_an_app_must_set_one_up_before_being_logged_in(client, cast):
    response = _password_step(client, "directeur_a")
    assert response.url == reverse("two_factor_setup")
    assert client.get(f"/{cast.school_a.brin}/").status_code == 302  # not logged in yet
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert "QR-code" in page
    device = TwoFactorDevice.objects.get(user=cast.director)
    response = client.post(
        reverse("two_factor_setup"), {"code": totp.code_at(device.secret, totp.current_step())}
    )
    assert response.url == reverse("two_factor_recovery_codes")
    page = client.get(response.url).content.decode()
    assert "herstelcodes" in page
    assert client.get(f"/{cast.school_a.brin}/").status_code == 200


def test_director_with_an_app_cannot_log_in_with_the_password_alone(client, cast):
    device, _codes = _confirmed_device(cast.director)
    response = _password_step(client, "directeur_a")
    assert response.url == reverse("two_factor_verify")
    assert client.get(f"/{cast.school_a.brin}/").status_code == 302
    response = client.post(reverse("two_factor_verify"), {"code": "000000"})
    assert "klopt niet" in response.content.decode()
    assert client.get(f"/{cast.school_a.brin}/").status_code == 302
    TwoFactorDevice.objects.filter(pk=device.pk).update(last_used_step=totp.current_step() - 2)
    response = client.post(
        reverse("two_factor_verify"), {"code": totp.code_at(device.secret, totp.current_step())}
    )
    assert response.status_code == 302
    assert client.get(f"/{cast.school_a.brin}/").status_code == 200
    assert AuthEvent.objects.filter(username="directeur_a", kind=AuthEvent.Kind.LOGIN).exists()


def test_a_code_cannot_be_used_twice(cast):
    device, _codes = _confirmed_device(cast.director)
    code = totp.code_at(device.secret, totp.current_step())
    assert not twofactor.code_verify(user=cast.director, code=code)  # used by the confirmation


def test_recovery_code_works_once(client, cast):
    _device, codes = _confirmed_device(cast.director)
    assert len(codes) == 10
    _password_step(client, "directeur_a")
    assert client.post(reverse("two_factor_verify"), {"code": codes[0]}).status_code == 302
    client.logout()
    _password_step(client, "directeur_a")
    response = client.post(reverse("two_factor_verify"), {"code": codes[0]})
    assert response.status_code == 200


def test_password_reset_does_not_bypass_the_second_factor(client, cast, mailoutbox):
    _confirmed_device(cast.director)
    client.post(reverse("password_reset"), {"email": cast.director.email})
    link = next(line for line in mailoutbox[0].body.splitlines() if "wachtwoord-herstellen" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    new = "een-heel-nieuw-wachtwoord-77"
    client.post(response.request["PATH_INFO"], {"new_password1": new, "new_password2": new})
    assert client.get(f"/{cast.school_a.brin}/").status_code == 302  # reset does not log in
    response = client.post(reverse("login"), {"username": "directeur_a", "password": new})
    assert response.url == reverse("two_factor_verify")


def test_failed_codes_count_towards_the_username_lock(client, cast, settings):
    device, _codes = _confirmed_device(cast.director)
    settings.LOGIN_LOCK_FAILURES = 3
    _password_step(client, "directeur_a")
    for _ in range(3):
        client.post(reverse("two_factor_verify"), {"code": "000000"})
    TwoFactorDevice.objects.filter(pk=device.pk).update(last_used_step=None)
    response = client.post(
        reverse("two_factor_verify"), {"code": totp.code_at(device.secret, totp.current_step())}
    )
    assert response.url == reverse("login")
    assert client.get(f"/{cast.school_a.brin}/").status_code == 302


@pytest.mark.parametrize("username", ["leerkracht_a", "mr_a"])
def test_other_roles_may_switch_two_factor_on_and_off(client, cast, username):
    client.post(reverse("login"), {"username": username, "password": PASSWORD})
    page = client.get(reverse("two_factor_manage")).content.decode()
    assert "Tweestapsverificatie is uit" in page
    device = TwoFactorDevice.objects.get(user__username=username)
    client.post(reverse("two_factor_manage"), {"code": totp.code_at(device.secret, totp.current_step())})
    assert TwoFactorDevice.objects.get(pk=device.pk).confirmed_at is not None
    client.post(reverse("two_factor_remove"), {"password": PASSWORD})  # switching off asks for the password
    assert not TwoFactorDevice.objects.filter(user__username=username).exists()


def test_director_cannot_switch_two_factor_off(client, cast):
    _confirmed_device(cast.director)
    client.force_login(cast.director)
    client.post(reverse("two_factor_remove"))
    assert TwoFactorDevice.objects.filter(user=cast.director).exists()


def test_sessions_expire_after_inactivity(client, cast, settings, monkeypatch):
    import time

    settings.SESSION_IDLE_MINUTES = 30
    client.force_login(cast.teacher)
    url = f"/{cast.school_a.brin}/"
    assert client.get(url).status_code == 200
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 29 * 60)
    assert client.get(url).status_code == 200  # active within the window renews it
    monkeypatch.setattr(time, "time", lambda: now + 29 * 60 + 31 * 60)
    assert client.get(url).status_code == 302  # idle too long: logged out

"""The admin has no password-only door: it is reached through the app's login, second factor included."""

from django.urls import reverse

from npo_planner.scholen import totp, twofactor
from npo_planner.scholen.models import TwoFactorDevice
from tests.factories import PASSWORD, UserFactory


def _superuser():
    return UserFactory(username="beheer", is_staff=True, is_superuser=True)


def test_the_admin_sends_a_visitor_to_the_apps_login(client, db):
    response = client.get("/beheer/", follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('login')}?next=/beheer/"


def test_the_admin_login_form_does_not_accept_a_password(client, db):
    _superuser()
    response = client.post(reverse("admin:login"), {"username": "beheer", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert client.get("/beheer/").status_code == 302  # still not logged in


def test_an_administrator_needs_a_second_factor(client, db):
    user = _superuser()
    assert twofactor.required_for(user)
    response = client.post(f"{reverse('login')}?next=/beheer/", {"username": "beheer", "password": PASSWORD})
    assert response.url == reverse("two_factor_setup")
    assert client.get("/beheer/").status_code == 302
    assert "QR-code" in client.get(reverse("two_factor_setup")).content.decode()
    device = TwoFactorDevice.objects.get(user=user)
    client.post(reverse("two_factor_setup"), {"code": totp.code_at(device.secret, totp.current_step())})
    assert client.get("/beheer/").status_code == 200


def test_a_logged_in_user_without_admin_rights_is_refused(client, cast):
    client.force_login(cast.director)
    assert client.get(reverse("admin:login")).status_code == 403
    assert client.get("/beheer/").status_code == 302


def test_after_login_the_admin_goes_on_to_the_page_asked_for_never_elsewhere(client, db):
    client.force_login(_superuser())
    assert client.get(f"{reverse('admin:login')}?next=/beheer/kanvas/").url == "/beheer/kanvas/"
    assert client.get(f"{reverse('admin:login')}?next=https://example.org/").url == reverse("admin:index")

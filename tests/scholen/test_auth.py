import pytest
from django.urls import reverse

from npo_planner.scholen.models import AuthEvent
from tests.factories import PASSWORD


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_teacher_logs_in_with_password_and_lands_in_own_school(client, cast):
    response = _login(client, "leerkracht_a", PASSWORD)
    assert response.status_code == 302
    response = client.get(response.url, follow=True)
    assert response.request["PATH_INFO"] == f"/{cast.school_a.brin}/"
    assert AuthEvent.objects.filter(username="leerkracht_a", kind=AuthEvent.Kind.LOGIN).count() == 1


def test_wrong_password_is_refused_in_dutch_and_logged(client, cast):
    response = _login(client, "directeur_a", "fout")
    assert response.status_code == 200
    assert "Gebruikersnaam of wachtwoord klopt niet" in response.content.decode()
    assert AuthEvent.objects.filter(username="directeur_a", kind=AuthEvent.Kind.FAILURE).count() == 1


def test_five_failures_lock_the_username_even_with_the_right_password(client, cast, settings):
    settings.LOGIN_LOCK_FAILURES = 5
    settings.LOGIN_DELAY_SECONDS = 0  # no wait between attempts here; the delay has tests in test_login_lock
    for _ in range(5):
        _login(client, "directeur_a", "fout")
    response = _login(client, "directeur_a", PASSWORD)
    assert response.status_code == 200
    assert "Te veel mislukte pogingen" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated
    assert AuthEvent.objects.filter(username="directeur_a", kind=AuthEvent.Kind.LOCKED).exists()


def test_lock_is_per_username_not_per_address(client, cast):
    for _ in range(5):
        _login(client, "directeur_a", "fout")
    # Colleagues behind the same school IP address can still log in.
    response = _login(client, "mr_a", PASSWORD)
    assert response.status_code == 302 and response.url == "/"


def test_lock_ends_after_the_lock_window(client, cast, settings):
    for _ in range(5):
        _login(client, "directeur_a", "fout")
    settings.LOGIN_LOCK_MINUTES = 0
    assert _login(client, "directeur_a", PASSWORD).url == reverse("two_factor_setup")


def test_successful_login_resets_the_failure_count(client, cast, settings):
    settings.LOGIN_DELAY_SECONDS = 0  # no wait between attempts here; the delay has tests in test_login_lock
    for _ in range(4):
        _login(client, "leerkracht_a", "fout")
    assert _login(client, "leerkracht_a", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        _login(client, "leerkracht_a", "fout")
    assert _login(client, "leerkracht_a", PASSWORD).status_code == 302


def test_logout_is_logged(client, cast):
    client.force_login(cast.director)
    client.post(reverse("logout"))
    assert AuthEvent.objects.filter(username="directeur_a", kind=AuthEvent.Kind.LOGOUT).exists()


def test_password_change_and_reset_pages_are_dutch(client, cast, mailoutbox):
    client.force_login(cast.director)
    assert "Wachtwoord wijzigen" in client.get(reverse("password_change")).content.decode()
    client.logout()
    response = client.post(reverse("password_reset"), {"email": cast.director.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "Nieuw wachtwoord" in mailoutbox[0].subject
    assert "/account/wachtwoord-herstellen/" in mailoutbox[0].body


@pytest.mark.parametrize("username", ["bestuurder"])
def test_board_member_chooses_between_the_boards_schools(client, cast, username):
    client.force_login(cast.board_member)
    page = client.get(reverse("home")).content.decode()
    assert "School A" in page and "School B" in page


def test_an_account_without_a_password_can_ask_for_one_but_an_inactive_account_cannot(
    client, cast, mailoutbox
):
    """An invited colleague whose mail expired, a member of a school restored from a backup (no password hashes
    travel): 'wachtwoord vergeten' reaches them. A deactivated account gets nothing."""
    cast.ib.set_unusable_password()
    cast.ib.save()
    cast.mr.is_active = False
    cast.mr.save()
    client.post(reverse("password_reset"), {"email": cast.ib.email.upper()})
    client.post(reverse("password_reset"), {"email": cast.mr.email})
    assert [mail.to for mail in mailoutbox] == [[cast.ib.email]]

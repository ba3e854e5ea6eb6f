"""Issue 12, lockout abuse: failed logins slow down and lock a username, and the lock can be lifted (a password reset
through the e-mailed link, the directeur for a colleague of the school, an administrator for anyone)."""

import datetime

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from npo_planner.scholen.models import AuditEntry, AuthEvent
from npo_planner.scholen.services import login_block
from tests.factories import PASSWORD, UserFactory


@pytest.fixture
def no_delay(settings):
    """Lock tests: every attempt is checked at once (the progressive delay has tests of its own)."""
    settings.LOGIN_DELAY_SECONDS = 0
    settings.LOGIN_LOCK_FAILURES = 5


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def _lock(client, username):
    for _ in range(5):
        _login(client, username, "fout")
    assert login_block(username=username).locked


def _age_events(username, seconds):
    """Let time pass for the username's login records."""
    for event in AuthEvent.objects.filter(username=username):
        AuthEvent.objects.filter(pk=event.pk).update(at=event.at - datetime.timedelta(seconds=seconds))


def _reset_link(client, email, mailoutbox):
    client.post(reverse("password_reset"), {"email": email})
    link = next(line for line in mailoutbox[-1].body.splitlines() if "wachtwoord-herstellen" in line)
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def test_a_password_reset_through_the_link_lifts_the_lock(client, cast, mailoutbox, no_delay):
    _lock(client, "directeur_a")
    response = client.get(_reset_link(client, cast.director.email, mailoutbox), follow=True)
    new = "een-heel-nieuw-wachtwoord-77"
    client.post(response.request["PATH_INFO"], {"new_password1": new, "new_password2": new})
    response = _login(client, "directeur_a", new)
    assert response.status_code == 302 and response.url == reverse("two_factor_setup")
    assert AuthEvent.objects.filter(username="directeur_a", kind=AuthEvent.Kind.UNLOCK).exists()


def test_the_directeur_sees_who_is_locked_and_unlocks_a_colleague(client, cast, no_delay):
    _lock(client, "mr_a")
    client.force_login(cast.director)
    page = client.get(reverse("scholen:members", kwargs={"brin": cast.school_a.brin})).content.decode()
    assert "Geblokkeerd" in page and "Blokkade opheffen" in page
    membership = cast.mr.memberships.get(school=cast.school_a)
    response = client.post(
        reverse("scholen:member_unlock", kwargs={"brin": cast.school_a.brin, "membership_id": membership.pk})
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="account.unlock")
    assert entry.school == cast.school_a and entry.username == "directeur_a"
    page = client.get(reverse("scholen:members", kwargs={"brin": cast.school_a.brin})).content.decode()
    assert "Geblokkeerd" not in page
    client.logout()
    assert _login(client, "mr_a", PASSWORD).status_code == 302


def test_the_directeur_cannot_unlock_a_user_of_another_school(client, cast, no_delay):
    _lock(client, "leerkracht_b")
    client.force_login(cast.director)
    membership = cast.teacher_b.memberships.get()
    response = client.post(
        reverse("scholen:member_unlock", kwargs={"brin": cast.school_a.brin, "membership_id": membership.pk})
    )
    assert response.status_code == 404
    assert login_block(username="leerkracht_b").locked


def test_the_members_page_shows_the_locks_in_a_fixed_number_of_queries(client, cast, no_delay):
    client.force_login(cast.director)
    url = reverse("scholen:members", kwargs={"brin": cast.school_a.brin})
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    from npo_planner.scholen.models import Membership

    client.logout()
    for n in range(6):
        user = UserFactory(username=f"collega{n}")
        Membership.objects.create(user=user, school=cast.school_a, role="leerkracht")
        _lock(client, f"collega{n}")
    client.force_login(cast.director)
    client.get(url)
    with CaptureQueriesContext(connection) as large:
        page = client.get(url).content.decode()
    assert page.count("Blokkade opheffen") == 6
    assert len(large.captured_queries) == len(small.captured_queries)


def test_an_administrator_unlocks_anyone(client, cast, no_delay):
    _lock(client, "directeur_a")
    administrator = UserFactory(username="beheer", is_staff=True, is_superuser=True)
    client.force_login(administrator)
    client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "login_unlock", admin.helpers.ACTION_CHECKBOX_NAME: [cast.director.pk]},
    )
    assert not login_block(username="directeur_a").locked
    assert AuditEntry.objects.filter(action="account.unlock", school=cast.school_a).exists()


def test_repeated_failures_are_slowed_down_progressively(client, cast, settings):
    settings.LOGIN_DELAY_AFTER = 3
    settings.LOGIN_DELAY_SECONDS = 2
    settings.LOGIN_LOCK_FAILURES = 10
    for _ in range(3):
        _login(client, "leerkracht_a", "fout")
    block = login_block(username="leerkracht_a")
    assert not block.locked and 0 < block.wait_seconds <= 2
    # Too soon: refused without looking at the password, and not counted as a failure.
    response = _login(client, "leerkracht_a", PASSWORD)
    assert response.status_code == 200 and "Wacht nog" in response.content.decode()
    assert AuthEvent.objects.filter(username="leerkracht_a", kind=AuthEvent.Kind.FAILURE).count() == 3
    _age_events("leerkracht_a", 3)
    _login(client, "leerkracht_a", "fout")  # the fourth failure: the wait doubles
    assert 2 < login_block(username="leerkracht_a").wait_seconds <= 4
    _age_events("leerkracht_a", 5)
    assert _login(client, "leerkracht_a", PASSWORD).status_code == 302
    assert login_block(username="leerkracht_a").wait_seconds == 0  # a success starts the count again


def test_the_code_step_is_slowed_down_as_well(client, cast, settings):
    from npo_planner.scholen import totp, twofactor

    settings.LOGIN_DELAY_AFTER = 2
    settings.LOGIN_DELAY_SECONDS = 30
    device = twofactor.device_start(user=cast.director)
    twofactor.device_confirm(device=device, code=totp.code_at(device.secret, totp.current_step()))
    _login(client, "directeur_a", PASSWORD)
    for _ in range(2):
        client.post(reverse("two_factor_verify"), {"code": "000000"})
    response = client.post(reverse("two_factor_verify"), {"code": "000000"})
    assert "Wacht nog" in response.content.decode()
    assert AuthEvent.objects.filter(username="directeur_a", kind=AuthEvent.Kind.FAILURE).count() == 2


def test_password_reset_mails_are_limited_per_account(client, cast, mailoutbox, settings):
    settings.PASSWORD_RESET_MAILS_PER_HOUR = 3
    for _ in range(5):
        response = client.post(reverse("password_reset"), {"email": cast.director.email})
        assert response.status_code == 302  # the page never tells whether a mail went out
    assert len(mailoutbox) == 3
    assert AuthEvent.objects.filter(username="directeur_a", kind=AuthEvent.Kind.RESET_MAIL).count() == 3
    # An hour later a new mail may go out.
    AuthEvent.objects.filter(kind=AuthEvent.Kind.RESET_MAIL).update(
        at=timezone.now() - datetime.timedelta(hours=1)
    )
    client.post(reverse("password_reset"), {"email": cast.director.email})
    assert len(mailoutbox) == 4

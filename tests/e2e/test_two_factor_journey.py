"""Issue 12: the second factor cannot be skipped in the browser; setting up a first app still works."""

import re

from playwright.sync_api import expect

from npo_planner.scholen import totp, twofactor
from npo_planner.scholen.models import TwoFactorDevice
from tests.e2e.conftest import assert_accessible, follow, login
from tests.factories import PASSWORD


def _confirmed_device(user):
    device = twofactor.device_start(user=user)
    twofactor.device_confirm(device=device, code=totp.code_at(device.secret, totp.current_step()))
    device.refresh_from_db()
    return device


def test_the_password_alone_does_not_open_the_setup_page_of_a_confirmed_app(page, cast, transactional_db):
    device = _confirmed_device(cast.director)
    page.goto("/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("directeur_a")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    follow(page, page.get_by_role("button", name="Inloggen"))
    expect(page).to_have_url(re.compile(r"/account/inloggen/code/$"))

    page.goto("/account/inloggen/instellen/")  # the attack: the setup page instead of the code page
    expect(page.get_by_role("heading", name="Inlogcode")).to_be_visible()
    assert "/account/inloggen/code/" in page.url
    assert device.secret not in page.content()
    expect(page.get_by_role("img", name="QR-code om de sleutel aan de app toe te voegen")).to_have_count(0)

    page.goto(f"/{cast.school_a.brin}/")  # still not logged in
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    assert TwoFactorDevice.objects.get(pk=device.pk).secret == device.secret


def test_a_first_app_is_set_up_during_login_and_renewing_codes_asks_for_the_password(
    page, cast, transactional_db
):
    login(page, "directeur_a", PASSWORD)  # the setup step, as a new user goes through it
    expect(page.get_by_role("heading", name=re.compile("Overzicht schooljaar"))).to_be_visible()
    assert TwoFactorDevice.objects.get(user=cast.director).confirmed_at is not None

    page.goto("/account/tweestapsverificatie/")
    expect(page.get_by_text("Aan sinds")).to_be_visible()
    assert_accessible(page)
    form = page.locator("form", has=page.get_by_role("button", name="Nieuwe herstelcodes maken"))
    form.get_by_label("Uw wachtwoord (ter bevestiging)").fill("niet-mijn-wachtwoord")
    follow(page, form.get_by_role("button", name="Nieuwe herstelcodes maken"))
    expect(page.get_by_text("Wachtwoord klopt niet.")).to_be_visible()
    form = page.locator("form", has=page.get_by_role("button", name="Nieuwe herstelcodes maken"))
    form.get_by_label("Uw wachtwoord (ter bevestiging)").fill(PASSWORD)
    follow(page, form.get_by_role("button", name="Nieuwe herstelcodes maken"))
    expect(page.get_by_role("heading", name="Uw herstelcodes")).to_be_visible()
    assert not page.js_errors

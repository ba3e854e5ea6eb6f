import re

from playwright.sync_api import expect

from npo_planner.scholen.demo import DEMO_PASSWORD, load_core
from tests.e2e.conftest import assert_accessible, login


def test_demo_director_logs_in_and_sees_own_dashboard_but_not_the_other_school(
    page, live_server, transactional_db
):
    load_core()
    page.goto("/")
    expect(page).to_have_url(re.compile("/account/inloggen/"))
    assert_accessible(page)

    login(page, "directeur", DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"/12AB/$"))
    expect(page.get_by_role("heading", name="Overzicht schooljaar 2021-2022")).to_be_visible()
    expect(page.get_by_text("OBS De Regenboog").first).to_be_visible()
    expect(
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Schoolscan")
    ).to_be_visible()
    assert_accessible(page)
    assert not page.js_errors, page.js_errors

    response = page.goto("/34CD/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Pagina niet gevonden")).to_be_visible()


def test_wrong_password_shows_dutch_error(page, live_server, transactional_db):
    load_core()
    login(page, "directeur", "fout-wachtwoord")
    expect(page.get_by_text("Gebruikersnaam of wachtwoord klopt niet")).to_be_visible()

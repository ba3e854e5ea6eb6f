import re

from npo_planner.scholen.demo import DEMO_PASSWORD, load_core
from tests.e2e.conftest import assert_accessible, login


def test_demo_director_logs_in_and_sees_own_dashboard_but_not_the_other_school(
    page, live_server, transactional_db
):
    load_core()
    page.goto("/")
    assert "/account/inloggen/" in page.url
    assert_accessible(page)

    login(page, "directeur", DEMO_PASSWORD)
    assert re.search(r"/12AB/$", page.url)
    assert page.get_by_role("heading", name="Overzicht schooljaar 2021-2022").is_visible()
    assert page.get_by_text("OBS De Regenboog").first.is_visible()
    assert (
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Schoolscan").is_visible()
    )
    assert_accessible(page)
    assert not page.js_errors, page.js_errors

    response = page.goto("/34CD/")
    assert response.status == 404
    assert page.get_by_role("heading", name="Pagina niet gevonden").is_visible()


def test_wrong_password_shows_dutch_error(page, live_server, transactional_db):
    load_core()
    login(page, "directeur", "fout-wachtwoord")
    assert page.get_by_text("Gebruikersnaam of wachtwoord klopt niet").is_visible()

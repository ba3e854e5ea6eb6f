"""Issue 17 items 5 and 7 in the browser, on the real demo: the teacher's start page (her groups and their
signals, her actions, the parent surveys she types in) and the sociogram a teacher can read."""

import re

from django.core.management import call_command
from playwright.sync_api import expect

from npo_planner.scholen.demo import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, follow, login


def test_the_teacher_starts_from_her_groups_and_reads_the_sociogram(page, live_server, transactional_db):
    call_command("demo", verbosity=0)
    login(page, "leerkracht", DEMO_PASSWORD)
    for heading in ("Mijn groepen", "Mijn acties"):
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    groups = page.locator("section", has=page.get_by_role("heading", name="Mijn groepen"))
    expect(groups.get_by_role("columnheader", name="Leerlingen met een signaal")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="KanVAS").click()
    follow(page, page.get_by_role("link", name="Sociogram"))
    picture = page.get_by_role("img", name=re.compile("Sociogram van groep"))
    expect(picture).to_be_visible()
    assert picture.bounding_box()["width"] >= 600, "large enough to read"
    expect(page.locator("figure.sociogram figcaption")).to_contain_text(
        "geïsoleerd (door niemand positief gekozen)"
    )
    expect(page.get_by_role("columnheader", name="Koos negatief")).to_have_count(0)
    page.get_by_label("Negatieve keuzes tonen").check()
    follow(page, page.get_by_role("button", name="Groep tonen"))
    expect(page.get_by_role("columnheader", name="Koos negatief")).to_be_visible()
    assert_accessible(page)
    assert page.js_errors == []

"""A directeur finds interventions that fit a priority, compares three side by side, opens Kanjertraining, and
sees the school's own doubtful intervention, which the other demo school cannot open."""

import re

from playwright.sync_api import expect

from menukaart import demo as menukaart_demo
from menukaart.models import Intervention
from npo_planner.scholen.demo import DEMO_PASSWORD, load_core
from tests.e2e.conftest import assert_accessible, follow, login


def _demo():
    ctx = load_core()
    menukaart_demo.load(ctx)
    return ctx


def test_director_finds_compares_and_opens_kanjertraining(page, live_server, transactional_db):
    _demo()
    login(page, "directeur", DEMO_PASSWORD)
    page.goto("/12AB/menukaart/")
    expect(page.get_by_role("heading", name="Menukaart", exact=True)).to_be_visible()
    assert_accessible(page)

    # Keuzehulp: this demo has no schoolscan priorities (no scan yet), so the keuzehulp asks its questions.
    follow(page, page.get_by_role("link", name=re.compile("Keuzehulp")))
    expect(page.get_by_role("heading", name="Keuzehulp")).to_be_visible()
    expect(page.get_by_text("Er zijn (nog) geen speerpunten uit de schoolscan")).to_be_visible()
    page.get_by_label("Begrijpend lezen").check()
    page.get_by_label("Voor welke groepen? (bijv. 5-6)").fill("5-6")
    follow(page, page.get_by_role("button", name="Interventies zoeken"))
    first = page.locator(".list-group-item").first
    expect(first).to_contain_text("Begrijpend lezen (leesstrategieën)")
    expect(first).to_contain_text("past bij wens begrijpend lezen groep 5–6; +6 maanden")
    expect(page.locator(".suggestion-reason").nth(2)).to_be_attached()  # at least three suggestions
    assert_accessible(page)

    # Compare three of the suggestions side by side.
    boxes = page.locator("input.compare-box")
    for index in range(3):
        boxes.nth(index).check()
    follow(page, page.get_by_role("button", name="Geselecteerde vergelijken"))
    expect(page.get_by_role("heading", name="Interventies vergelijken")).to_be_visible()
    table = page.get_by_role("table", name="Interventies naast elkaar")
    expect(table.locator("thead th")).to_have_count(3)
    expect(table.get_by_role("rowheader", name="Impact")).to_be_visible()
    assert_accessible(page)

    # Find Kanjertraining with the filters and open it.
    page.goto("/12AB/menukaart/")
    page.get_by_label("Zoeken").fill("Kanjer")
    follow(page, page.get_by_role("button", name="Toepassen"))
    follow(page, page.get_by_role("table").get_by_role("link", name="Kanjertraining"))
    expect(page.get_by_role("heading", name="Kanjertraining", level=1)).to_be_visible()
    expect(page.get_by_text("Effectief volgens sterke aanwijzingen")).to_be_visible()
    expect(page.get_by_text("erkend op 10-12-2015")).to_be_visible()
    expect(page.get_by_text(re.compile("Bron: NJi Databank Effectieve Jeugdinterventies"))).to_be_visible()
    assert_accessible(page)
    assert not page.js_errors, page.js_errors


def test_own_doubtful_intervention_is_marked_and_invisible_to_the_other_school(
    page, live_server, transactional_db
):
    _demo()
    own = Intervention.objects.get(school__brin="12AB", name=menukaart_demo.OWN_NAME)
    login(page, "directeur", DEMO_PASSWORD)
    page.goto("/12AB/menukaart/?origin=eigen")
    expect(page.get_by_text("twijfelachtig").first).to_be_visible()
    follow(page, page.get_by_role("link", name=menukaart_demo.OWN_NAME))
    expect(page.get_by_text("4 punten van de checklist zijn niet helder")).to_be_visible()
    assert_accessible(page)
    follow(page, page.get_by_role("link", name="Menukaart", exact=True).first)
    follow(page, page.get_by_role("link", name="Eigen interventie toevoegen"))
    expect(page.get_by_role("heading", name="Eigen interventie toevoegen")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()  # a different person on the same browser

    login(page, "directeur2", DEMO_PASSWORD)
    response = page.goto(f"/34CD/menukaart/{own.pk}/")
    assert response.status == 404
    page.goto("/34CD/menukaart/")
    expect(page.get_by_role("heading", name="Menukaart", exact=True)).to_be_visible()
    expect(page.get_by_text(menukaart_demo.OWN_NAME)).to_have_count(0)

"""A directeur finds interventions that fit a priority, compares three side by side, opens Kanjertraining, and
sees the school's own doubtful intervention, which the other demo school cannot open. In 2022-2023 the menukaart
shows the edition of 1 April 2022 with the 2021 figures as history, a cost filter finds the very-low-cost items,
and the recognised programmes of goal area C show their NJi level."""

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
    expect(first).to_contain_text("Technieken voor begrijpend lezen")
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


def _row(page, name):
    return page.get_by_role("row").filter(has=page.get_by_role("link", name=name, exact=True))


def test_2022_2023_shows_the_2022_edition_a_cost_filter_and_the_programmes_of_c(
    page, live_server, transactional_db
):
    _demo()
    login(page, "directeur", DEMO_PASSWORD)
    page.goto("/12AB/menukaart/")
    page.get_by_label("Schooljaar").select_option("2022-2023")
    follow(page, page.get_by_role("button", name="Kiezen"))
    expect(page.locator("#edition-note")).to_contain_text("menukaart-editie van 1 april 2022")
    expect(page.locator("#edition-note")).to_contain_text("2022-2023")

    # "Kosten hoogstens 2": feedback and metacognition (the EEF's very low cost), not one-to-one tutoring.
    page.get_by_label("Kosten hoogstens").select_option("2")
    follow(page, page.get_by_role("button", name="Toepassen"))
    feedback = _row(page, "Feedback")
    expect(feedback).to_contain_text("+6 maanden")
    expect(feedback).to_contain_text("Kosten 1 van 5 (zeer laag)")
    expect(feedback).to_contain_text("Eerdere editie (2021): +8 maanden")
    expect(_row(page, "Metacognitie en zelfregulerend leren")).to_be_visible()
    expect(page.get_by_role("link", name="Een-op-een-begeleiding", exact=True)).to_have_count(0)
    assert_accessible(page)

    # The detail page: the 2022 figures with their date, the 2021 figures as history, the cost's own source.
    follow(page, page.get_by_role("link", name="Feedback", exact=True))
    expect(page.get_by_role("heading", name="Feedback", level=1)).to_be_visible()
    expect(page.locator("#figures-source")).to_contain_text("editie van 1-4-2022")
    history = page.get_by_role("table", name="Cijfers van eerdere edities van de menukaart")
    expect(history.get_by_role("row")).to_have_count(2)
    expect(history).to_contain_text("1-1-2021")
    expect(history).to_contain_text("+8 maanden")
    expect(
        page.get_by_text(re.compile("Bron van de kosten: EEF Teaching and Learning Toolkit"))
    ).to_be_visible()
    assert_accessible(page)

    # Goal area C with a recognition: PAD and KiVa with their level; PAD's recognition is due for re-assessment.
    page.goto("/12AB/menukaart/?goal_area=C&nji=erkend")
    pad = _row(page, "PAD (Programma Alternatieve Denkstrategieën)")
    expect(pad).to_contain_text("Effectief volgens sterke aanwijzingen")
    expect(pad).to_contain_text("herbeoordeling nodig")
    kiva = _row(page, "KiVa")
    expect(kiva).to_contain_text("Effectief volgens sterke aanwijzingen")
    expect(kiva).to_contain_text("15-12-2022")
    follow(page, page.get_by_role("link", name="Kanjertraining", exact=True))
    expect(page.get_by_role("heading", name="Volgens de aanbieder")).to_be_visible()
    expect(page.get_by_text(re.compile("geen directe effecten gevonden op pesten"))).to_be_visible()
    assert_accessible(page)
    assert not page.js_errors, page.js_errors

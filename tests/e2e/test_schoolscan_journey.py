"""The directeur fills in the schoolscan section by section; two people editing one section get a conflict."""

import re

from playwright.sync_api import expect

from npo_planner.scholen.demo import DEMO_PASSWORD, load_core
from npo_planner.scholen.roles import Role
from npo_planner.scholen.services import membership_grant, user_get_or_create
from schoolscan import demo
from schoolscan.models import Scan
from tests.e2e.conftest import assert_accessible, follow, login

EXECUTIVE = {
    "Motivatie": "Minder doorzettingsvermogen bij zelfstandig werken.",
    "Werkhouding": "Wisselend na de schoolsluiting.",
    "Aandacht en concentratie": "Korte spanningsboog bij instructie.",
    "Plannen en organiseren": "Weektaak lukt niet zelfstandig in groep 7.",
    "Werkgeheugen": "Niet gemeten; meerstappeninstructies zijn lastig.",
    "Emotieregulatie": "Meer conflicten op het plein.",
}


def _load():
    ctx = load_core()
    demo.load(ctx)
    return ctx


def test_directeur_fills_in_a_section_and_sees_the_progress_change(page, live_server, transactional_db):
    _load()
    login(page, "directeur2", DEMO_PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Schoolscan").click()
    expect(page.get_by_role("heading", name="Schoolscan 2021-2022")).to_be_visible()
    expect(page.get_by_text("1 van 6 onderdelen volledig")).to_be_visible()
    assert_accessible(page)

    row = page.locator("tr[data-section=executief]")
    expect(row.get_by_text("Nog niet volledig")).to_be_visible()
    row.get_by_role("link", name="Invullen").click()
    expect(page.get_by_role("heading", name="4. Executieve functies")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Motivatie").fill(EXECUTIVE["Motivatie"])
    page.get_by_role("button", name="Opslaan als concept").click()
    # A draft may be incomplete: it is saved, and the overview says what is still missing.
    expect(page.get_by_text("Onderdeel 4 (Executieve functies) is opgeslagen.")).to_be_visible()
    expect(row.get_by_text("Nog in te vullen: werkhouding")).to_be_visible()
    expect(page.get_by_text("1 van 6 onderdelen volledig")).to_be_visible()

    follow(page, row.get_by_role("link", name="Invullen"))
    expect(page.get_by_label("Motivatie")).to_have_value(EXECUTIVE["Motivatie"])
    for label, text in EXECUTIVE.items():
        page.get_by_label(label).fill(text)
    page.get_by_role("button", name="Opslaan als concept").click()
    expect(page.get_by_text("2 van 6 onderdelen volledig")).to_be_visible()
    expect(row.get_by_text("Volledig", exact=True)).to_be_visible()
    expect(row.get_by_text("directeur2")).to_be_visible()

    # Invalid input: a Dutch message at the field, nothing saved.
    follow(page, page.locator("tr[data-section=randvoorwaarden]").get_by_role("link", name="Invullen"))
    page.get_by_label("Ziekteverzuim (%)").fill("140")
    page.get_by_role("button", name="Opslaan als concept").click()
    expect(page.get_by_text("Het onderdeel is niet opgeslagen")).to_be_visible()
    expect(page.get_by_text("Vul een percentage van 0 tot en met 100 in.")).to_be_visible()
    assert_accessible(page)
    assert not page.js_errors, page.js_errors


def test_priorities_and_establishing_in_the_browser(page, live_server, transactional_db):
    _load()
    login(page, "directeur2", DEMO_PASSWORD)
    page.goto("/34CD/schoolscan/onderdeel/conclusies/")
    page.get_by_label("Conclusies").fill("Rekenen in de middenbouw eerst.")
    page.get_by_label("Speerpunt (regel 1)").fill("Rekenen middenbouw")
    page.get_by_label("Doelgebied (regel 1)").select_option("B")
    page.get_by_label("Groepen (regel 1)").fill("4-6")
    page.get_by_label("Meetbaar doel (regel 1)").fill("Vertraging rekenen M5 hoogstens 1 maand.")
    page.get_by_role("button", name="Opslaan als concept").click()
    row = page.locator("tr[data-section=conclusies]")
    expect(row.get_by_text("Volledig", exact=True)).to_be_visible()
    scan = Scan.objects.get(school__brin="34CD")
    assert list(scan.priorities.values_list("title", "goal_area", "grades")) == [
        ("Rekenen middenbouw", "B", "4-6")
    ]

    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Schoolscan vaststellen").click()
    expect(page.get_by_text("Vul eerst alle onderdelen volledig in")).to_be_visible()

    assert page.goto("/12AB/schoolscan/afdrukken/").status == 404  # another school's scan
    page.goto("/34CD/")
    follow(page, page.get_by_role("button", name="Uitloggen"))  # else login() below may cut the logout short
    login(page, "directeur", DEMO_PASSWORD)
    page.goto("/12AB/schoolscan/afdrukken/")
    expect(page.get_by_role("heading", name="Schoolscan 2021-2022")).to_be_visible()
    expect(page.get_by_role("heading", name="6. Conclusies en speerpunten")).to_be_visible()
    expect(page.get_by_text("Begrijpend lezen middenbouw")).to_be_visible()
    assert_accessible(page)


def test_two_people_editing_one_section_get_a_conflict_and_nothing_is_lost(
    browser, page, live_server, transactional_db
):
    ctx = _load()
    ib, _created = user_get_or_create(username="ib2", password=DEMO_PASSWORD)
    membership_grant(user=ib, school=ctx.school_b, role=Role.IB)
    other = browser.new_context(
        base_url=live_server.url, locale="nl-NL", viewport={"width": 1280, "height": 900}
    )
    other.set_default_timeout(10_000)
    page2 = other.new_page()
    try:
        login(page, "directeur2", DEMO_PASSWORD)
        login(page2, "ib2", DEMO_PASSWORD)
        section = "/34CD/schoolscan/onderdeel/sociaal-emotioneel/"
        page.goto(section)
        page2.goto(section)  # both have the section open at the same version
        expect(page.get_by_text("Nog geen KanVAS-gegevens")).to_be_visible()

        page2.get_by_label("2. Sociale veiligheidslijst").fill("Welbevinden in groep 6 gedaald (IB'er).")
        page2.get_by_role("button", name="Opslaan als concept").click()
        expect(page2.get_by_text("is opgeslagen")).to_be_visible()

        page.get_by_label("2. Sociale veiligheidslijst").fill("Veiligheidsbeleving stabiel (directeur).")
        page.get_by_role("button", name="Opslaan als concept").click()
        alert = page.get_by_role("alert")
        expect(alert.get_by_text("iemand anders heeft dit onderdeel intussen gewijzigd")).to_be_visible()
        expect(alert.get_by_text(re.compile("ib2 heeft dit onderdeel op .* opgeslagen"))).to_be_visible()
        table = page.get_by_test_id("conflict-table")
        expect(table.get_by_text("Welbevinden in groep 6 gedaald (IB'er).")).to_be_visible()
        expect(table.get_by_text("Veiligheidsbeleving stabiel (directeur).")).to_be_visible()
        expect(page.get_by_label("2. Sociale veiligheidslijst")).to_have_value(
            "Veiligheidsbeleving stabiel (directeur)."
        )
        assert_accessible(page)
        scan = Scan.objects.get(school__brin="34CD")
        assert scan.wellbeing.step_safety == "Welbevinden in groep 6 gedaald (IB'er)."  # nothing overwritten

        # Having seen both, the directeur merges them and saves deliberately.
        page.get_by_label("2. Sociale veiligheidslijst").fill(
            "Welbevinden in groep 6 gedaald (IB'er). Veiligheidsbeleving stabiel (directeur)."
        )
        page.get_by_role("button", name="Opslaan als concept").click()
        expect(page.get_by_text("is opgeslagen")).to_be_visible()
        scan.wellbeing.refresh_from_db()
        assert scan.wellbeing.step_safety.startswith("Welbevinden in groep 6 gedaald (IB'er). Veiligheid")
        assert not page.js_errors, page.js_errors
    finally:
        other.close()


def test_kanvas_summary_appears_in_section_three_once_kanvas_has_data(
    page, live_server, transactional_db, monkeypatch
):
    """The kanvas app is a separate app; its selectors are replaced here by a stand-in with data."""
    from tests.schoolscan.test_selectors import GROUPS, SUMMARY, _fake_kanvas

    _load()
    login(page, "directeur2", DEMO_PASSWORD)
    page.goto("/34CD/schoolscan/onderdeel/sociaal-emotioneel/")
    expect(page.get_by_test_id("kanvas-leeg")).to_be_visible()
    _fake_kanvas(monkeypatch, moments=["2021-najaar", "2022-voorjaar"], groups=GROUPS, summary=SUMMARY)
    page.reload()
    expect(page.get_by_text("Meetmoment 2022-voorjaar, vergeleken met 2021-najaar.")).to_be_visible()
    table = page.get_by_role("table", name="Klassenzorgscore per groep (%)")
    expect(table.get_by_role("row", name="5a").get_by_text("+16,7")).to_be_visible()
    expect(page.get_by_label("1. Klassenzorgscore per groep")).to_be_visible()
    assert_accessible(page)
    # the directeur chooses the moments the scan draws on
    expect(page.get_by_text("Voorstel: het laatste meetmoment")).to_be_visible()
    page.get_by_label("Vergelijken met").select_option("")
    page.get_by_role("button", name="Meetmomenten opslaan").click()
    expect(page.get_by_text("De KanVAS-meetmomenten van de schoolscan zijn opgeslagen.")).to_be_visible()
    expect(page.get_by_text("Gekozen door de directeur.")).to_be_visible()
    expect(page.get_by_text("nog geen eerder meetmoment om mee te vergelijken")).to_be_visible()


def test_directeur_copies_last_years_scan_reviews_it_and_establishes_it(page, live_server, transactional_db):
    _load()
    login(page, "directeur", DEMO_PASSWORD)
    page.goto("/12AB/schoolscan/")
    expect(page.get_by_test_id("scan-status")).to_have_text("Vastgesteld", use_inner_text=True)
    page.get_by_label("Schooljaar").select_option("2022-2023")
    page.get_by_role("button", name="Kiezen").click()
    expect(page.get_by_role("heading", name="Schoolscan 2022-2023")).to_be_visible()
    page.get_by_role("button", name="Scan van 2021-2022 overnemen als start").click()
    expect(page.get_by_text("0 van 6 onderdelen volledig")).to_be_visible()
    assert_accessible(page)
    for number, key in enumerate(
        ["context", "cognitief", "sociaal-emotioneel", "executief", "randvoorwaarden", "conclusies"], start=1
    ):
        follow(page, page.locator(f"tr[data-section={key}]").get_by_role("link", name="Invullen"))
        page.get_by_role("button", name="Opslaan als concept").click()
        expect(page.get_by_text(f"{number} van 6 onderdelen volledig")).to_be_visible()
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Schoolscan vaststellen").click()
    expect(page.get_by_text("De schoolscan is vastgesteld.")).to_be_visible()
    expect(page.get_by_test_id("scan-status")).to_have_text("Vastgesteld", use_inner_text=True)
    follow(page, page.locator("tr[data-section=context]").get_by_role("link", name="Bekijken"))
    expect(page.get_by_text("kan alleen nog gelezen worden")).to_be_visible()
    expect(page.get_by_role("button", name="Opslaan als concept")).to_have_count(0)
    assert not page.js_errors, page.js_errors

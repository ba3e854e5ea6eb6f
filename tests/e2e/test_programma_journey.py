import io
import re
from pathlib import Path

from playwright.sync_api import expect
from pypdf import PdfReader

from npo_planner.scholen.demo import DEMO_PASSWORD, load_core
from tests.e2e.conftest import assert_accessible, download, download_made_in_background, follow, login


def add_item(page, name, area, cost, *, above_school_level=False, check_accessible=False):
    """Add an item on the programme page as the director does: a typed intervention over both school years."""
    follow(page, page.get_by_role("link", name="Interventie toevoegen"))
    if check_accessible:
        assert_accessible(page)
    page.get_by_label("Of: naam van een zelf ingevulde interventie").fill(name)
    page.get_by_label("Doelgebied").select_option(label=area)
    page.get_by_label("Meetbaar doel").fill("75% haalt het niveau van het leerjaar")
    page.get_by_label("Doelgroep (groepen of leerjaren)").fill("5a, 6a")
    page.get_by_label("Start").fill("2021-09-01")
    page.get_by_label("Einde").fill("2023-06-30")
    page.get_by_label("Kosten eerste schooljaar (€)").fill(cost)
    page.get_by_label("Kosten tweede schooljaar (€)").fill("1000")
    page.get_by_label("Verantwoordelijke").fill("IB'er")
    page.get_by_label("Hoe wordt het geëvalueerd").fill("LVS en KanVAS")
    if above_school_level:
        page.get_by_label("Bovenschools besteed (instemming GMR nodig)").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Het onderdeel is opgeslagen.")).to_be_visible()


def record_decision(page, link, consent, remarks):
    follow(page, page.get_by_role("link", name=link))
    assert_accessible(page)
    page.get_by_label(consent).check()
    page.get_by_label("Opmerkingen").fill(remarks)
    page.get_by_role("button", name="Besluit vastleggen").click()


def test_director_builds_programme_mr_consents_director_downloads_pdf(page, live_server, transactional_db):
    load_core()
    login(page, "directeur", DEMO_PASSWORD)
    # follow(): the dashboard has a card headed "Schoolprogramma" too; the heading alone proves no new page.
    follow(page, page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Schoolprogramma"))
    expect(page.get_by_role("heading", name="Schoolprogramma", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Programma aanmaken").click()
    expect(page.get_by_text("Schooljaren 2021-2022 en 2022-2023")).to_be_visible()
    assert_accessible(page)

    for name, area, cost in [
        ("Leesclub", "B – Effectievere inzet van onderwijs", "12000"),
        ("Kanjertraining", "C – Sociaal-emotionele en fysieke ontwikkeling", "8000"),
    ]:
        add_item(page, name, area, cost, check_accessible=name == "Leesclub")
    expect(page.get_by_role("row", name=re.compile("Leesclub"))).to_be_visible()
    expect(page.get_by_text("meer dan er dat jaar beschikbaar")).not_to_be_visible()

    page.get_by_role("button", name="Ter instemming naar de MR sturen").click()
    expect(page.get_by_text("Versie 1 ligt nu ter instemming bij de MR.")).to_be_visible()
    expect(page.get_by_text("Ter instemming", exact=True)).to_be_visible()
    expect(page.get_by_text("wacht op besluit MR", exact=True)).to_be_visible()
    programme_url = page.url

    page.context.clear_cookies()
    login(page, "mr", DEMO_PASSWORD)
    page.goto(programme_url)
    record_decision(
        page, "Besluit van de MR vastleggen", "De MR stemt in", "Akkoord, graag tussenevaluatie in juni."
    )
    expect(page.get_by_text("Het besluit van de MR is vastgelegd.")).to_be_visible()
    expect(page.get_by_text("Vastgesteld").first).to_be_visible()

    page.context.clear_cookies()
    login(page, "directeur", DEMO_PASSWORD)
    page.goto(programme_url)
    page.get_by_role("link", name="Voorbeeld bekijken").click()
    expect(page.get_by_role("heading", name="9. Besluit van de medezeggenschapsraad")).to_be_visible()
    assert_accessible(page)
    page.go_back()
    pdf = download_made_in_background(page, page.get_by_role("link", name="PDF downloaden"))
    assert pdf.suggested_filename.startswith("schoolprogramma-12AB-2021-2022")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(Path(pdf.path()).read_bytes())).pages)
    assert "OBS De Regenboog" in text and "Leesclub" in text and "Instemming" in text
    assert not page.js_errors, page.js_errors


def test_board_member_sees_both_demo_schools_and_downloads_the_csv(page, live_server, transactional_db):
    from npo_planner.programma import demo as programma_demo

    programma_demo.load(load_core())
    login(page, "bestuur", DEMO_PASSWORD)
    page.goto("/bestuur/")
    expect(page.get_by_role("heading", name="Bestuursoverzicht")).to_be_visible()
    status = page.get_by_role("table", name=re.compile("schoolscan, status, MR-besluit"))
    expect(
        status.get_by_role("row", name=re.compile("OBS De Regenboog.*Vastgesteld.*Instemming"))
    ).to_be_visible()
    expect(status.get_by_role("row", name=re.compile("CBS De Wegwijzer.*Concept"))).to_be_visible()
    assert_accessible(page)
    csv = download(page, page.get_by_role("link", name="Besteding per school per doelgebied A–F (CSV)"))
    text = Path(csv.path()).read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("brin;school;schooljaren;status;npo_budget;doelgebied_A")
    assert "12AB;OBS De Regenboog" in text and "34CD;CBS De Wegwijzer" in text
    page.get_by_role("link", name="Bekijken OBS De Regenboog").click()
    expect(page.get_by_role("heading", name="5. Interventies")).to_be_visible()
    assert_accessible(page)
    assert not page.js_errors, page.js_errors


def test_money_above_school_level_needs_the_gmr_whose_consent_the_board_records(
    page, live_server, transactional_db
):
    load_core()
    login(page, "directeur", DEMO_PASSWORD)
    follow(page, page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Schoolprogramma"))
    follow(page, page.get_by_role("button", name="Programma aanmaken"))
    add_item(page, "Leesclub", "B – Effectievere inzet van onderwijs", "12000")
    add_item(
        page,
        "Rekenspecialist van het bestuur",
        "B – Effectievere inzet van onderwijs",
        "9000",
        above_school_level=True,
    )
    expect(
        page.get_by_role("row", name=re.compile("Rekenspecialist van het bestuur.*bovenschools"))
    ).to_be_visible()
    page.get_by_role("button", name="Ter instemming naar de MR en de GMR sturen").click()
    expect(page.get_by_text("Versie 1 ligt nu ter instemming bij de MR en de GMR.")).to_be_visible()
    expect(page.get_by_text("wacht op besluit MR en GMR", exact=True)).to_be_visible()
    assert_accessible(page)
    programme_url = page.url

    page.context.clear_cookies()
    login(page, "mr", DEMO_PASSWORD)
    page.goto(programme_url)
    record_decision(page, "Besluit van de MR vastleggen", "De MR stemt in", "Akkoord.")
    expect(page.get_by_text("Het besluit van de MR is vastgelegd.")).to_be_visible()
    expect(page.get_by_text("Ter instemming", exact=True)).to_be_visible()  # not vastgesteld yet
    expect(page.get_by_text("wacht op besluit GMR", exact=True)).to_be_visible()

    page.context.clear_cookies()
    login(page, "bestuur", DEMO_PASSWORD)
    page.goto("/bestuur/")
    awaiting = page.get_by_role("region", name="Wacht op besluit van de GMR")
    expect(awaiting.get_by_text(re.compile("OBS De Regenboog.*versie 1"))).to_be_visible()
    assert_accessible(page)
    record_decision(
        page, "Besluit van de GMR vastleggen OBS De Regenboog", "De GMR stemt in", "De GMR stemt in."
    )
    expect(
        page.get_by_text(
            "Het besluit van de GMR over het schoolprogramma van OBS De Regenboog is vastgelegd."
        )
    ).to_be_visible()
    expect(page.get_by_text("Er wacht geen schoolprogramma op een besluit van de GMR.")).to_be_visible()

    page.goto(programme_url)
    expect(page.get_by_text("Vastgesteld", exact=True)).to_be_visible()
    decisions = page.get_by_role("table", name="Versies die ter instemming zijn voorgelegd")
    expect(
        decisions.get_by_role("row", name=re.compile(r"Versie 1 .*Instemming .*Instemming"))
    ).to_be_visible()
    assert not page.js_errors, page.js_errors


def test_director_types_an_amount_the_dutch_way_and_sees_it_back(page, live_server, transactional_db):
    """`€ 18.500,00` typed as an item's cost is eighteen thousand five hundred euros, shown as € 18.500,00."""
    load_core()
    login(page, "directeur", DEMO_PASSWORD)
    follow(page, page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Schoolprogramma"))
    page.get_by_role("button", name="Programma aanmaken").click()
    expect(page.get_by_text("Schooljaren 2021-2022 en 2022-2023")).to_be_visible()
    add_item(page, "Leesclub", "B – Effectievere inzet van onderwijs", "€ 18.500,00")
    row = page.get_by_role("row", name=re.compile("Leesclub"))
    expect(row).to_contain_text("€\u00a018.500,00")
    follow(page, row.get_by_role("link", name="Bewerken Leesclub"))
    cost = page.get_by_label("Kosten eerste schooljaar (€)")
    expect(cost).to_have_value("18500,00")
    expect(cost).to_have_attribute("type", "text")  # the browser leaves Dutch input alone
    expect(cost).to_have_attribute("inputmode", "decimal")


def test_saving_without_a_change_keeps_the_consent_and_a_real_change_asks_first(
    page, live_server, transactional_db
):
    from npo_planner.programma import demo as programma_demo

    programma_demo.load(load_core())  # 12AB: consented by the MR and the GMR (version 1)
    login(page, "directeur", DEMO_PASSWORD)
    follow(page, page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Schoolprogramma"))
    expect(page.get_by_text("Vastgesteld", exact=True)).to_be_visible()
    programme_url = page.url

    # Bewerken → Opslaan without changing anything: nothing changes, the consent stays.
    follow(page, page.get_by_role("link", name="Titel en samenvatting bewerken"))
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Er is niets gewijzigd.")).to_be_visible()
    expect(page.get_by_text("Vastgesteld", exact=True)).to_be_visible()
    follow(page, page.get_by_role("link", name=re.compile("^Bewerken Kanjertraining")))
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Er is niets gewijzigd.")).to_be_visible()
    expect(page.get_by_text("Vastgesteld", exact=True)).to_be_visible()
    latest = page.get_by_role("region", name="Laatste besluit: versie 1")  # at the top of the page
    expect(latest.get_by_text(re.compile(r"^MR: Instemming \("))).to_be_visible()

    # A real change is announced on the form and asks first: without the box ticked nothing is saved.
    follow(page, page.get_by_role("link", name="Titel en samenvatting bewerken"))
    notice = page.get_by_role("alert").filter(
        has_text="Deze wijziging trekt de instemming van de MR en de GMR met versie 1 in"
    )
    expect(notice).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Titel").fill("Schoolprogramma NPO, bijgesteld")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Vink aan dat u dat wilt, of annuleer de wijziging.")).to_be_visible()
    assert_accessible(page)
    page.goto(programme_url)
    expect(page.get_by_text("Vastgesteld", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Schoolprogramma NPO, bijgesteld")).to_have_count(0)

    follow(page, page.get_by_role("link", name="Titel en samenvatting bewerken"))
    page.get_by_label("Titel").fill("Schoolprogramma NPO, bijgesteld")
    page.get_by_label("Ja, ik wijzig het programma en trek daarmee de instemming in").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De gegevens zijn opgeslagen.")).to_be_visible()
    expect(page.get_by_role("heading", name="Schoolprogramma NPO, bijgesteld")).to_be_visible()
    expect(page.get_by_text("Concept", exact=True)).to_be_visible()
    expect(latest.get_by_text("geldt niet voor het programma zoals het nu is").first).to_be_visible()
    assert not page.js_errors, page.js_errors

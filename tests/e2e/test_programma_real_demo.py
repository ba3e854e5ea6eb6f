"""The programme in the browser with ALL apps and the real demo (`manage.py demo`): KanVAS, parent survey,
agreements and schoolscan priorities arrive from the real apps; an item is chosen from the keuzehulp's
shortlist."""

import io
import re
from pathlib import Path

from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from npo_planner.scholen.demo import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, download_made_in_background, follow, login


def test_director_sees_the_real_data_in_the_programme_and_picks_from_the_shortlist(
    page, live_server, transactional_db
):
    call_command("demo", stdout=io.StringIO())
    login(page, "directeur", DEMO_PASSWORD)
    page.goto(reverse("programma:index", kwargs={"brin": "12AB"}))
    follow(page, page.get_by_role("link", name="Voorbeeld bekijken"))
    kanvas = page.get_by_role("table", name=re.compile("[Kk]lassenzorgscore per groep"))
    expect(kanvas.get_by_role("row", name=re.compile(r"^6a .*4,0%.*36,0%"))).to_be_visible()
    expect(page.get_by_text("Ouderpeiling Kanjertraining voorjaar 2022").first).to_be_visible()
    expect(
        page.get_by_text(re.compile("Informatieavond per leerjaar over de Kanjertraining")).first
    ).to_be_visible()
    expect(page.get_by_text("Begrijpend lezen middenbouw").first).to_be_visible()
    expect(
        page.get_by_text(re.compile(r"Volgende ouderpeiling \(Ouderpeiling Kanjertraining")).first
    ).to_be_visible()
    assert_accessible(page)
    page.go_back()

    downloaded = download_made_in_background(page, page.get_by_role("link", name="PDF downloaden"))
    pdf = PdfReader(io.BytesIO(Path(downloaded.path()).read_bytes()))
    text = " ".join(p.extract_text() for p in pdf.pages)
    assert "36,0%" in text and "Ouderpeiling Kanjertraining voorjaar 2022" in text
    assert not re.search(r"\bRB\d{3}\b", text)  # no pupil code of the demo
    page.goto(reverse("programma:index", kwargs={"brin": "12AB"}))  # back from the PDF's job page

    follow(page, page.get_by_role("link", name="Interventie toevoegen"))
    choice = page.get_by_label("Interventie uit de menukaart of eigen interventie")
    shortlist = choice.locator("optgroup").first
    expect(shortlist).to_have_attribute("label", "Overwogen in de keuzehulp (dit schooljaar)")
    first = shortlist.locator("option").first
    choice.select_option(value=first.get_attribute("value"))
    page.get_by_label("Prioriteit uit de schoolscan").select_option(label="B – Begrijpend lezen middenbouw")
    page.get_by_label("Meetbaar doel").fill("Hoogstens 25% onder de norm")
    page.get_by_label("Doelgroep (groepen of leerjaren)").fill("5a, 6a")
    page.get_by_label("Verantwoordelijke").fill("IB'er")
    page.get_by_label("Kosten eerste schooljaar (€)").fill("1000")
    page.get_by_label("Kosten tweede schooljaar (€)").fill("0")
    page.get_by_label("Hoe wordt het geëvalueerd").fill("Cito M en E")
    # the demo programme is consented: adding to it withdraws the consent, which the director confirms
    page.get_by_label("Ja, ik wijzig het programma en trek daarmee de instemming in").check()
    assert_accessible(page)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Het onderdeel is opgeslagen.")).to_be_visible()
    assert not page.js_errors, page.js_errors

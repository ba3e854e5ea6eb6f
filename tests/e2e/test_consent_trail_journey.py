"""Issue 18: who must act is told and sees what changed. The directeur sends version 2 of a consented programme;
the MR member's mail is in the outbox, she opens its link, sees what changed since version 1 and consents; the
directeur's mail of the decision arrives."""

import re

from django.core import mail
from playwright.sync_api import expect

from npo_planner.scholen.demo import DEMO_PASSWORD, load_core
from tests.e2e.conftest import assert_accessible, follow, login


def test_mr_member_is_mailed_sees_what_changed_and_consents_directeur_is_mailed(
    page, live_server, transactional_db
):
    from npo_planner.programma import demo as programma_demo

    programma_demo.load(load_core())  # 12AB: version 1 consented by the MR and the GMR
    mail.outbox.clear()
    login(page, "directeur", DEMO_PASSWORD)
    follow(page, page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Schoolprogramma"))
    follow(page, page.get_by_role("link", name=re.compile("^Bewerken Kanjertraining")))
    page.get_by_label("Meetbaar doel").fill("90% van de leerlingen voelt zich veilig in de klas")
    page.get_by_label("Ja, ik wijzig het programma en trek daarmee de instemming in").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Het onderdeel is opgeslagen.")).to_be_visible()
    for box in page.locator("input[name=accepted]").all():
        box.check()
    page.get_by_role("button", name=re.compile("^Ter instemming naar de MR")).click()
    expect(page.get_by_text(re.compile("Versie 2 ligt nu ter instemming"))).to_be_visible()

    to_mr = [m for m in mail.outbox if m.to == ["mr@demo.npo-planner.nl"]]
    assert len(to_mr) == 1, [m.to for m in mail.outbox]
    message = to_mr[0]
    assert (
        message.subject
        == "Versie 2 van het schoolprogramma van OBS De Regenboog wacht op het besluit van de MR"
    )
    assert "- gewijzigd: Kanjertraining" in message.body
    link = re.search(r"http://\S+/besluit/", message.body).group(0)
    path = link.split("//", 1)[1].split("/", 1)[1]
    mail.outbox.clear()

    page.context.clear_cookies()
    login(page, "mr", DEMO_PASSWORD)
    card = page.get_by_text(re.compile("Uw besluit wordt gevraagd: versie 2"))
    expect(card).to_be_visible()
    page.goto("/" + path)
    expect(page.get_by_role("heading", name="Besluit van de MR")).to_be_visible()
    changes = page.get_by_role("region", name=re.compile("Wat is er veranderd sinds versie 1"))
    expect(changes).to_be_visible()
    row = changes.get_by_role("row", name=re.compile("Meetbaar doel"))
    expect(row).to_contain_text("90% van de leerlingen voelt zich veilig in de klas")
    assert_accessible(page)
    page.get_by_label("De MR stemt in").check()
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_text("Het besluit van de MR is vastgelegd.")).to_be_visible()

    (to_directeur,) = mail.outbox
    assert to_directeur.to == ["directeur@demo.npo-planner.nl"]
    assert to_directeur.subject == (
        "Besluit van de MR over versie 2 van het schoolprogramma van OBS De Regenboog: instemming"
    )
    assert "Het besluit van de GMR wordt nog verwacht." in to_directeur.body
    assert not page.js_errors, page.js_errors

"""The IB'er records what an item yields, beside its monitoring; next year's scan starts from it."""

import io
import re

from django.core.management import call_command
from playwright.sync_api import expect

from npo_planner.programma.models import ItemOutcome
from npo_planner.scholen.demo import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, follow, login, new_page


def test_ib_records_an_outcome_and_the_next_scan_starts_from_it(page, browser, live_server, transactional_db):
    call_command("demo", stdout=io.StringIO())
    login(page, "ib", DEMO_PASSWORD)
    page.goto("/12AB/programma/")
    expect(page.get_by_text("Werkt deels").first).to_be_visible()  # the demo's mid-term evaluation
    link = page.get_by_role("link", name=re.compile("^Uitkomst vastleggen")).first
    item_name = link.inner_text().removeprefix("Uitkomst vastleggen").strip()
    follow(page, link)
    expect(page.get_by_role("heading", name=f"Uitkomst van de evaluatie: {item_name}")).to_be_visible()
    expect(page.get_by_role("heading", name="Wat de monitoring laat zien")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Werkt", exact=True).check()
    page.get_by_label("Doorgaan zoals het is").check()
    page.get_by_label("Wat zagen jullie?").fill("RB607 doet nu beter mee.")
    follow(page, page.get_by_role("button", name="Uitkomst opslaan"))
    expect(page.get_by_text("De tekst noemt een leerling ('RB607')")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Wat zagen jullie?").fill(
        "De groepen werken rustiger; de remedial teacher ziet vooruitgang."
    )
    follow(page, page.get_by_role("button", name="Uitkomst opslaan"))
    expect(page.get_by_text(f"De uitkomst van '{item_name}' is opgeslagen.")).to_be_visible()
    expect(page.get_by_role("link", name=f"Uitkomst bijwerken {item_name}")).to_be_visible()
    assert ItemOutcome.objects.filter(item__name=item_name, verdict="werkt").exists()

    director = new_page(browser, live_server)
    try:
        login(director, "directeur", DEMO_PASSWORD)
        director.goto("/12AB/schoolscan/")
        director.get_by_label("Schooljaar").select_option("2022-2023")
        follow(director, director.get_by_role("button", name="Kiezen"))
        card = director.get_by_role(
            "region", name="Wat het schoolprogramma 2021-2022 t/m 2024-2025 opleverde"
        )
        expect(card).to_contain_text("4 van 6 onderdelen geëvalueerd.")
        expect(card.get_by_role("row", name=re.compile("^" + re.escape(item_name)))).to_contain_text(
            "De groepen werken rustiger"
        )
        assert_accessible(director)
        # the refused save answered 400 (a form with errors), which the browser logs; nothing else went wrong
        assert page.js_errors == [
            "Failed to load resource: the server responded with a status of 400 (Bad Request)"
        ]
        assert not director.js_errors
    finally:
        director.context.close()

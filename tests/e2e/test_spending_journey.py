"""The directeur records money spent on the demo programme of 12AB, typed the Dutch way; the budget over the NPO
window shows it with carry-over, without a false over-budget warning."""

import io
from decimal import Decimal

from django.core.management import call_command
from playwright.sync_api import expect

from npo_planner.programma.models import Spending
from npo_planner.scholen.demo import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, follow, login


def test_director_records_a_spending_line(page, live_server, transactional_db):
    call_command("demo", stdout=io.StringIO())
    before = Spending.objects.count()
    login(page, "directeur", DEMO_PASSWORD)
    page.goto("/12AB/programma/")
    expect(
        page.get_by_role("table", name="Het geld per schooljaar, met wat overblijft voor het volgende jaar")
    ).to_be_visible()
    expect(page.get_by_text("meer dan er dat jaar beschikbaar")).not_to_be_visible()
    follow(page, page.get_by_role("link", name="Besteding bijhouden"))
    expect(page.get_by_role("heading", name="Gepland tegenover besteed")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Onderdeel").select_option(index=1)
    page.get_by_label("Datum").fill("2023-05-15")
    page.get_by_label("Bedrag (€)").fill("1.250,5")
    page.get_by_label("Externe inhuur (PNIL)").check()
    page.get_by_label("Omschrijving").fill("Factuur extra leesbegeleiding")
    follow(page, page.get_by_role("button", name="Besteding opslaan"))
    expect(page.get_by_text("is vastgelegd (schooljaar 2022-2023)")).to_be_visible()
    expect(page.get_by_role("cell", name="Factuur extra leesbegeleiding")).to_be_visible()
    assert_accessible(page)
    line = Spending.objects.get(description="Factuur extra leesbegeleiding")
    assert (line.amount, line.external_hire) == (Decimal("1250.50"), True)
    assert Spending.objects.count() == before + 1

    # a wrong number is refused at its field, nothing is stored
    page.get_by_label("Onderdeel").select_option(index=1)
    page.get_by_label("Datum").fill("2023-05-16")
    page.get_by_label("Bedrag (€)").fill("12,5,0")
    follow(page, page.get_by_role("button", name="Besteding opslaan"))
    expect(page.get_by_text("Vul een getal in")).to_be_visible()
    assert Spending.objects.count() == before + 1

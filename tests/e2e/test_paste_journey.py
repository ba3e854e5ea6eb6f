"""A directeur copies rows from Excel (tab-separated text) into the scan's table and the programme's items."""

from decimal import Decimal

from playwright.sync_api import expect

from npo_planner.programma.models import Item, Programme
from npo_planner.scholen.demo import DEMO_PASSWORD, load_core
from schoolscan import demo
from schoolscan.models import CognitiveResult
from tests.e2e.conftest import assert_accessible, follow, login

RESULTS = "Rekenen\t3\tCito M3\tII\t-1,5\t22,5\tDalend\nSpelling\t3\tCito M3\tIII\t\t31\tGelijk\n"


def test_directeur_pastes_cognitive_results_and_programme_items(page, live_server, transactional_db):
    ctx = load_core()
    demo.load(ctx)
    page.set_default_timeout(60_000)  # a shared, busy machine: pages may take longer than the usual 10 s
    login(page, "directeur2", DEMO_PASSWORD)
    page.goto("/34CD/schoolscan/onderdeel/cognitief/")
    before = CognitiveResult.objects.filter(scan__school__brin="34CD").count()
    box = page.get_by_label("Regels uit Excel")
    box.fill("Rekenen\t3\tCito M3\tII\t-1,5\t22,5\tomhoog\n")
    expect(page.get_by_text("1 regels, 7 kolommen")).to_be_visible()  # paste.js counts what is in the box
    assert_accessible(page)
    follow(page, page.get_by_role("button", name="Plakken uit Excel"))
    expect(page.get_by_text("Regel 1, kolom Trend: “omhoog” is geen keuze")).to_be_visible()
    assert CognitiveResult.objects.filter(scan__school__brin="34CD").count() == before

    page.get_by_label("Regels uit Excel").fill(RESULTS)
    follow(page, page.get_by_role("button", name="Plakken uit Excel"))
    expect(page.get_by_text("2 regels geplakt en opgeslagen.")).to_be_visible()
    pasted = CognitiveResult.objects.get(scan__school__brin="34CD", domain="rekenen", grade=3)
    assert (str(pasted.delay_months), str(pasted.share_below_norm), pasted.trend) == (
        "-1.5",
        "22.5",
        "dalend",
    )
    expect(page.locator("input[value='Cito M3']")).to_have_count(2)  # the rows are in the table to edit

    # The programme: rows of interventions with Dutch amounts.
    page.goto("/34CD/programma/")
    if page.get_by_role("button", name="Programma aanmaken").count():
        follow(page, page.get_by_role("button", name="Programma aanmaken"))
    follow(page, page.get_by_role("link", name="Plakken uit Excel"))
    assert_accessible(page)
    page.get_by_label("Regels uit Excel").fill(
        "Naam\tDoelgebied\tMeetbaar doel\tDoelgroep\tKosten 2021-2022 (€)\tVerantwoordelijke\n"
        "Rekentutor\tB\t80% haalt het niveau\tgroep 3\t€ 18.500\tIB'er\n"
    )
    follow(page, page.get_by_role("button", name="Plakken uit Excel"))
    expect(page.get_by_text("1 onderdeel geplakt en opgeslagen.")).to_be_visible()
    item = Item.objects.get(programme__in=Programme.objects.filter(school__brin="34CD"), name="Rekentutor")
    assert item.cost_for("2021-2022") == Decimal("18500.00")
    assert not page.js_errors, page.js_errors

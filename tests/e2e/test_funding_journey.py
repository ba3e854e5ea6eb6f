"""Issue 15 as a user tries it: the demo directeur reads 12AB's budget over four school years with carry-over and
spending, and it says what `npo_budget` prints; the bestuurder's jaarverslag for 2023 says what `npo_verantwoording`
prints; an administrator adds a second funding stream in /beheer/ and the directeur plans a programme with it."""

import io
import re

from django.core.management import call_command
from playwright.sync_api import expect

from npo_planner.programma.models import FundingStream, Programme
from npo_planner.scholen.demo import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, follow, login, new_page

WINDOW = ["2021-2022", "2022-2023", "2023-2024", "2024-2025"]


def command_rows(*args) -> list[list[str]]:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return [line.split(";") for line in out.getvalue().lstrip("\ufeff").splitlines()[1:]]


def dutch(csv_amount: str) -> str:
    """'78484,49' as the page writes it: '€ 78.484,49'."""
    whole, cents = csv_amount.split(",")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return f"{sign}€ {'.'.join(groups)},{cents}"


def cells(row) -> list[str]:
    return [
        re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()
        for text in row.locator("td").all_inner_texts()
    ]


def test_the_demo_budget_over_four_years_is_the_commands_and_a_second_stream_is_planned_with(
    browser, live_server, transactional_db
):
    call_command("demo", stdout=io.StringIO())
    expected = command_rows("npo_budget", "--school", "12AB")
    assert [row[0] for row in expected] == WINDOW

    directeur = new_page(browser, live_server)
    login(directeur, "directeur", DEMO_PASSWORD)
    directeur.goto("/12AB/programma/")
    expect(directeur.get_by_text("Schooljaren 2021-2022 t/m 2024-2025")).to_be_visible()
    table = directeur.get_by_role(
        "table", name="Het geld per schooljaar, met wat overblijft voor het volgende jaar"
    )
    for label, *figures in expected:  # toegekend, uit vorige jaren, gepland, besteed, naar volgend jaar
        row = table.locator("tr", has=directeur.locator(f'th:text-is("{label}")'))
        assert cells(row) == [dutch(f) for f in figures], label
    carried = {row[0]: row[2] for row in expected}
    assert carried["2023-2024"] != "0,00" and carried["2024-2025"] != "0,00"  # money carried over
    expect(directeur.get_by_text("meer dan er dat jaar beschikbaar")).to_have_count(0)  # no false warning
    expect(directeur.get_by_text("meer dan al het geld")).to_have_count(0)
    for label in WINDOW:  # the items' cost per school year
        expect(directeur.get_by_role("columnheader", name=label).first).to_be_visible()
    assert_accessible(directeur)

    bestuur = new_page(browser, live_server)
    login(bestuur, "bestuur", DEMO_PASSWORD)
    bestuur.goto("/bestuur/verantwoording/?jaar=2023")
    accounts = {
        row[0]: row
        for row in command_rows(
            "npo_verantwoording", "--board", "Stichting Samen Leren (demo)", "--year", "2023"
        )
    }
    assert accounts["12AB"][5] != "0,00"  # money spent in calendar year 2023
    row = bestuur.locator("tr", has=bestuur.locator("text=OBS De Regenboog")).first
    text = " ".join(cells(row)).replace("\u00a0", " ")
    assert dutch(accounts["12AB"][5]) in text  # besteed
    assert dutch(accounts["12AB"][6]) in text  # pnil
    bestuur.context.close()

    beheer = new_page(browser, live_server)
    try:
        login(beheer, "beheerder", DEMO_PASSWORD)
        beheer.goto("/beheer/programma/fundingstream/add/")
        beheer.get_by_label("Code").fill("basisvaardigheden")
        beheer.get_by_label("Naam").fill("Subsidie basisvaardigheden")
        beheer.get_by_label("Eerste schooljaar van de bestedingstermijn").fill("2021-2022")
        beheer.get_by_label("Laatste schooljaar van de bestedingstermijn").fill("2022-2023")
        beheer.get_by_label("Doelgebieden waarin verantwoord wordt").fill("ABCDE")
        beheer.locator('input[name="amounts-0-school_year"]').fill("2021-2022")
        for name in ("per_pupil_bo", "per_pupil_sbo", "per_pupil_so"):
            beheer.locator(f'input[name="amounts-0-{name}"]').fill("615,00")
        beheer.locator('input[name="amounts-0-per_unit"]').fill("0")
        follow(beheer, beheer.get_by_role("button", name="Opslaan", exact=True))
        expect(beheer.get_by_text("is met succes toegevoegd")).to_be_visible()
        assert not beheer.js_errors
    finally:
        beheer.context.close()
    stream = FundingStream.objects.get(code="basisvaardigheden")

    follow(directeur, directeur.get_by_role("link", name="Programma met een andere geldstroom maken"))
    directeur.get_by_label("Geldstroom").select_option(label="Subsidie basisvaardigheden")
    directeur.get_by_label("Eerste schooljaar").select_option(label="2021-2022")
    directeur.get_by_label("Laatste schooljaar").select_option(label="2021-2022")
    follow(directeur, directeur.get_by_role("button", name="Programma aanmaken"))
    expect(directeur.get_by_text("geldstroom Subsidie basisvaardigheden")).to_be_visible()
    follow(directeur, directeur.get_by_role("link", name="Interventie toevoegen"))
    directeur.get_by_label("Of: naam van een zelf ingevulde interventie").fill("Leesmethode groep 3")
    directeur.get_by_label("Doelgebied").select_option("B")
    directeur.get_by_label("Meetbaar doel").fill("80% van groep 3 leest in juni op AVI-E3.")
    directeur.get_by_label("Doelgroep (groepen of leerjaren)").fill("3a")
    directeur.get_by_label("Kosten 2021-2022 (€)").fill("€ 12.300")
    directeur.get_by_label("Verantwoordelijke").fill("Taalcoördinator")
    directeur.get_by_label("Hoe wordt het geëvalueerd").fill("AVI in januari en juni")
    follow(directeur, directeur.get_by_role("button", name="Opslaan"))
    expect(directeur.get_by_text("Het onderdeel is opgeslagen.")).to_be_visible()
    programme = Programme.objects.get(school__brin="12AB", stream=stream)
    assert programme.items.get().year_costs == {"2021-2022": "12300.00"}
    assert_accessible(directeur)
    assert not directeur.js_errors
    directeur.context.close()

"""Browser journeys: a teacher types in paper forms by keyboard, a parent answers on a phone, the directeur reads
parents beside team and records an agreement."""

import re

import pytest
from playwright.sync_api import expect

from npo_planner.scholen.demo import DEMO_PASSWORD, load_core
from ouderbetrokkenheid.answers import Filled
from ouderbetrokkenheid.models import Response
from ouderbetrokkenheid.selectors import default_template
from ouderbetrokkenheid.services import response_record, survey_create
from tests.e2e.conftest import assert_accessible, follow, login


@pytest.fixture
def demo_survey(transactional_db):
    ctx = load_core()
    survey = survey_create(
        user=ctx.users["directeur"],
        school=ctx.school_a,
        school_year=ctx.year,
        title="Peiling juni",
        template=default_template(),
    )
    for _ in range(3):
        response_record(
            user=ctx.users["directeur"], survey=survey, filled=Filled(respondent="ouder", answers={"s1": 1})
        )
    return survey


def test_teacher_logs_three_paper_forms_by_keyboard_and_results_update(page, live_server, demo_survey):
    survey = demo_survey
    login(page, "leerkracht", DEMO_PASSWORD)
    results_url = f"/12AB/ouders/peilingen/{survey.pk}/resultaten/"
    page.goto(results_url)
    expect(page.locator("#respondents")).to_contain_text(
        "Respondenten: 3 ouders en 0 teamleden", use_inner_text=True
    )
    first_cell = page.locator("#statements-table tbody tr").first.locator("td").nth(1)
    expect(first_cell).to_have_text("< 5", use_inner_text=True)

    page.goto(f"/12AB/ouders/peilingen/{survey.pk}/invoeren/")
    assert_accessible(page)
    forms = ["44433221" + "4" + "33221133", "3333333" + "22" + "22222222", "4444444" + "" + "33333333"]
    for number, digits in enumerate(forms, start=1):
        # Every form starts with choosing who filled it in (13.3: never kept from the last form): o = ouder.
        expect(page.get_by_label("Ouder", exact=True)).to_be_focused()
        page.keyboard.press("o")
        s1 = page.get_by_label(re.compile(r"^1\. De school organiseert"))
        expect(s1).to_be_focused()
        if number == 3:
            # skip s8 and s9 with Tab: missing answers
            page.keyboard.type(digits[:7])
            page.keyboard.press("Tab")
            page.keyboard.press("Tab")
            page.keyboard.type(digits[7:])
        else:
            page.keyboard.type(digits)
        page.keyboard.type(f"Opmerking {number}")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        expected = f"Ingevoerd: {3 + number} formulieren (ouders {3 + number}, team 0)"
        expect(page.locator("#entry-count")).to_have_text(expected, use_inner_text=True)

    assert (
        Response.objects.filter(survey=survey, source="papier", entered_by__username="leerkracht").count()
        == 3
    )
    third = Response.objects.filter(survey=survey).order_by("-id").first()
    assert not {"s8", "s9"} & set(third.answers)
    assert sum(code[0] == "p" for code in third.answers) == 8

    # A wrongly entered form is corrected; the entry page has the same fields: wait for the correction page.
    follow(page, page.get_by_role("link", name=re.compile(r"Formulier \w+ corrigeren")))
    expect(page.get_by_role("heading", name=f"Formulier {third.public_id} corrigeren")).to_be_visible()
    page.get_by_label(re.compile(r"^1\. De school organiseert")).fill("1")
    follow(page, page.get_by_role("button", name="Correctie opslaan"))
    expect(page.get_by_text(f"Formulier {third.public_id} is gecorrigeerd.")).to_be_visible()
    third.refresh_from_db()  # the answers are fields of the response's own row
    assert third.answers["s1"] == 1

    page.goto(results_url)
    expect(page.locator("#respondents")).to_contain_text(
        "Respondenten: 6 ouders en 0 teamleden", use_inner_text=True
    )
    row = page.locator("#statements-table tbody tr").first
    cells = [c.strip() for c in row.locator("td").all_inner_texts()]
    # s1: 1,1,1 (existing) + 4,3 + 1 (corrected) → 4×1, 1×3, 1×4 of 6
    assert cells[:6] == ["ouders", "6", "66,7", "0,0", "16,7", "16,7"]
    assert_accessible(page)
    assert not page.js_errors, page.js_errors


def test_parent_answers_on_a_phone_once(browser, live_server, demo_survey):
    context = browser.new_context(
        base_url=live_server.url,
        locale="nl-NL",
        viewport={"width": 375, "height": 740},
        is_mobile=True,
        has_touch=True,
    )
    phone = context.new_page()
    phone.goto(f"/peiling/{demo_survey.token}/")
    expect(phone.get_by_role("heading", name="Peiling juni")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(phone)
    phone.get_by_label("Bovenbouw (groep 7-8)").check()
    phone.get_by_role("group", name=re.compile(r"^1\. De school organiseert")).get_by_label(
        "4 mee eens"
    ).check()
    phone.get_by_role("group", name=re.compile(r"^8\. Een aantal keer per jaar foto")).get_by_label(
        "3 belangrijk"
    ).check()
    phone.get_by_label("Toelichting, ideeën of suggesties").fill("Graag meer foto's via de app")
    phone.get_by_role("button", name="Versturen").click()
    expect(phone.get_by_role("heading", name="Bedankt voor het invullen!")).to_be_visible()
    online = Response.objects.get(survey=demo_survey, source="online")
    assert online.bovenbouw and online.remark == "Graag meer foto's via de app"
    phone.goto(f"/peiling/{demo_survey.token}/")
    expect(phone.get_by_role("heading", name="U heeft deze vragenlijst al ingevuld")).to_be_visible()
    context.close()


def test_directeur_reads_demo_results_and_records_an_agreement(page, live_server, transactional_db):
    from npo_planner.scholen.demo import load_core as core
    from ouderbetrokkenheid import demo

    ctx = core()
    demo.load(ctx)
    login(page, "directeur", DEMO_PASSWORD)
    page.goto("/12AB/ouders/")
    assert_accessible(page)
    follow(page, page.get_by_role("link", name=re.compile(r"^Resultaten")).first)
    expect(page.locator("#respondents")).to_contain_text(
        "Respondenten: 60 ouders en 20 teamleden", use_inner_text=True
    )
    options = page.locator("#options-table")
    expect(options.get_by_role("cell").first).to_be_attached()
    assert_accessible(page)
    page.get_by_label("Bouw").select_option("bovenbouw")
    follow(page, page.get_by_role("button", name="Toon"))
    assert "bovenbouw" in page.url
    survey_id = re.search(r"peilingen/(\d+)/", page.url)[1]
    for path in (
        f"/12AB/ouders/peilingen/{survey_id}/",
        f"/12AB/ouders/peilingen/{survey_id}/opmerkingen/",
        f"/12AB/ouders/peilingen/{survey_id}/formulieren/",
        f"/12AB/ouders/peilingen/{survey_id}/importeren/",
        "/12AB/ouders/sjablonen/",
        "/12AB/ouders/peilingen/nieuw/",
    ):
        page.goto(path)
        assert_accessible(page)
    page.goto("/12AB/ouders/sjablonen/")
    follow(page, page.get_by_role("link", name=re.compile("standaard", re.I)).first)
    assert_accessible(page)
    page.get_by_role("button", name="Kopie maken").click()
    expect(page.get_by_role("heading", name=re.compile("Sjabloon bewerken"))).to_be_visible()
    assert_accessible(page)
    page.goto("/12AB/ouders/afspraken/nieuw/")
    page.get_by_label("Wat").fill("Ouders doen één keer per jaar mee met een Kanjerles")
    page.get_by_label("Onderbouw (groep 1-3)").check()
    page.get_by_label("Hoe vaak").select_option("jaarlijks")
    page.get_by_label("Wie").fill("Leerkrachten van de onderbouw")
    page.get_by_label("Met ingang van").fill("2022-10-01")
    page.get_by_role("button", name="Opslaan").click()
    expect(
        page.get_by_role("cell", name="Ouders doen één keer per jaar mee met een Kanjerles", exact=True)
    ).to_be_visible()
    assert_accessible(page)
    assert not page.js_errors, page.js_errors


def test_directeur_adds_an_own_theme_renames_it_tags_a_remark_and_removes_it(
    page, live_server, transactional_db
):
    from npo_planner.scholen.demo import load_core as core
    from ouderbetrokkenheid import demo
    from ouderbetrokkenheid.models import SchoolTheme

    ctx = core()
    demo.load(ctx)
    survey = ctx.school_a.surveys.filter(responses__remark__gt="").distinct().first()
    login(page, "directeur", DEMO_PASSWORD)
    page.goto(f"/12AB/ouders/peilingen/{survey.pk}/opmerkingen/")
    page.get_by_role("link", name="Eigen thema's").click()
    expect(page.get_by_role("heading", name="Eigen thema's voor opmerkingen")).to_be_visible()
    expect(page.get_by_role("cell", name="Gesprek zonder kind", exact=True)).to_be_visible()  # the demo's own
    assert_accessible(page)
    page.get_by_label("Naam van het thema").fill("Verkeer rond school")
    page.get_by_label("Trefwoorden (niet verplicht)").fill("verkeer, parkeren")
    page.get_by_role("button", name="Thema toevoegen").click()
    expect(page.get_by_role("cell", name="Verkeer rond school", exact=True)).to_be_visible()

    follow(page, page.get_by_role("link", name="Wijzigen Verkeer rond school"))
    assert_accessible(page)
    page.get_by_label("Naam van het thema").fill("Verkeersveiligheid")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("cell", name="Verkeersveiligheid", exact=True)).to_be_visible()

    follow(page, page.get_by_role("link", name=re.compile("^Terug naar de opmerkingen")))
    first = page.get_by_label("Thema van opmerking 1", exact=True)
    options = first.locator("option").all_inner_texts()
    assert (
        options.index("Tevreden zoals het gaat")
        < options.index("Gesprek zonder kind")
        < options.index("Verkeersveiligheid")
        < options.index("Overig")
    )
    first.select_option(label="Verkeersveiligheid")
    page.get_by_role("button", name="Thema's opslaan").click()
    expect(
        page.get_by_role("row", name=re.compile(r"^Verkeersveiligheid 1 0 1|^Verkeersveiligheid 0 1 1"))
    ).to_be_visible()
    assert_accessible(page)

    follow(page, page.get_by_role("link", name="Eigen thema's"))
    follow(page, page.get_by_role("link", name="Verwijderen Verkeersveiligheid"))
    expect(page.locator("#theme-use")).to_contain_text("1 opmerking heeft dit thema", use_inner_text=True)
    assert_accessible(page)
    page.get_by_role("button", name="Thema verwijderen").click()
    expect(page.get_by_text("1 opmerking heeft nu het thema 'Overig'")).to_be_visible()
    expect(page.get_by_role("cell", name="Verkeersveiligheid", exact=True)).to_have_count(0)
    expect(page.get_by_role("cell", name="Gesprek zonder kind", exact=True)).to_be_visible()
    assert list(SchoolTheme.objects.values_list("label", flat=True)) == ["Gesprek zonder kind"]
    assert not page.js_errors, page.js_errors


def test_a_team_form_typed_with_tab_over_the_parents_only_statements_stores_exactly_what_was_typed(
    page, live_server, demo_survey
):
    """Issue 13.3: Tab over the parents-only statements of a team form used to shift the option answers two places
    and put digits into the remark; and the next form silently stayed a team form."""
    survey = demo_survey
    login(page, "leerkracht", DEMO_PASSWORD)
    page.goto(f"/12AB/ouders/peilingen/{survey.pk}/invoeren/")
    page.get_by_label("Teamlid").check()
    page.get_by_label(re.compile(r"^1\. De school organiseert")).focus()
    page.keyboard.type("1234123")  # s1-s7
    page.keyboard.press("Tab")  # s8: parents only, left empty on a team form
    page.keyboard.press("Tab")  # s9: idem
    page.keyboard.type("12312312")  # p1-p8
    page.keyboard.type("Werkdruk")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#entry-count")).to_have_text(
        "Ingevoerd: 4 formulieren (ouders 3, team 1)", use_inner_text=True
    )
    team = Response.objects.get(survey=survey, respondent="team")
    assert team.answers == {
        **{f"s{n}": int(d) for n, d in enumerate("1234123", start=1)},
        **{f"p{n}": int(d) for n, d in enumerate("12312312", start=1)},
    }
    assert team.remark == "Werkdruk"

    # The next form is nobody's until chosen: the keyboard chooses (o = ouder, t = teamlid) and goes to s1.
    parent = page.get_by_label("Ouder", exact=True)
    expect(parent).not_to_be_checked()
    expect(page.get_by_label("Teamlid")).not_to_be_checked()
    expect(parent).to_be_focused()
    page.keyboard.press("o")
    expect(parent).to_be_checked()
    expect(page.get_by_label(re.compile(r"^1\. De school organiseert"))).to_be_focused()
    page.keyboard.type("444444444" + "33333333")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#entry-count")).to_have_text(
        "Ingevoerd: 5 formulieren (ouders 4, team 1)", use_inner_text=True
    )

    # A team form: a digit typed on a parents-only statement is refused there instead of moving on.
    page.keyboard.press("t")
    page.keyboard.type("2222222")
    s8 = page.locator("#id_s8")
    expect(s8).to_be_focused()
    page.keyboard.type("3")
    expect(s8).to_have_value("")
    expect(s8).to_be_focused()
    expect(page.get_by_text("Alleen voor ouders: druk Tab").first).to_be_visible()
    assert not page.js_errors, page.js_errors


def test_replacing_a_file_in_the_browser_keeps_typed_and_online_answers(
    page, live_server, demo_survey, tmp_path
):
    """Issue 13.2: 'vervangen' used to remove the forms a teacher typed in and the parents' online answers."""
    from ouderbetrokkenheid.importers import responses_import
    from tests.ouderbetrokkenheid.test_importers import csv_bytes, row

    survey = demo_survey  # 3 paper forms typed in
    responses_import(
        user=None,
        school=survey.school,
        year_label=survey.school_year.label,
        title=survey.title,
        data=csv_bytes([row()] * 2),
        filename="eerste.csv",
        add=True,
    )
    response_record(
        user=None, survey=survey, filled=Filled(respondent="ouder", answers={"s2": 1}), source="online"
    )
    new_file = tmp_path / "tweede.csv"
    new_file.write_bytes(csv_bytes([row("team", s=["2"] * 7 + ["", ""])] * 4))

    login(page, "directeur", DEMO_PASSWORD)
    page.goto(f"/12AB/ouders/peilingen/{survey.pk}/")
    follow(page, page.get_by_role("link", name="Bestand inlezen"))
    expect(page.locator("#existing-answers")).to_have_text(
        "Deze peiling heeft nu 2 antwoorden uit eerdere bestanden, 3 papieren en 1 online antwoorden.",
        use_inner_text=True,
    )
    assert_accessible(page)
    page.get_by_label("Bestand (.csv of .xlsx)").set_input_files(str(new_file))
    page.get_by_role("radio", name=re.compile("^Antwoorden uit eerdere bestanden vervangen")).check()
    follow(page, page.get_by_role("button", name="Controleren"))
    expect(page.locator("#import-effect")).to_have_text(
        "2 antwoorden uit eerdere bestanden worden vervangen; 3 papieren en 1 online antwoorden blijven.",
        use_inner_text=True,
    )
    expect(page.locator("#import-preview")).to_contain_text(
        "Het bestand bevat 4 vragenlijsten (0 van ouders, 4 van het team).", use_inner_text=True
    )
    assert_accessible(page)
    assert survey.responses.count() == 6  # nothing written before the confirmation
    follow(page, page.get_by_role("button", name="Inlezen", exact=True))
    expect(page.get_by_text("4 vragenlijsten ingelezen in 'Peiling juni'.")).to_be_visible()
    assert sorted(survey.responses.values_list("source", "respondent")) == [
        *[("bestand", "team")] * 4,
        ("online", "ouder"),
        *[("papier", "ouder")] * 3,
    ]
    assert not page.js_errors, page.js_errors


def test_directeur_maps_a_forms_export_once_and_reads_it_in(page, live_server, demo_survey, tmp_path):
    """Issue 16.3: a Microsoft-Forms-style export with its own respondent question and word; the directeur maps
    the column and the word once, sees which columns are ignored, and reads it in."""
    from npo_planner.scholen.models import ImportMapping
    from tests.ouderbetrokkenheid.test_form_exports import demo_rows, forms_file

    survey = demo_survey  # 3 paper forms typed in
    data, personal = forms_file(respondent_header="Wie vult dit in?", team_word="Leerkracht")
    upload = tmp_path / "forms.csv"
    upload.write_bytes(data)

    login(page, "directeur", DEMO_PASSWORD)
    page.goto(f"/12AB/ouders/peilingen/{survey.pk}/importeren/")
    page.get_by_label("Bestand (.csv of .xlsx)").set_input_files(str(upload))
    page.get_by_role("radio", name=re.compile("^Toevoegen")).check()
    page.get_by_role("button", name="Controleren").click()  # sent with progress; the page's main is replaced
    expect(page.locator("#import-mapping")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Kolom voor respondent").select_option("wie vult dit in?")
    follow(page, page.get_by_role("button", name="Koppeling bewaren en opnieuw controleren"))
    page.get_by_label("Betekenis van 'Leerkracht'").select_option("team")
    follow(page, page.get_by_role("button", name="Koppeling bewaren en opnieuw controleren"))
    expect(page.locator("#import-ignored")).to_contain_text("id, begintijd, tijd van voltooien")
    expect(page.locator("#import-personal")).to_contain_text("e-mail, naam")
    assert_accessible(page)
    follow(page, page.get_by_role("button", name="Inlezen", exact=True))
    expect(page.get_by_text(f"{len(demo_rows())} vragenlijsten ingelezen in 'Peiling juni'.")).to_be_visible()
    assert survey.responses.filter(source="bestand").count() == len(demo_rows())
    assert ImportMapping.objects.get(school=survey.school, kind="ouderpeiling").values == {
        "Leerkracht": "team"
    }
    assert not survey.responses.filter(remark__in=personal).exists()
    assert not page.js_errors, page.js_errors


ROWS = 25_000  # 1.1 MB: over the 1 MB from which a file is written in the background


def test_a_large_survey_file_is_written_in_the_background_with_progress(
    page, live_server, demo_survey, tmp_path, monkeypatch
):
    """Issue 21.1 / 19.3: a survey file over 1 MB is checked once, confirmed, and written by the background worker
    while the page shows its progress, then the result with the way to the results."""
    import threading

    from django.core.management import call_command
    from django.db import connection
    from django_tasks_db.management.commands.db_worker import Worker

    from ouderbetrokkenheid import importers
    from tests.ouderbetrokkenheid.test_chart_warming import survey_file

    page.context.set_default_timeout(
        30_000
    )  # over 1 MB goes up and is checked: more than 10 s on a busy machine
    survey = demo_survey  # 3 paper forms typed in
    path = tmp_path / "peiling_groot.csv"
    path.write_bytes(survey_file(ROWS))
    assert path.stat().st_size > 1_000_000

    # The writer waits until the browser has shown that it is writing: the progress is seen, not guessed.
    progress_seen, real = threading.Event(), importers.write_responses

    def writer_that_waits(survey_id, responses):
        assert progress_seen.wait(60), "the page never showed the writing step"
        real(survey_id, responses)

    monkeypatch.setattr(importers, "write_responses", writer_that_waits)
    for method in ("configure_signals", "reset_signals"):  # the worker runs in a thread of this process
        monkeypatch.setattr(Worker, method, lambda self: None)

    login(page, "directeur", DEMO_PASSWORD)
    page.goto(f"/12AB/ouders/peilingen/{survey.pk}/importeren/")
    page.get_by_label("Bestand (.csv of .xlsx)").set_input_files(str(path))
    page.get_by_role("radio", name=re.compile("^Toevoegen")).check()
    follow(page, page.get_by_role("button", name="Controleren"))
    expect(page.locator("#import-preview")).to_contain_text(f"Het bestand bevat {ROWS} vragenlijsten")
    expect(page.get_by_text("op de achtergrond opgeslagen")).to_be_visible()
    follow(page, page.get_by_role("button", name="Inlezen", exact=True))

    status = page.locator("#job-status")
    expect(status).to_contain_text("wacht op zijn beurt")
    assert_accessible(page)
    assert survey.responses.count() == 3

    def worker():  # what `manage.py db_worker` does in production, in a thread with its own connection
        try:
            call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
        finally:
            connection.close()

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        expect(status).to_contain_text("De gegevens worden opgeslagen (stap 2 van 2)", timeout=30_000)
        progress_seen.set()
        expect(status).to_contain_text(
            f"peiling_groot.csv is ingelezen: {ROWS} rijen opgeslagen.", timeout=60_000
        )
    finally:
        progress_seen.set()
        thread.join(120)
    assert survey.responses.filter(source="bestand").count() == ROWS
    follow(page, page.get_by_role("link", name="Naar de resultaten"))
    expect(page).to_have_url(re.compile(rf"/peilingen/{survey.pk}/resultaten/"))
    assert not page.js_errors, page.js_errors

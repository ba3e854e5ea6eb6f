"""The IB'er's KanVAS journey in the browser: import the demo files, see the rising group, drill down to the pupil
who stands out, mark the pupil for a talk with the parents, find the pupil who fell out of the sociogram."""

import re

from playwright.sync_api import expect

from kanvas.demo import DEMO_DIR
from kanvas.models import FollowUp, Response
from npo_planner.scholen.demo import DEMO_PASSWORD, load_core
from tests.e2e.conftest import assert_accessible, follow, login


def upload(page, filename, kind_label):
    page.goto("/12AB/kanvas/inlezen/")
    page.get_by_label(kind_label).check()
    page.get_by_label("Bestand (.csv of .xlsx)").set_input_files(str(DEMO_DIR / filename))
    page.get_by_role(
        "button", name="Bestand controleren"
    ).click()  # sent with a progress bar (static/js/app.js)
    expect(page.get_by_role("heading", name=f"Controle van {filename}")).to_be_visible()


def test_ib_imports_demo_files_and_drills_down_to_a_pupil(page, live_server, transactional_db, tmp_path):
    load_core()
    login(page, "ib", DEMO_PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="KanVAS").click()
    expect(page.get_by_text("Er zijn nog geen KanVAS-resultaten ingelezen")).to_be_visible()

    # A malformed file is refused with row numbers and nothing is written.
    bad = tmp_path / "kanvas_fout.csv"
    bad.write_text(
        "leerling;groep;meetmoment;vragenlijst;vraag;antwoord\nRB501;5a;2021-najaar;leerling;L01;9\n"
    )
    follow(page, page.get_by_role("link", name="Bestanden inlezen"))
    page.get_by_label("Bestand (.csv of .xlsx)").set_input_files(str(bad))
    page.get_by_role("button", name="Bestand controleren").click()
    expect(
        page.get_by_text("rij 2, kolom antwoord: waarde '9': een antwoord ligt tussen 1 en 4.")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Bevestigen en opslaan")).to_have_count(0)
    assert_accessible(page)
    assert Response.objects.count() == 0

    for moment in ("2021-najaar", "2022-voorjaar"):
        upload(page, f"kanvas_{moment}.csv", "KanVAS-antwoorden")
        expect(page.get_by_text(f"{moment} (schooljaar 2021-2022)")).to_be_visible()
        assert_accessible(page)
        page.get_by_role("button", name="Bevestigen en opslaan").click()
        expect(page.get_by_text(f"kanvas_{moment}.csv is ingelezen")).to_be_visible()
        upload(page, f"sociogram_{moment}.csv", "Sociogram")
        page.get_by_role("button", name="Bevestigen en opslaan").click()
        expect(page.get_by_text(f"sociogram_{moment}.csv is ingelezen")).to_be_visible()

    # The overview: group 6a rose, highlighted.
    expect(page.get_by_role("heading", name="KanVAS: klassenzorgscore per groep")).to_be_visible()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Groep 6a"))
    expect(row.locator(".highlight-change").first).to_be_visible()
    expect(row).to_contain_text("opvallende verandering", use_inner_text=True)
    assert_accessible(page)

    page.get_by_role("link", name="Groep 6a").click()
    expect(page.get_by_role("heading", name="Groep 6a (2021-2022)")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="RB607").click()
    expect(page.get_by_role("heading", name=re.compile("Leerling RB607"))).to_be_visible()
    expect(page.get_by_role("heading", name="Ongelukkig/sombere gevoelens (OS)")).to_be_visible()
    expect(
        page.get_by_role("cell", name="Ik voel me vaak verdrietig.")
        .or_(page.get_by_role("rowheader", name="Ik voel me vaak verdrietig."))
        .first
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Actie").select_option(label="Ouders betrekken")
    page.get_by_label("Eigenaar").select_option(label="ib")
    page.get_by_label("Notitie").fill("Gesprek met ouders: somber en onrustig sinds januari.")
    page.get_by_role("button", name="Vervolgactie vastleggen").click()
    expect(page.get_by_text("De vervolgactie is vastgelegd.")).to_be_visible()
    followup = FollowUp.objects.get()
    assert followup.pupil.code == "RB607" and followup.action == "ouders"

    follow(page, page.get_by_role("link", name="KanVAS").first)
    follow(page, page.get_by_role("link", name="Sociogram"))
    changed = page.locator("#anders-gewaardeerd")
    expect(changed.get_by_role("link", name="RB607")).to_be_visible()
    expect(changed).to_contain_text("krijgt geen positieve keuzes meer", use_inner_text=True)
    expect(page.get_by_role("img", name=re.compile("Sociogram van groep"))).to_be_visible()
    assert_accessible(page)

    follow(page, page.get_by_role("link", name="Sociale veiligheid"))
    # The Inspectie duty is met only with a validated instrument; the school records which one it used.
    expect(page.get_by_text("Niet aangetoond")).to_be_visible()
    page.get_by_label("Meting", exact=True).select_option("2022-voorjaar")
    page.get_by_label("Waarmee zijn deze gegevens verzameld?").select_option(
        label="KanVAS Sociale Veiligheidslijst (gevalideerd)"
    )
    page.get_by_role("button", name="Vastleggen").click()
    expect(page.get_by_text("Het instrument van de meting is vastgelegd.")).to_be_visible()
    expect(page.get_by_text("Gedaan")).to_be_visible()
    expect(page.locator("#instrumenten")).to_contain_text("2022-voorjaar: KanVAS Sociale Veiligheidslijst")
    # The share of bullied pupils per group, and from 6a's figure to the pupils behind it.
    six = page.locator("#veiligheid").get_by_role("row").filter(has=page.get_by_role("link", name="Groep 6a"))
    expect(six).to_contain_text("24,0")
    assert_accessible(page)
    follow(page, six.get_by_role("link", name="Gepeste leerlingen van groep 6a"))
    expect(page.get_by_role("heading", name="Sociale veiligheid groep 6a, 2022-voorjaar")).to_be_visible()
    bullied = page.locator("#leerlingen-veiligheid")
    expect(bullied.get_by_role("rowheader")).to_have_count(6)
    standout = bullied.get_by_role("row").filter(has=page.get_by_role("link", name="RB607"))
    expect(standout).to_contain_text("V17 Ik word gepest.: regelmatig (3)", use_inner_text=True)
    assert_accessible(page)
    follow(page, standout.get_by_role("link", name="RB607"))
    expect(page.get_by_role("heading", name=re.compile("Leerling RB607"))).to_be_visible()
    follow(page, page.get_by_role("link", name="KanVAS").first)
    follow(page, page.get_by_role("link", name="Vervolgacties"))
    expect(page.get_by_role("link", name="RB607")).to_be_visible()
    assert_accessible(page)
    assert not page.js_errors, page.js_errors


def test_the_upload_shows_its_progress_until_the_server_answers(page, live_server, transactional_db):
    load_core()
    login(page, "ib", DEMO_PASSWORD)
    held = []

    def hold_the_upload(route):
        if route.request.method == "POST":
            held.append(route)  # answered below, after the page has been looked at
        else:
            route.continue_()

    page.route("**/12AB/kanvas/inlezen/", hold_the_upload)
    page.goto("/12AB/kanvas/inlezen/")
    status = page.locator("#import-voortgang")
    expect(status).to_be_hidden()
    page.get_by_label("KanVAS-antwoorden").check()
    page.get_by_label("Bestand (.csv of .xlsx)").set_input_files(str(DEMO_DIR / "kanvas_2021-najaar.csv"))
    page.get_by_role("button", name="Bestand controleren").click()
    expect(status).to_be_visible()
    expect(status).to_have_attribute("role", "status")
    expect(status).to_contain_text(re.compile(r"Bestand versturen: \d+ %|Het bestand wordt gecontroleerd"))
    expect(page.get_by_role("button", name="Bestand controleren")).to_be_disabled()
    held[0].continue_()
    expect(page.get_by_role("heading", name="Controle van kanvas_2021-najaar.csv")).to_be_visible()
    status = page.locator("#opslaan-voortgang")
    expect(status).to_be_hidden()
    page.get_by_role("button", name="Bevestigen en opslaan").click()
    expect(page.get_by_text("kanvas_2021-najaar.csv is ingelezen")).to_be_visible()
    assert Response.objects.filter(participation__moment__label="2021-najaar").exists()


def test_replacing_one_group_through_the_import_page_leaves_the_other_groups(
    page, live_server, transactional_db, tmp_path
):
    load_core()
    login(page, "ib", DEMO_PASSWORD)
    upload(page, "kanvas_2022-voorjaar.csv", "KanVAS-antwoorden")
    page.get_by_role("button", name="Bevestigen en opslaan").click()
    expect(page.get_by_text("kanvas_2022-voorjaar.csv is ingelezen")).to_be_visible()

    # A corrected file with only group 7a's pupil questionnaires, one pupil fewer.
    lines = (DEMO_DIR / "kanvas_2022-voorjaar.csv").read_text(encoding="utf-8").splitlines()
    rows = [line for line in lines[1:] if ";7a;" in line and ";leerling;" in line]
    dropped = rows[0].split(";")[0]
    corrected = tmp_path / "kanvas_7a_gecorrigeerd.csv"
    corrected.write_text(
        "\n".join([lines[0], *(r for r in rows if not r.startswith(f"{dropped};"))]) + "\n", encoding="utf-8"
    )
    page.goto("/12AB/kanvas/inlezen/")
    page.get_by_label("KanVAS-antwoorden").check()
    page.get_by_label("Bestand (.csv of .xlsx)").set_input_files(str(corrected))
    page.get_by_label("Bestaande gegevens van de groepen in dit bestand vervangen").check()
    page.get_by_role("button", name="Bestand controleren").click()
    summary = page.locator("#vervangen")
    expect(summary).to_contain_text(
        "Vervangen: 7a leerling-vragenlijst 2022-voorjaar: 25 ingevulde vragenlijsten worden vervangen door 24"
    )
    expect(summary).to_contain_text(
        "6a leerling-vragenlijst 2022-voorjaar: 25 ingevulde vragenlijsten blijven staan"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Bevestigen en opslaan").click()
    expect(page.get_by_text("kanvas_7a_gecorrigeerd.csv is ingelezen")).to_be_visible()

    per_group = {}
    for name, code in Response.objects.filter(participation__moment__label="2022-voorjaar").values_list(
        "participation__group__name", "questionnaire__code"
    ):
        per_group[(name, code)] = per_group.get((name, code), 0) + 1
    assert {g: per_group[(g, "leerling")] for g in ("5a", "6a", "7a", "8a")} == {
        "5a": 25,
        "6a": 25,
        "7a": 24,
        "8a": 25,
    }
    assert per_group[("7a", "docent")] == 25, "other questionnaires of the group stay"
    assert not page.js_errors, page.js_errors


def test_ib_imports_a_wide_export_in_the_browser(page, live_server, transactional_db, tmp_path):
    """Issue 16.2: the demo file in the wide layout (a column per item) is read without a mapping and stores
    exactly what the long file holds."""
    from tests.kanvas.helpers import stored_answers

    load_core()
    lines = (DEMO_DIR / "kanvas_2021-najaar.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    wide: dict[tuple[str, str, str, str], dict[str, str]] = {}
    expected = set()
    for line in lines:
        code, group, moment, questionnaire, item, answer = line.split(";")
        wide.setdefault((code, group, moment, questionnaire), {})[item] = answer
        expected.add((moment, code, questionnaire, item, int(answer) if answer else None))
    items = sorted({item for answers in wide.values() for item in answers})
    rows = [";".join(["leerling", "groep", "meetmoment", "vragenlijst", *items])]
    rows += [";".join([*key, *(answers.get(item, "") for item in items)]) for key, answers in wide.items()]
    path = tmp_path / "kanvas_breed.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")

    login(page, "ib", DEMO_PASSWORD)
    page.goto("/12AB/kanvas/inlezen/")
    page.get_by_label("KanVAS-antwoorden").check()
    page.get_by_label("Bestand (.csv of .xlsx)").set_input_files(str(path))
    page.get_by_role("button", name="Bestand controleren").click()
    expect(page.get_by_role("heading", name="Controle van kanvas_breed.csv")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Bevestigen en opslaan").click()
    expect(page.get_by_text("kanvas_breed.csv is ingelezen")).to_be_visible()
    assert set(stored_answers()) == expected
    assert not page.js_errors, page.js_errors

"""Issue 16 item 1 in the browser: a KanVAS export whose pupil column has its own name goes through the mapping
step once (file column → field), is previewed and written; the school's next file of that kind skips the step."""

from playwright.sync_api import expect

from kanvas.demo import DEMO_DIR
from kanvas.models import ImportRecord
from npo_planner.scholen.demo import DEMO_PASSWORD, load_core
from npo_planner.scholen.models import ImportMapping
from tests.e2e.conftest import assert_accessible, follow, login


def _upload(page, path):
    page.goto("/12AB/kanvas/inlezen/")
    page.get_by_label("KanVAS-antwoorden").check()
    page.get_by_label("Bestand (.csv of .xlsx)").set_input_files(str(path))
    page.get_by_role("button", name="Bestand controleren").click()
    expect(page.get_by_role("heading", name=f"Controle van {path.name}")).to_be_visible()


def test_ib_maps_a_renamed_pupil_column_once_and_the_next_file_needs_no_mapping(
    page, live_server, transactional_db, tmp_path
):
    load_core()
    own = (DEMO_DIR / "kanvas_2021-najaar.csv").read_text(encoding="utf-8-sig")
    header, rest = own.split("\n", 1)
    assert header.split(";")[0] == "leerling"
    export = tmp_path / "lvs_export.csv"
    export.write_text("Leerlingnummer;" + header.split(";", 1)[1] + "\n" + rest, encoding="utf-8")

    login(page, "ib", DEMO_PASSWORD)
    _upload(page, export)
    expect(
        page.get_by_text("rij 1, kolom leerling: deze verplichte kolom ontbreekt in de kopregel.")
    ).to_be_visible()
    expect(page.locator("#import-mapping")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Kolom voor leerling").select_option("leerlingnummer")
    follow(page, page.get_by_role("button", name="Koppeling bewaren en opnieuw controleren"))
    expect(page.get_by_text("2021-najaar (schooljaar 2021-2022)")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Bevestigen en opslaan").click()
    expect(page.get_by_text("lvs_export.csv is ingelezen")).to_be_visible()
    assert ImportMapping.objects.get(school__brin="12AB", kind="kanvas").columns == {
        "leerlingnummer": "leerling"
    }

    # The same export again (to replace): straight to the preview, no mapping step.
    page.goto("/12AB/kanvas/inlezen/")
    page.get_by_label("KanVAS-antwoorden").check()
    page.get_by_label("Bestand (.csv of .xlsx)").set_input_files(str(export))
    page.get_by_label("Bestaande gegevens van de groepen in dit bestand vervangen").check()
    page.get_by_role("button", name="Bestand controleren").click()
    expect(page.get_by_role("button", name="Bevestigen en opslaan")).to_be_visible()
    expect(page.locator("#import-mapping")).to_have_count(0)
    assert ImportRecord.objects.count() == 1
    assert not page.js_errors, page.js_errors

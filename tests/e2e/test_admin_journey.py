"""Two administrators change the same scale in the admin: the second is told, nothing is silently overwritten."""

from decimal import Decimal

from playwright.sync_api import expect

from kanvas.models import Scale
from npo_planner.scholen.demo import DEMO_PASSWORD, load_core
from tests.e2e.conftest import follow, login, new_page


def test_two_administrators_editing_one_scale_do_not_overwrite_each_other(
    browser, live_server, transactional_db
):
    load_core()
    scale = Scale.objects.get(questionnaire__code="leerling", code="OS")
    url = f"/beheer/kanvas/scale/{scale.pk}/change/"
    first, second = new_page(browser, live_server), new_page(browser, live_server)
    try:
        for page in (first, second):
            page.goto(url)  # the admin sends them to the app's login, second step included
            expect(page.get_by_label("Gebruikersnaam")).to_be_visible()
            login(page, "beheerder", DEMO_PASSWORD)
            page.goto(url)
            expect(page.get_by_label("Naam")).to_have_value("Ongelukkig/sombere gevoelens")

        first.get_by_label("Grens opvallende score").fill("2.5")
        follow(first, first.get_by_role("button", name="Opslaan", exact=True))
        expect(first.get_by_text("is met succes gewijzigd")).to_be_visible()

        second.get_by_label("Naam").fill("Sombere gevoelens")
        follow(second, second.get_by_role("button", name="Opslaan", exact=True))
        expect(second.get_by_text("Iemand anders heeft dit intussen gewijzigd.")).to_be_visible()
        expect(second.get_by_text("Iemand anders heeft dit veld intussen gewijzigd.")).to_be_visible()
        scale.refresh_from_db()
        assert scale.threshold == Decimal("2.5") and scale.name == "Ongelukkig/sombere gevoelens"

        second.goto(url)  # the threshold is shown with a decimal comma
        expect(second.get_by_label("Grens opvallende score")).to_have_value("2,5")
        second.get_by_label("Naam").fill("Sombere gevoelens")
        follow(second, second.get_by_role("button", name="Opslaan", exact=True))
        expect(second.get_by_text("is met succes gewijzigd")).to_be_visible()
        scale.refresh_from_db()
        assert scale.threshold == Decimal("2.5") and scale.name == "Sombere gevoelens"
        assert not first.js_errors and not second.js_errors
    finally:
        first.context.close()
        second.context.close()

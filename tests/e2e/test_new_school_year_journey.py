"""The directeur starts 2022-2023 from 2021-2022 in the demo, adjusts the proposal, and reads the new year's
groepsindeling (an administration export with personal columns, which are ignored and stored nowhere)."""

import io
import re

from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from npo_planner.scholen.demo import DEMO_PASSWORD
from npo_planner.scholen.models import Enrollment, Group, Pupil
from tests.e2e.conftest import assert_accessible, follow, login


def test_the_directeur_starts_the_new_school_year_and_reads_its_roster(
    page, live_server, transactional_db, tmp_path
):
    call_command("demo", stdout=io.StringIO())
    login(page, "directeur", DEMO_PASSWORD)
    page.goto(reverse("scholen:dashboard", kwargs={"brin": "12AB"}))
    follow(page, page.get_by_role("link", name="Nieuw schooljaar starten"))
    expect(page.get_by_role("heading", name="Schooljaar 2022-2023 starten uit 2021-2022")).to_be_visible()
    expect(page.get_by_label("Groep 5a, leerjaar 6: nieuwe groep")).to_have_value("6a")
    expect(
        page.get_by_text("25 leerlingen van groep 8 krijgen als datum van vertrek 31 juli 2022.")
    ).to_be_visible()
    page.get_by_label("Groep 3a, leerjaar 4: nieuwe groep").fill("4b")  # the directeur adjusts a name
    assert_accessible(page)
    follow(page, page.get_by_role("button", name="Starten"))
    expect(
        page.get_by_text(re.compile(r"Schooljaar 2022-2023 is gestart: 175 leerlingen in 7 groepen"))
    ).to_be_visible()

    demo_5a = set(
        Enrollment.objects.filter(
            group__school__brin="12AB", group__school_year__label="2021-2022", group__name="5a"
        ).values_list("pupil__code", flat=True)
    )
    now = Enrollment.objects.filter(group__school__brin="12AB", group__school_year__label="2022-2023")
    assert set(now.filter(group__name="6a").values_list("pupil__code", flat=True)) == demo_5a
    assert set(now.filter(group__name="6a").values_list("grade", flat=True)) == {6}
    assert now.filter(group__name="4b").count() == 25
    assert not Group.objects.filter(school__brin="12AB", school_year__label="2022-2023", name="1a").exists()
    assert Pupil.objects.filter(school__brin="12AB", left_on__isnull=False).count() == 25  # group 8

    # the new year's roster: everybody moved up plus three new pupils in group 1
    lines = ["Leerlingnummer;Roepnaam;Achternaam;Geboortedatum;Groep;Jaargroep;E-mail"]
    for code, group, grade in now.values_list("pupil__code", "group__name", "grade").order_by("pupil__code"):
        lines.append(f"{code};Kim;Achterberg;2015-01-01;{group};{grade};ouder@example.org")
    lines += [f"RBN0{n};Lot;Zuiderveld;2018-05-0{n};1a;1;nieuw@example.org" for n in range(1, 4)]
    roster = tmp_path / "groepsindeling.csv"
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    page.get_by_label("Bestand (.csv of .xlsx)").set_input_files(str(roster))
    expect(page.get_by_label("Schooljaar van de groepsindeling")).to_have_value("2022-2023")
    follow(page, page.get_by_role("button", name="Bestand controleren"))
    expect(page.get_by_text("178, waarvan 3 nieuw")).to_be_visible()
    expect(page.locator("#genegeerd")).to_contain_text("achternaam, geboortedatum, e-mail")
    expect(page.locator("#vertrek")).to_contain_text("Niemand")
    assert_accessible(page)
    follow(page, page.get_by_role("button", name="Bevestigen en opslaan"))
    expect(
        page.get_by_text("De groepsindeling van 2022-2023 is ingelezen: 178 leerlingen in 8 groepen.")
    ).to_be_visible()
    assert Enrollment.objects.filter(group__school_year__label="2022-2023", group__name="1a").count() == 3
    for value in ("Achterberg", "Zuiderveld", "example.org", "2018-05-01"):
        assert not Pupil.objects.filter(first_name__contains=value).exists()
    assert page.js_errors == []

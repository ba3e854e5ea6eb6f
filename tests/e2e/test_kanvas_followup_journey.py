"""Issue 17's "done when" in the browser: the IB'er goes from group 6a's rising score to one talk planned for all
its pupils with a signal, assigned to the teacher with a date; the teacher logs in, sees it under "mijn acties",
adds a note and closes one; the IB'er prints 6a's group report on A4 with nothing cut off; a pupil's trend shows every
measurement."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from kanvas.demo import demo_files
from kanvas.models import FollowUp
from kanvas.services import file_import
from npo_planner.scholen.demo import DEMO_PASSWORD, load_core
from npo_planner.scholen.models import School
from tests.e2e.conftest import assert_accessible, download_made_in_background, follow, login, new_page
from tests.pdf_layout import A4, words_outside_a4


def test_ib_plans_a_talk_for_the_group_and_the_teacher_closes_it(
    page, browser, live_server, transactional_db
):
    load_core()
    school = School.objects.get(brin="12AB")
    ib = get_user_model().objects.get(username="ib")
    for name, (kind, data) in demo_files().items():
        file_import(school=school, user=ib, kind=kind, data=data, filename=name)
    teacher = get_user_model().objects.get(username="leerkracht")

    login(page, "ib", DEMO_PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="KanVAS").click()
    follow(page, page.get_by_role("link", name="Groep 6a"))
    expect(page.get_by_role("heading", name="Groep 6a (2021-2022)")).to_be_visible()
    ticked = page.locator('input[name="pupils"]:checked')
    n_signalled = ticked.count()
    assert n_signalled >= 2, "the pupils with a signal are ticked"
    codes = sorted(
        page.locator("#leerlingen tr")
        .filter(has=page.locator('input[name="pupils"]'))
        .locator("th a")
        .all_inner_texts()
    )
    plan = page.locator("#plan-actie")
    plan.get_by_label("Actie").select_option(label="Gesprek met leerling")
    plan.get_by_label("Eigenaar").select_option(label=teacher.get_full_name() or teacher.username)
    plan.get_by_label("Uiterlijk op").fill("2030-03-01")
    plan.get_by_label("Notitie").fill("Gesprek over somberheid en onrust.")
    assert_accessible(page)
    follow(page, page.get_by_role("button", name="Actie plannen"))
    expect(page.get_by_text(f"De actie is gepland voor {n_signalled} leerlingen")).to_be_visible()
    planned = FollowUp.objects.filter(owner=teacher, action="gesprek")
    assert sorted(f.pupil.code for f in planned) == codes
    assert {str(f.due) for f in planned} == {"2030-03-01"}

    # The teacher, in her own browser, finds the talks under "mijn acties", adds a note and closes one.
    teacher_page = new_page(browser, live_server)
    login(teacher_page, "leerkracht", DEMO_PASSWORD)
    card = teacher_page.locator("section", has=teacher_page.get_by_role("heading", name="Mijn acties"))
    expect(card.get_by_role("row")).to_have_count(n_signalled + 1)
    groups = teacher_page.locator("section", has=teacher_page.get_by_role("heading", name="Mijn groepen"))
    row = groups.get_by_role("row", name=re.compile("Groep 6a"))
    expect(row.get_by_role("link", name=re.compile("leerlingen met een signaal in groep 6a"))).to_have_text(
        re.compile(f"^{n_signalled}")
    )
    assert_accessible(teacher_page)
    first = codes[0]
    follow(teacher_page, card.get_by_role("link", name=first))
    expect(teacher_page.get_by_role("heading", name=re.compile(f"Leerling {first}"))).to_be_visible()
    action = FollowUp.objects.get(owner=teacher, pupil__code=first)
    box = teacher_page.locator(f"#vervolg-{action.pk}")
    box.get_by_text("Bijwerken of notitie toevoegen").click()
    box.get_by_label("Nieuwe notitie").fill("Gesprek gevoerd; ouders worden uitgenodigd.")
    follow(teacher_page, box.get_by_role("button", name="Opslaan"))
    expect(teacher_page.get_by_text("De vervolgactie is bijgewerkt.")).to_be_visible()
    box = teacher_page.locator(f"#vervolg-{action.pk}")
    box.get_by_text("Bijwerken of notitie toevoegen").click()
    box.get_by_label("Status").select_option(label="Afgerond")
    box.get_by_label("Nieuwe notitie").fill("Afgerond na het oudergesprek.")
    follow(teacher_page, box.get_by_role("button", name="Opslaan"))
    box = teacher_page.locator(f"#vervolg-{action.pk}")
    expect(box).to_contain_text("Gesprek gevoerd; ouders worden uitgenodigd.")
    expect(box).to_contain_text("Afgerond na het oudergesprek.")
    action.refresh_from_db()
    assert action.status == "afgerond" and action.notes.count() == 2

    teacher_page.goto(reverse("scholen:dashboard", args=["12AB"]))
    card = teacher_page.locator("section", has=teacher_page.get_by_role("heading", name="Mijn acties"))
    expect(card.get_by_role("row")).to_have_count(n_signalled)  # the closed one left her list
    teacher_page.context.close()

    # The IB'er finds the closed talk with the filter, and the pupil's trend shows every measurement.
    page.goto("/12AB/kanvas/vervolg/?toon=afgerond")
    follow(page, page.get_by_role("link", name=first))
    follow(page, page.get_by_role("link", name="Verloop over alle metingen"))
    table = page.get_by_role("table", name="Leerlingvragenlijst")
    for moment in ("2021-najaar", "2022-voorjaar"):
        expect(table.get_by_role("rowheader", name=moment)).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Lijndiagram van de schaalscores"))).to_be_visible()
    assert_accessible(page)

    # The IB'er prints 6a's group report for the group meeting from the group page (made in the background: the
    # job's page, then the download): A4, nothing cut off, the talks still open beside the pupils, the closed one
    # gone from the list.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="KanVAS").click()
    follow(page, page.get_by_role("link", name="Groep 6a"))
    report = download_made_in_background(
        page, page.get_by_role("link", name="Groepsverslag voor de groepsbespreking (PDF, A4)")
    )
    assert report.suggested_filename == "groepsbespreking-12AB-groep-6a-2022-voorjaar.pdf"
    path = report.path()
    sizes, outside = words_outside_a4(path)
    assert sizes and all(size == pytest.approx(A4, abs=0.5) for size in sizes)
    assert outside == [], f"cut off or at the paper's edge: {outside[:10]}"
    text = "\n".join(p.extract_text() for p in PdfReader(path).pages)
    assert "Groepsbespreking groep 6a" in text and "Sociogram (2022-voorjaar)" in text
    assert text.count("Gesprek met leerling") == n_signalled - 1
    assert "2021-najaar" in text and "2022-voorjaar" in text

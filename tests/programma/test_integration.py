"""The programme with the REAL other apps and the real demo data (`manage.py demo`): no stand-ins.

The demo (fixtures/demo): KanVAS 2021-najaar and 2022-voorjaar for 12AB (group 6a's klassenzorgscore rises from
4% to 36%), the parent survey 'Ouderpeiling Kanjertraining voorjaar 2022' (80 forms) and two agreements, an
established schoolscan 2021-2022 with four priorities, and the consented programme 2021-2022/2022-2023."""

import datetime
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from npo_planner.programma import pdf as pdf_module
from npo_planner.programma import report
from npo_planner.programma.models import Item, Programme
from npo_planner.scholen.models import Enrollment, School, SchoolYear

KANJER_SURVEY = "Ouderpeiling Kanjertraining voorjaar 2022"


def text_of(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in reader.pages).replace("\u00a0", " "))


def html_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&nbsp;", " ")


@pytest.fixture
def demo(db):
    call_command("demo", stdout=io.StringIO())
    school = School.objects.get(brin="12AB")
    programme = Programme.objects.select_related("school", "first_year", "last_year", "stream").get(
        school=school
    )
    return programme


def login_director(client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="directeur"))


def preview(client, programme) -> str:
    login_director(client)
    url = reverse("programma:preview", kwargs={"brin": "12AB", "programme_id": programme.pk})
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_demo_items_point_to_the_real_catalogue_and_scan_priorities(demo):
    from menukaart.models import Intervention
    from schoolscan.models import Priority

    kanjer = Item.objects.get(programme=demo, name="Kanjertraining")
    assert kanjer.kind == "menukaart"
    assert kanjer.intervention_ref == Intervention.objects.get(school=None, name="Kanjertraining")
    assert kanjer.priority_ref == Priority.objects.get(
        scan__school=demo.school, title__startswith="Welbevinden"
    )
    assert kanjer.priority == "C – Welbevinden en sociale veiligheid"
    assert all(i.intervention_ref_id for i in demo.items.all())


def expected_in_report(text: str) -> None:
    # KanVAS klassenzorgscore per group, 2021-najaar → 2022-voorjaar: 6a rises from 4,0% to 36,0% (+32,0)
    assert re.search(r"6a 25 4,0% 36,0% \+?32,0", text), text[text.find("KanVAS") :][:1500]
    assert re.search(r"5a 25 8,0% 8,0% \+?0,0", text)
    assert "Klassenzorgscore van de school: 13,0% (verschil 7,0)" in text
    assert "Welbevinden (gemiddelde, 1–4): 3,24 (verschil -0,09)" in text
    assert "Veiligheidsbeleving (gemiddelde, 1–4): 3,38 (verschil 0,02)" in text
    # the parent survey and both agreements, stages in words
    assert KANJER_SURVEY in text
    assert "De school organiseert voldoende ouderavonden over de Kanjertraining." in text
    assert "Informatieavond per leerjaar over de Kanjertraining" in text
    assert "Maandelijks bericht via de schoolapp over de Kanjerlessen" in text
    assert "onderbouw, middenbouw, bovenbouw" in text
    assert "onderbouw,middenbouw" not in text
    # the scan's priorities
    for title in (
        "Begrijpend lezen middenbouw",
        "Welbevinden en sociale veiligheid",
        "Rekenen: breuken en verhoudingen",
        "Plannen en zelfstandig werken",
    ):
        assert title in text, title


def test_preview_shows_the_real_kanvas_survey_agreements_and_priorities(client, demo):
    text = html_text(preview(client, demo))
    expected_in_report(text)


def test_pdf_shows_the_real_data_and_no_pupil(demo):
    text = text_of(pdf_module.render_pdf(programme=demo))
    expected_in_report(text)
    # monitoring per item (section 8) in the PDF too
    assert "Begrijpend lezen groep 5: 4,5 maanden achterstand (36,0% onder de norm)" in text
    assert f"Volgende ouderpeiling ({KANJER_SURVEY}, 6 stellingen over dit onderwerp)" in text
    codes = set(Enrollment.objects.filter(group__school=demo.school).values_list("pupil__code", flat=True))
    assert "RB607" in codes
    leaked = [code for code in codes if re.search(rf"\b{code}\b", text)]
    assert leaked == []
    names = Enrollment.objects.filter(group__school=demo.school).values_list("pupil__first_name", flat=True)
    assert not [n for n in set(names) if n and len(n) > 3 and re.search(rf"\b{n}\b", text)]


def test_the_demos_mid_term_evaluation_is_in_the_pdf_and_the_next_scan(client, demo):
    text = text_of(pdf_module.render_pdf(programme=demo))
    assert "Uitkomst: Werkt deels – doorgaan, aangepast (geëvalueerd op 20-6-2022)" in text
    assert "steeg in 6a van 4 % naar 36 %" in text
    assert text.count("Uitkomst: nog niet geëvalueerd") == 3
    client.force_login(get_user_model().objects.get(username="directeur"))
    client.post("/12AB/schooljaar/", {"school_year": "2022-2023"})
    html = client.get("/12AB/schoolscan/").content.decode()
    assert "3 van 6 onderdelen geëvalueerd." in html


def test_monitoring_per_item_shows_real_figures(demo):
    context = report.build(demo)
    by_name = {r.item.name: r for r in context["items"]}
    kanjer = by_name["Kanjertraining"]
    assert kanjer.monitoring_moments == ("2021-najaar", "2022-voorjaar")
    six_a = next(m for m in kanjer.monitoring if m["group"] == "6a")
    assert (six_a["before"], six_a["after"], six_a["change"]) == (4.0, 36.0, 32.0)
    assert (six_a["signals_before"]["OS"], six_a["signals_after"]["OS"]) == (0.0, 32.0)
    assert [m["group"] for m in kanjer.monitoring] == ["5a", "6a", "7a", "8a"]
    # the next parent survey after the start (September 2021): the Kanjer survey of spring 2022
    measure = kanjer.parent_measure["next"]
    assert measure["title"] == KANJER_SURVEY
    assert measure["statements"] >= 5  # the statements that mention the Kanjertraining
    assert 0 <= measure["ouder"] <= 100 and 0 <= measure["team"] <= 100
    metacognitie = by_name["Metacognitie en zelfregulerend leren"].parent_measure
    assert metacognitie == {"next": None, "before": None, "next_held": KANJER_SURVEY}
    parents = by_name["Ouderbetrokkenheid"].parent_measure["next"]
    assert parents["statements"] == 9  # a parent-involvement item: every statement
    # the delay at the start (scan 2021-2022, section 2) in the item's subject and target grades (4a, 5a, 6a);
    # the demo has no scan 2022-2023 yet
    lezen = by_name["Technieken voor begrijpend lezen"]
    assert [
        (d["domain"], d["grade"], d["delay_months"], d["share_below_norm"]) for d in lezen.start_scan
    ] == [
        ("Begrijpend lezen", 5, -4.5, 36.0),
        ("Begrijpend lezen", 6, -4.0, 33.0),
    ]
    assert lezen.next_scan is None
    rekenen = by_name["Instructie in kleine groepen"]  # priority "Rekenen: breuken en verhoudingen", 6a-8a
    assert rekenen.start_scan and {d["domain"] for d in rekenen.start_scan} == {"Rekenen"}
    assert kanjer.start_scan == []  # no cognitive subject


def test_monitoring_is_shown_in_the_preview(client, demo):
    text = html_text(preview(client, demo))
    assert f"Volgende ouderpeiling ({KANJER_SURVEY}" in text
    assert (
        "Stand bij de start (schoolscan 2021-2022): Begrijpend lezen groep 5: 4,5 maanden achterstand (36,0% onder de norm)"
        in text
    )
    assert "Nog geen meting voor alle interventies: de volgende schoolscan." in text  # once (issue 18)
    assert "Volgende schoolscan: nog geen meting." not in text


def test_schoolscan_section_3_shows_the_real_kanvas_summary(demo):
    from schoolscan.selectors import scan_summary

    year = SchoolYear.objects.get(label="2021-2022")
    sections = dict(scan_summary(school=demo.school, school_year=year))
    wellbeing = sections["Sociaal-emotionele ontwikkeling en welbevinden"]
    assert (
        "KanVAS 2022-voorjaar, Klassenzorgscore (%): 13,0 (verandering sinds 2021-najaar: +7,0)" in wellbeing
    )
    assert any(line.startswith("KanVAS 2022-voorjaar, Welbevinden (gemiddelde): 3,2") for line in wellbeing)


def test_the_keuzehulp_ranks_by_the_real_demo_scan_priorities(client, demo):
    from menukaart import keuzehulp

    year = SchoolYear.objects.get(label="2021-2022")
    needs = keuzehulp.scan_needs(school=demo.school, school_year=year)
    assert [(n.title, n.goal_area) for n in needs] == [
        ("Begrijpend lezen middenbouw", "B"),
        ("Welbevinden en sociale veiligheid", "C"),
        ("Rekenen: breuken en verhoudingen", "B"),
        ("Plannen en zelfstandig werken", "D"),
    ]
    login_director(client)
    page = client.get(reverse("menukaart:keuzehulp", kwargs={"brin": "12AB"}))
    text = html_text(page.content.decode())
    # ranked on the real priorities: each suggestion names the speerpunt it fits, best fit first
    assert "past bij speerpunt begrijpend lezen middenbouw groep 5–6" in text
    assert "past bij speerpunt welbevinden en sociale veiligheid groep 5–8" in text
    reading, kanjer = text.find("Technieken voor begrijpend lezen"), text.find("Kanjertraining")
    feedback = text.find("Feedback")  # same goal area B, but not about reading: below the reading strategies
    assert -1 < reading < feedback and kanjer > -1


def test_the_item_form_offers_the_shortlist_first(client, demo):
    from menukaart.selectors import considered_for

    shortlist = considered_for(school=demo.school, school_year=demo.first_year)
    assert shortlist
    login_director(client)
    url = reverse("programma:item_create", kwargs={"brin": "12AB", "programme_id": demo.pk})
    page = client.get(url).content.decode()
    groups = re.findall(r'<optgroup label="([^"]+)"', page)
    assert groups[0] == "Overwogen in de keuzehulp (dit schooljaar)"
    first_group = page.split("<optgroup")[1].split("</optgroup>")[0]
    for intervention in shortlist:
        assert f'value="{intervention.pk}"' in first_group


@pytest.mark.parametrize("extra_items", [0, 10])
def test_preview_with_the_real_data_costs_a_fixed_number_of_queries(
    client, demo, django_assert_max_num_queries, extra_items
):
    from tests.programma.factories import make_item

    for index in range(extra_items):
        make_item(
            demo,
            name=f"Extra {index}",
            target_groups=["5a", "6a", "7a, 8a", "1a, 2a, 3a"][index % 4],
            starts_on=datetime.date(2021, 9, 1),
            ends_on=datetime.date(2023, 6, 30),
        )
    preview(client, demo)  # draw and store the charts once
    # Fixed whatever the number of items and groups: each source reads once (KanVAS groups once per moment for
    # all items' target groups). 63 = core/session 8, programme and budget 6, schoolscan summary and priorities
    # 8 (its section 3 reads KanVAS itself: 12 more), KanVAS per group and school 12 (each KanVAS read also reads
    # the scale definitions once; a comparison reads the groups' pupils once to follow them), monitoring 3 + scan delays 3, the survey's results 6 per survey held (one in
    # the demo), agreements 2, submissions 1, year menus 2, the two charts read from the shared chart cache 2;
    # 4 more read the school's money over the NPO window with carry-over (allocation.windows_and_bases: window years,
    # programmes, items, spending per year); 78 since issue 15: the demo programme runs over four school years
    # (KanVAS moments, surveys and agreements are read per school year of the programme: at most the four of the
    # NPO window), and the stream's amounts and the programme's school years are read once.
    with django_assert_max_num_queries(78):
        preview(client, demo)


@pytest.mark.parametrize("extra_items", [0, 10])
def test_programme_page_with_the_real_data_costs_a_fixed_number_of_queries(
    client, demo, django_assert_max_num_queries, extra_items
):
    from tests.programma.factories import make_item

    for index in range(extra_items):
        make_item(demo, name=f"Extra {index}", target_groups="5a, 6a")
    login_director(client)
    url = reverse("programma:detail", kwargs={"brin": "12AB", "programme_id": demo.pk})
    client.get(url)
    # 23 since issue 15: the stream's amounts, the programme's school years, the school's other programmes
    with django_assert_max_num_queries(23):
        assert client.get(url).status_code == 200


def test_the_demo_programme_shows_the_consent_of_the_mr_and_the_gmr(client, demo):
    text = html_text(preview(client, demo))
    assert "Versie 1, MR: Instemming op 1 juli 2021." in text
    assert "Versie 1, GMR: Instemming op 8 juli 2021." in text
    assert "Opmerkingen van de GMR: De GMR stemt in met de inzet van onderwijsassistenten" in text

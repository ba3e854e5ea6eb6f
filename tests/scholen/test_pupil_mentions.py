"""Free text read by MR, bestuur or the PDF refuses the school's pupil codes and first names, with a Dutch message
at the field naming what it found (npo_planner.scholen.pupil_mentions, shared by every such field)."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from npo_planner.programma import services as programme_services
from npo_planner.programma.models import Council, Item, Programme
from npo_planner.scholen.models import Pupil
from npo_planner.scholen.pupil_mentions import pupil_mentions, refuse_pupil_mentions
from ouderbetrokkenheid.models import Agreement
from ouderbetrokkenheid.services import agreement_create
from schoolscan.models import SectionKey
from schoolscan.services import scan_create
from tests.programma.factories import item_values, make_item, make_programme
from tests.schoolscan.helpers import CONTEXT, save, version_of

SOCIOGRAM_NOTE = "WW512 werd door vier kinderen negatief gekozen."


@pytest.fixture
def named(cast):
    """A pupil of school A with a code and a first name; school B has a pupil with the same first name only."""
    Pupil.objects.create(school=cast.school_a, code="WW512", first_name="Daan")
    Pupil.objects.create(school=cast.school_b, code="ZZ900", first_name="Noor")
    return cast


def test_mentions_are_found_per_text_with_one_check(named, django_assert_max_num_queries):
    texts = {"a": "Gesprek met ww512 gehad.", "b": "Daan en Noor", "c": "daan (klein geschreven)", "d": ""}
    with django_assert_max_num_queries(4):  # one for all, then one per text that may hold a pupil
        assert pupil_mentions(school=named.school_a, texts=texts) == {"a": ["ww512"], "b": ["Daan"]}
    with django_assert_max_num_queries(1):
        assert pupil_mentions(school=named.school_a, texts={"x": "Geen namen hier", "y": "ZZ900"}) == {}


def test_the_message_is_dutch_at_the_field_and_names_the_code(named):
    with pytest.raises(ValidationError) as refused:
        refuse_pupil_mentions(school=named.school_a, texts={"notes": SOCIOGRAM_NOTE, "other": "Prima"})
    assert list(refused.value.message_dict) == ["notes"]
    (message,) = refused.value.message_dict["notes"]
    assert message.startswith("De tekst noemt een leerling ('WW512').") and "de MR en het bestuur" in message


def test_a_scan_section_refuses_a_pupil_code_in_a_text_field_and_in_a_row(named):
    scan = scan_create(school=named.school_a, school_year=named.year, user=named.director)
    with pytest.raises(ValidationError) as refused:
        save(scan, SectionKey.CONTEXT, named.director, {**CONTEXT, "notes": SOCIOGRAM_NOTE})
    assert "WW512" in refused.value.message_dict["notes"][0]
    assert version_of(scan, SectionKey.CONTEXT) == 0  # nothing saved
    row = {"title": "Welbevinden", "goal_area": "C", "grades": "5", "aim": "Daan voelt zich veilig."}
    with pytest.raises(ValidationError) as refused:
        save(scan, SectionKey.CONCLUSIONS, named.director, {"summary": ""}, [row])
    assert "'Daan'" in refused.value.message_dict["rows-0-aim"][0]


def test_the_scan_page_shows_the_message_at_the_field(client, named):
    from tests.schoolscan.test_views import context_post, formset_post, section_url

    scan_create(school=named.school_a, school_year=named.year, user=named.director)
    client.force_login(named.director)
    response = client.post(section_url(named, SectionKey.CONTEXT), context_post(0, notes=SOCIOGRAM_NOTE))
    html = response.content.decode()
    assert response.status_code == 200 and "De tekst noemt een leerling (&#x27;WW512&#x27;)" in html
    assert re.search(r'id="id_notes"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="id_notes"', html)
    data = {"summary": "", "version": "0"}
    row = {"title": "Welbevinden", "goal_area": "C", "grades": "5", "aim": "Aandacht voor WW512."}
    data.update(formset_post([row]))
    html = client.post(section_url(named, SectionKey.CONCLUSIONS), data).content.decode()
    assert "De tekst noemt een leerling (&#x27;WW512&#x27;)" in html


def test_programme_texts_refuse_pupils(named):
    programme = make_programme(named.school_a, named.year)
    with pytest.raises(ValidationError) as refused:
        programme_services.item_create(
            programme=programme,
            user=named.director,
            expected_version=programme.version,
            **item_values(goal="WW512 en Daan lezen op niveau.", evaluation_method="Toets van ww512"),
        )
    assert set(refused.value.message_dict) == {"goal", "evaluation_method"}
    assert "'Daan'" in refused.value.message_dict["goal"][0]
    assert not Item.objects.exists()
    # a teacher who shares a pupil's first name may be the one responsible
    item = programme_services.item_create(
        programme=programme,
        user=named.director,
        expected_version=programme.version,
        **item_values(responsible="Daan de Vries (IB)"),
    )
    programme.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        programme_services.item_update(
            item=item, user=named.director, expected_version=programme.version, priority="Zorg om WW512"
        )
    assert list(refused.value.message_dict) == ["priority"]
    with pytest.raises(ValidationError) as refused:
        programme_services.programme_update(
            programme=programme,
            user=named.director,
            expected_version=programme.version,
            summary="Extra inzet voor WW512.",
        )
    assert list(refused.value.message_dict) == ["summary"]
    assert Programme.objects.get(pk=programme.pk).summary == ""


def test_the_councils_remarks_refuse_pupils(named):
    programme = make_programme(named.school_a, named.year)
    make_item(programme)
    programme_services.programme_submit(
        programme=programme, user=named.director, expected_version=programme.version
    )
    programme.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        programme_services.programme_decide(
            programme=programme,
            user=named.mr,
            expected_version=programme.version,
            consent=True,
            decided_on=datetime.date(2021, 10, 1),
            remarks="Let op Daan in groep 5.",
            council=Council.MR,
        )
    assert "'Daan'" in refused.value.message_dict["remarks"][0]


def test_an_agreement_refuses_a_pupil_and_the_page_says_so_at_the_field(client, named):
    fields = {
        "what": "Wekelijks gesprek met de ouders van WW512",
        "stages": "onderbouw",
        "frequency": "maandelijks",
        "who": "Daan (leerkracht)",
        "starts_on": "2022-09-01",
        "survey": None,
    }
    with pytest.raises(ValidationError) as refused:
        agreement_create(user=named.director, school=named.school_a, school_year=named.year, **fields)
    assert list(refused.value.message_dict) == ["what"]  # 'who' names staff on purpose
    assert not Agreement.objects.exists()
    client.force_login(named.director)
    post = {**fields, "survey": "", "version": "0", "starts_on": "1-9-2022"}
    response = client.post(reverse("ouderbetrokkenheid:agreement_new", kwargs={"brin": "11AA"}), post)
    html = response.content.decode()
    assert "De tekst noemt een leerling (&#x27;WW512&#x27;)" in html
    assert not Agreement.objects.exists()


def test_a_survey_title_refuses_a_pupil(named):
    from ouderbetrokkenheid.selectors import default_template
    from ouderbetrokkenheid.services import survey_create

    with pytest.raises(ValidationError) as refused:
        survey_create(
            user=named.director,
            school=named.school_a,
            school_year=named.year,
            title="Peiling na het incident met WW512",
            template=default_template(),
        )
    assert "'WW512'" in refused.value.message_dict["title"][0]

"""The paper-form list and the remarks are shown a page at a time: pages stay fast however many forms there are."""

import pytest
from django.urls import reverse

from ouderbetrokkenheid.models import Response
from ouderbetrokkenheid.views.entry import FORMS_PER_PAGE
from ouderbetrokkenheid.views.results import REMARKS_PER_PAGE
from tests.ouderbetrokkenheid.factories import add_responses, sample_survey


def url(name, **kwargs):
    return reverse(f"ouderbetrokkenheid:{name}", kwargs={"brin": "11AA", **kwargs})


def survey_with(cast, n, stage="onderbouw"):
    survey = sample_survey(cast)
    add_responses(survey, cast.director, [("ouder", {"s1": 3}, (stage,), f"Opmerking {i}") for i in range(n)])
    return survey


def test_the_paper_form_list_shows_one_page_at_a_time(client, cast):
    survey = survey_with(cast, FORMS_PER_PAGE + 3)
    client.force_login(cast.director)
    first = client.get(url("responses", survey_id=survey.pk))
    assert len(first.context["responses"]) == FORMS_PER_PAGE
    html = first.content.decode()
    assert "Pagina 1 van 2" in html and "?pagina=2" in html and "Volgende" in html
    assert f"{FORMS_PER_PAGE + 3} formulieren" in html  # the count is of all forms, not of the page
    second = client.get(url("responses", survey_id=survey.pk) + "?pagina=2")
    assert len(second.context["responses"]) == 3
    assert "Vorige" in second.content.decode()
    shown = {r.public_id for r in first.context["responses"]} | {
        r.public_id for r in second.context["responses"]
    }
    assert shown == set(survey.responses.values_list("public_id", flat=True))
    assert client.get(url("responses", survey_id=survey.pk) + "?pagina=onzin").context["page"].number == 1
    assert client.get(url("responses", survey_id=survey.pk) + "?pagina=99").context["page"].number == 2


def test_the_remarks_are_paginated_and_keep_the_bouw_filter(client, cast):
    survey = survey_with(cast, REMARKS_PER_PAGE + 2)
    client.force_login(cast.director)
    first = client.get(url("remarks", survey_id=survey.pk) + "?bouw=onderbouw")
    assert len(first.context["items"]) == REMARKS_PER_PAGE
    html = first.content.decode()
    assert "Pagina 1 van 2" in html and "?bouw=onderbouw&amp;pagina=2" in html
    second = client.get(url("remarks", survey_id=survey.pk) + "?bouw=onderbouw&pagina=2")
    assert len(second.context["items"]) == 2
    assert f"Thema van opmerking {REMARKS_PER_PAGE + 1}" in second.content.decode()  # numbered across pages


def test_themes_saved_from_a_later_page_are_kept(client, cast):
    survey = survey_with(cast, REMARKS_PER_PAGE + 2)
    client.force_login(cast.director)
    page_url = url("remarks", survey_id=survey.pk) + "?pagina=2"
    items = client.get(page_url).context["items"]
    data = {f"theme_{i.public_id}": "schoolapp" for i in items} | {f"seen_{i.public_id}": "" for i in items}
    response = client.post(page_url, data)
    assert response.status_code == 302 and response["Location"].endswith("?pagina=2")
    assert set(Response.objects.filter(theme="schoolapp").values_list("public_id", flat=True)) == {
        i.public_id for i in items
    }


@pytest.mark.parametrize("name", ["responses", "remarks"])
def test_list_pages_cost_the_same_queries_at_any_size(client, cast, django_assert_num_queries, name):
    survey = survey_with(cast, 5)
    client.force_login(cast.director)
    client.get(url(name, survey_id=survey.pk))  # warm the session and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url(name, survey_id=survey.pk)).status_code == 200
    add_responses(
        survey, cast.director, [("ouder", {"s1": 2}, ("onderbouw",), f"Meer {i}") for i in range(120)]
    )
    with django_assert_num_queries(len(small)):
        page = client.get(url(name, survey_id=survey.pk))
    assert len(page.context["responses" if name == "responses" else "items"]) == 50

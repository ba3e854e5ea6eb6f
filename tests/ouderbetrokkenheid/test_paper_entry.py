"""Typing paper forms in (issue 13.3): the respondent kind is chosen per form, and an empty form (paper or online)
is refused instead of counting as a respondent."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ouderbetrokkenheid.answers import Filled
from ouderbetrokkenheid.models import Response
from ouderbetrokkenheid.services import response_record
from tests.ouderbetrokkenheid.factories import sample_survey

pytestmark = pytest.mark.django_db


def entry_url(survey):
    return reverse("ouderbetrokkenheid:entry", kwargs={"brin": "11AA", "survey_id": survey.pk})


def test_the_next_form_does_not_silently_keep_the_last_respondent_kind(client, cast):
    survey = sample_survey(cast)
    client.force_login(cast.teacher)
    saved = client.post(entry_url(survey), {"respondent": "team", "s1": "2", "remark": ""})
    assert saved.status_code == 302
    form = client.get(saved.url).context["form"]
    assert form["respondent"].value() in (None, "")
    assert 'value="team" checked' not in client.get(saved.url).content.decode()
    assert "checked" not in "".join(str(radio) for radio in form["respondent"])


def test_a_form_without_a_chosen_respondent_is_refused(client, cast):
    survey = sample_survey(cast)
    client.force_login(cast.teacher)
    page = client.post(entry_url(survey), {"s1": "2", "remark": ""})
    assert page.status_code == 200 and not Response.objects.exists()
    assert page.context["form"].errors["respondent"]


def test_an_empty_paper_form_is_refused_and_not_counted(client, cast):
    survey = sample_survey(cast)
    client.force_login(cast.teacher)
    page = client.post(entry_url(survey), {"respondent": "ouder", "stages": ["onderbouw"], "remark": "  "})
    assert page.status_code == 200
    assert "Het formulier is leeg" in page.content.decode()
    assert not Response.objects.exists()


def test_an_empty_online_form_is_refused_and_not_counted(client, cast):
    survey = sample_survey(cast)
    link = reverse("ouderpeiling_online", kwargs={"token": survey.token})
    page = client.post(link, {"stages": ["bovenbouw"], "remark": ""})
    assert page.status_code == 200
    assert "Het formulier is leeg" in page.content.decode()
    assert not Response.objects.exists()
    assert client.post(link, {"remark": "Alleen een opmerking telt wel"}).status_code == 302


def test_the_service_refuses_an_empty_form_whatever_the_caller(cast):
    survey = sample_survey(cast)
    with pytest.raises(ValidationError, match="Het formulier is leeg"):
        response_record(
            user=cast.teacher, survey=survey, filled=Filled(respondent="ouder", stages=["onderbouw"])
        )
    assert not Response.objects.exists()


def test_an_empty_row_in_a_file_is_skipped_with_a_warning_not_counted(cast):
    from ouderbetrokkenheid.importers import responses_import
    from tests.ouderbetrokkenheid.test_importers import csv_bytes, row

    empty = row(s=[""] * 9, p=[""] * 8)
    result = responses_import(
        user=cast.director,
        school=cast.school_a,
        year_label="2021-2022",
        title="Peiling",
        data=csv_bytes([row(), empty, row("team", s=["2"] * 7 + ["", ""])]),
        filename="p.csv",
    )
    assert result.rows == 2 and result.survey.responses.count() == 2
    assert any("rij 3" in warning and "niet als respondent" in warning for warning in result.warnings)

"""A closed survey's results are final: no paper form is added, corrected or removed and no file is read into it,
until the director reopens it; the pages say so instead of offering the forms."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from npo_planner.lib.import_errors import ImportErrors
from ouderbetrokkenheid.answers import Filled
from ouderbetrokkenheid.importers import responses_import
from ouderbetrokkenheid.models import Response, Survey
from ouderbetrokkenheid.services import response_delete, response_record, response_update
from tests.ouderbetrokkenheid.factories import sample_response, sample_survey

pytestmark = pytest.mark.django_db
CLOSED_MESSAGE = "Deze peiling is gesloten. Heropen de peiling om formulieren in te voeren of te wijzigen."


def close(survey):
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED)
    survey.refresh_from_db()


def url(name, **kwargs):
    return reverse(f"ouderbetrokkenheid:{name}", kwargs={"brin": "11AA", **kwargs})


def test_no_paper_form_is_added_corrected_or_removed_in_a_closed_survey(cast):
    response = sample_response(cast)
    close(response.survey)
    filled = Filled(respondent="ouder", answers={"s1": 4})
    with pytest.raises(ValidationError, match="gesloten"):
        response_record(user=cast.teacher, survey=response.survey, filled=filled)
    with pytest.raises(ValidationError, match="gesloten"):
        response_update(user=cast.teacher, response=response, version=response.version, filled=filled)
    with pytest.raises(ValidationError, match="gesloten"):
        response_delete(user=cast.teacher, response=response)
    assert Response.objects.get().answers["s1"] == 3

    Survey.objects.filter(pk=response.survey_id).update(status=Survey.Status.OPEN)  # reopened
    response_record(user=cast.teacher, survey=response.survey, filled=filled)
    assert Response.objects.count() == 2


def test_no_file_is_read_into_a_closed_survey(cast):
    survey = sample_survey(cast)
    close(survey)
    data = b"respondent;s1\nouder;3\n"
    with pytest.raises(ImportErrors) as caught:
        responses_import(
            user=cast.director,
            school=cast.school_a,
            year_label=cast.year.label,
            title=survey.title,
            data=data,
            filename="peiling.csv",
            replace=True,
        )
    assert caught.value.messages() == [
        f"de peiling '{survey.title}' is gesloten; heropen de peiling om er antwoorden in te lezen."
    ]
    assert not Response.objects.exists()


def test_the_pages_of_a_closed_survey_say_so_instead_of_offering_the_forms(client, cast):
    response = sample_response(cast)
    survey = response.survey
    close(survey)
    client.force_login(cast.director)
    detail = client.get(url("survey", survey_id=survey.pk)).content.decode()
    assert "Deze peiling is gesloten: de resultaten staan vast." in detail
    assert url("entry", survey_id=survey.pk) not in detail
    assert url("survey_import", survey_id=survey.pk) not in detail
    entry = client.get(url("entry", survey_id=survey.pk)).content.decode()
    assert "Deze peiling is gesloten" in entry and 'id="entry-form"' not in entry
    refused = client.post(url("entry", survey_id=survey.pk), {"respondent": "ouder", "s1": "2"})
    assert refused.status_code == 200 and "Deze peiling is gesloten" in refused.content.decode()
    assert Response.objects.count() == 1
    assert (
        'id="entry-form"'
        not in client.get(url("response_edit", response_id=response.public_id)).content.decode()
    )
    listing = client.get(url("responses", survey_id=survey.pk)).content.decode()
    assert url("response_edit", response_id=response.public_id) not in listing
    removed = client.post(url("response_delete", response_id=response.public_id), follow=True)
    assert CLOSED_MESSAGE in removed.content.decode()
    assert Response.objects.filter(pk=response.pk).exists()

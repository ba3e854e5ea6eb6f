"""The team answers through a link of its own: the parents' link with ?voor=team does not make anyone a team
member (issue 13.9)."""

import pytest
from django.urls import reverse

from ouderbetrokkenheid.models import Response
from tests.ouderbetrokkenheid.factories import sample_survey

pytestmark = pytest.mark.django_db


def link(token):
    return reverse("ouderpeiling_online", kwargs={"token": token})


def test_the_parents_link_with_voor_team_still_asks_and_stores_a_parent(client, cast):
    survey = sample_survey(cast)
    page = client.get(link(survey.token) + "?voor=team")
    text = page.content.decode()
    assert "Ik praat thuis minstens één keer per maand" in text  # the parents' version
    assert "versie voor het team" not in text and "?voor=team" not in text
    client.post(link(survey.token) + "?voor=team", {"s1": "2"})
    assert Response.objects.get(survey=survey).respondent == "ouder"


def test_the_team_has_its_own_unguessable_link(client, cast):
    survey = sample_survey(cast)
    assert survey.team_token and survey.team_token != survey.token and len(survey.team_token) >= 32
    text = client.get(link(survey.team_token)).content.decode()
    assert "versie voor het team" in text and "Ik praat thuis" not in text
    reply = client.post(link(survey.team_token), {"s1": "2", "s8": "4"})  # s8 is not on the team's form
    assert reply.status_code == 302 and reply.url == link(survey.team_token) + "?bedankt=1"
    saved = Response.objects.get(survey=survey)
    assert saved.respondent == "team" and list(saved.answers) == ["s1"]


def test_the_survey_page_shows_staff_both_links(client, cast):
    survey = sample_survey(cast)
    client.force_login(cast.teacher)
    text = client.get(
        reverse("ouderbetrokkenheid:survey", kwargs={"brin": "11AA", "survey_id": survey.pk})
    ).content.decode()
    assert link(survey.token) in text and link(survey.team_token) in text
    assert "voor=team" not in text

"""The teacher's start page lists the open parent surveys she types paper forms in, with her own count (issue 17,
item 7); other roles and closed surveys get no card."""

import pytest
from django.urls import reverse

from ouderbetrokkenheid.models import Survey
from ouderbetrokkenheid.selectors import surveys_being_entered
from tests.ouderbetrokkenheid.factories import add_responses, sample_survey

pytestmark = pytest.mark.django_db
CARD = "ouderbetrokkenheid/_entering_card.html"


def _cards(client, cast):
    client.post(
        reverse("scholen:school_year_switch", args=[cast.school_a.brin]), {"school_year": cast.year.label}
    )
    response = client.get(reverse("scholen:dashboard", args=[cast.school_a.brin]))
    return {card.template: card for card in response.context["cards"]}, response.content.decode()


def test_the_teacher_sees_the_open_surveys_with_her_own_forms(client, cast):
    survey = sample_survey(cast)
    add_responses(survey, cast.teacher, [("ouder", {"s1": 3}, [], "")] * 2)
    add_responses(survey, cast.ib, [("ouder", {"s1": 2}, [], "")])
    client.force_login(cast.teacher)
    cards, html = _cards(client, cast)
    (row,) = cards[CARD].context["surveys"]
    assert (row.title, row.n_mine, row.n_forms) == (survey.title, 2, 3)
    assert "Ouderpeilingen invoeren" in html
    assert reverse("ouderbetrokkenheid:entry", kwargs={"brin": "11AA", "survey_id": survey.pk}) in html


def test_closed_surveys_and_other_roles_get_no_card(client, cast):
    survey = sample_survey(cast)
    client.force_login(cast.ib)
    assert CARD not in _cards(client, cast)[0]
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED)
    client.force_login(cast.teacher)
    assert CARD not in _cards(client, cast)[0]
    assert surveys_being_entered(school=cast.school_b, school_year=cast.year, user=cast.teacher) == []

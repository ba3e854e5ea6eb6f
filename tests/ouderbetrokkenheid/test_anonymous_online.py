"""The anonymous survey resists stuffing and linking (issue 12.7): a limit on answers per network address and period
kept only in the cache, no time finer than the day stored with an answer, and no sequential id on any page or URL
that could tie an answer to the moment a parent sent it."""

import datetime
import re

import pytest
from django.urls import reverse

from npo_planner.scholen.models import AuditEntry
from ouderbetrokkenheid.models import Response
from ouderbetrokkenheid.online_limit import counts
from tests.ouderbetrokkenheid.factories import sample_survey

pytestmark = pytest.mark.django_db


def answer(client, survey, address, n=1, **extra):
    link = reverse("ouderpeiling_online", kwargs={"token": survey.token})
    replies = []
    for _ in range(n):
        client.cookies.clear()  # a new browser each time: the cookie alone does not stop stuffing
        replies.append(client.post(link, {"s1": "4", **extra}, REMOTE_ADDR=address))
    return replies


def test_one_address_can_send_only_so_many_answers_per_period(client, cast, settings):
    settings.OUDERPEILING_ONLINE_LIMIT = (3, 3600)
    survey = sample_survey(cast)
    replies = answer(client, survey, "198.51.100.7", n=5)
    assert [r.status_code for r in replies] == [302, 302, 302, 429, 429]
    assert "Er zijn vanaf dit netwerk" in replies[-1].content.decode()
    assert Response.objects.filter(survey=survey).count() == 3
    # another address, and the same address for another survey, are not affected
    assert answer(client, survey, "198.51.100.8")[0].status_code == 302
    other = sample_survey(cast, title="Tweede peiling")
    assert answer(client, other, "198.51.100.7")[0].status_code == 302


def test_the_limit_lives_in_the_cache_only_and_never_holds_the_address(client, cast, settings):
    settings.OUDERPEILING_ONLINE_LIMIT = (3, 3600)
    survey = sample_survey(cast)
    answer(client, survey, "198.51.100.7", n=4)
    counts().clear()  # a new period (or a restart): the address may answer again
    assert answer(client, survey, "198.51.100.7")[0].status_code == 302
    stored = " ".join(str(row) for row in Response.objects.values())
    stored += " ".join(str(row) for row in AuditEntry.objects.values())
    assert "198.51.100.7" not in stored
    keys = list(counts()._cache.keys())  # the memory cache of tests
    assert keys and not any("198.51.100.7" in key for key in keys)


def test_an_online_answer_keeps_only_its_day(client, cast):
    survey = sample_survey(cast)
    answer(client, survey, "198.51.100.7")
    saved = Response.objects.get(survey=survey)
    assert saved.created_on == datetime.date.today()
    for field in Response._meta.concrete_fields:
        assert not isinstance(getattr(saved, field.attname), datetime.datetime), field.name


def test_no_audit_entry_ties_an_online_answer_to_its_moment(client, cast):
    survey = sample_survey(cast)
    answer(client, survey, "198.51.100.7")
    saved = Response.objects.get(survey=survey)
    assert not AuditEntry.objects.filter(object_type="ouderbetrokkenheid.response").exists()
    assert not AuditEntry.objects.filter(object_id=str(saved.pk), object_type__contains="response").exists()


def test_pages_and_urls_show_a_random_code_not_the_sequential_id(client, cast):
    survey = sample_survey(cast)
    answer(client, survey, "198.51.100.7", n=2, remark="Meer via de app")
    first, second = Response.objects.filter(survey=survey).order_by("id")
    assert first.public_id and len(first.public_id) >= 8 and first.public_id != second.public_id
    client.force_login(cast.director)
    listing = client.get(
        reverse("ouderbetrokkenheid:responses", kwargs={"brin": "11AA", "survey_id": survey.pk})
    )
    text = listing.content.decode()
    edit = reverse(
        "ouderbetrokkenheid:response_edit", kwargs={"brin": "11AA", "response_id": first.public_id}
    )
    assert edit in text and str(first.pk) not in re.findall(r"formulieren/([^/]+)/", text)
    assert f"<td>{first.pk}</td>" not in text
    remarks = client.get(
        reverse("ouderbetrokkenheid:remarks", kwargs={"brin": "11AA", "survey_id": survey.pk})
    )
    assert f'name="theme_{first.public_id}"' in remarks.content.decode()
    assert f'name="theme_{first.pk}"' not in remarks.content.decode()
    assert client.get(edit).status_code == 200


def test_behind_the_proxy_the_address_the_proxy_saw_counts(client, cast, settings):
    """Behind Caddy every request comes from 127.0.0.1: the limit uses the address the proxy appended, so one
    parent's stuffing does not lock out the whole school, and a forged X-Forwarded-For entry does not help."""
    settings.OUDERPEILING_ONLINE_LIMIT = (2, 3600)
    settings.BEHIND_PROXY = True
    survey = sample_survey(cast)
    link = reverse("ouderpeiling_online", kwargs={"token": survey.token})

    def send(forwarded):
        client.cookies.clear()
        return client.post(
            link, {"s1": "4"}, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded
        ).status_code

    assert [send(f"10.0.0.{n}, 198.51.100.7") for n in range(3)] == [302, 302, 429]
    assert send("198.51.100.9") == 302

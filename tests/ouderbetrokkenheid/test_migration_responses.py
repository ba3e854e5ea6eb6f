"""Migrations 0005-0007: answers read from a file are marked 'bestand' (their origin was recorded all along), and
each response keeps only its day and gets a random public code; both can be reversed."""

import datetime

import pytest
from django.utils import timezone

from tests.migrations import historical_school, latest, migrate

BEFORE = [("ouderbetrokkenheid", "0004_survey_team_token")]
AFTER = [("ouderbetrokkenheid", "0007_response_public_id_created_on")]


@pytest.mark.django_db(transaction=True)
def test_existing_responses_keep_their_origin_and_day_and_get_a_public_code():
    newest = latest()
    late_evening = timezone.make_aware(datetime.datetime(2022, 6, 1, 23, 30))  # local time: still 1 June
    try:
        apps = migrate(BEFORE)
        model = apps.get_model
        school, year = historical_school(apps)
        template = model("ouderbetrokkenheid", "SurveyTemplate").objects.create(name="Migratietest")
        survey = model("ouderbetrokkenheid", "Survey").objects.create(
            school=school, school_year=year, template=template, title="Peiling", token="t-1", team_token="t-2"
        )
        Response = model("ouderbetrokkenheid", "Response")
        for source in ("import", "papier", "online"):
            Response.objects.create(survey=survey, respondent="ouder", source=source)
        Response.objects.update(created_at=late_evening)

        apps = migrate(AFTER)
        rows = list(
            apps.get_model("ouderbetrokkenheid", "Response")
            .objects.order_by("id")
            .values_list("source", "created_on", "public_id")
        )
        assert [source for source, _day, _code in rows] == ["bestand", "papier", "online"]
        assert {day for _source, day, _code in rows} == {datetime.date(2022, 6, 1)}
        codes = {code for _source, _day, code in rows}
        assert len(codes) == 3 and all(len(code) == 10 for code in codes)

        apps = migrate(BEFORE)
        back = apps.get_model("ouderbetrokkenheid", "Response").objects.order_by("id")
        assert list(back.values_list("source", flat=True)) == ["import", "papier", "online"]
        assert {timezone.localtime(at).date() for at in back.values_list("created_at", flat=True)} == {
            datetime.date(2022, 6, 1)
        }
    finally:
        migrate(newest)

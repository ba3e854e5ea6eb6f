"""Migration 0004 gives every existing survey a team link of its own: a fresh unguessable token, unlike the parents'
one and unlike every other survey's."""

import pytest

from tests.migrations import historical_school, latest, migrate

BEFORE = [("ouderbetrokkenheid", "0003_school_themes")]
AFTER = [("ouderbetrokkenheid", "0004_survey_team_token")]


@pytest.mark.django_db(transaction=True)
def test_existing_surveys_get_their_own_team_token():
    newest = latest()
    try:
        apps = migrate(BEFORE)
        model = apps.get_model
        school, year = historical_school(apps)
        template = model("ouderbetrokkenheid", "SurveyTemplate").objects.create(name="Migratietest")
        Survey = model("ouderbetrokkenheid", "Survey")
        for n in range(3):
            Survey.objects.create(
                school=school, school_year=year, template=template, title=f"P{n}", token=f"ouders-{n}"
            )

        apps = migrate(AFTER)
        rows = list(apps.get_model("ouderbetrokkenheid", "Survey").objects.values_list("token", "team_token"))
        team_tokens = {team for _parents, team in rows}
        assert len(team_tokens) == 3 and all(len(team) >= 32 for team in team_tokens)
        assert not team_tokens & {parents for parents, _team in rows}
    finally:
        migrate(newest)

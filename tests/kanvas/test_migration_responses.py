"""Migration kanvas 0003 carries answers and scale scores from a row per answer and per scale over to a row per
filled-in questionnaire, and back again when it is reversed."""

import pytest

from tests.migrations import historical_school, latest, migrate

BEFORE = [("kanvas", "0002_load_instruments")]
AFTER = [("kanvas", "0003_responses")]


@pytest.mark.django_db(transaction=True)
def test_answers_and_scores_survive_the_migration_both_ways():
    newest = latest()
    try:
        apps = migrate(BEFORE)
        model = apps.get_model
        school, year = historical_school(apps)
        group = model("scholen", "Group").objects.create(school=school, school_year=year, name="5a", grade=5)
        pupil = model("scholen", "Pupil").objects.create(school=school, code="M1")
        moment = model("kanvas", "Moment").objects.create(
            school=school, school_year=year, label="2021-najaar", sort_key=20212
        )
        participation = model("kanvas", "Participation").objects.create(
            moment=moment, pupil=pupil, group=group
        )
        items = {i.code: i for i in model("kanvas", "Item").objects.filter(questionnaire__code="leerling")}
        scale = model("kanvas", "Scale").objects.get(questionnaire__code="leerling", code="OS")
        model("kanvas", "Answer").objects.bulk_create(
            [
                model("kanvas", "Answer")(participation=participation, item=items["L07"], value=3),
                model("kanvas", "Answer")(participation=participation, item=items["L08"], value=None),
            ]
        )
        model("kanvas", "ScaleScore").objects.create(
            participation=participation, scale=scale, score=2.5, answered=4, signal=False
        )

        apps = migrate(AFTER)
        (response,) = apps.get_model("kanvas", "Response").objects.all()
        assert response.participation_id == participation.pk
        assert response.answers[items["L07"].pk] == 3
        assert response.answers[items["L08"].pk] is None
        assert response.answers[items["L01"].pk] is None  # every item of the questionnaire, not answered
        assert len(response.answers) == 24
        assert tuple(response.scores[scale.pk]) == (2.5, 4, False)

        apps = migrate(BEFORE)
        answers = apps.get_model("kanvas", "Answer").objects.filter(value__isnull=False)
        assert list(answers.values_list("item_id", "value")) == [(items["L07"].pk, 3)]
        assert list(
            apps.get_model("kanvas", "ScaleScore").objects.values_list(
                "scale_id", "score", "answered", "signal"
            )
        ) == [(scale.pk, 2.5, 4, False)]
    finally:
        migrate(newest)

"""A survey's charts are drawn in the background when its answers change (issue 21 item 4): the first visitor of
the results page after an import or a typed form finds every chart in the shared chart cache."""

import pytest
from django.core.cache import caches
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from npo_planner.lib.charts import CACHE_ALIAS
from ouderbetrokkenheid.answers import Filled
from ouderbetrokkenheid.importers import responses_import
from ouderbetrokkenheid.models import Stage
from ouderbetrokkenheid.services import response_record
from ouderbetrokkenheid.tasks import draw_survey_charts
from tests.ouderbetrokkenheid.factories import sample_survey

pytestmark = pytest.mark.django_db

HEADER = (
    "respondent;bouw;"
    + ";".join(f"s{n}" for n in range(1, 10))
    + ";"
    + ";".join(f"p{n}" for n in range(1, 9))
)


def survey_file(rows=12):
    lines = [HEADER] + [
        f"{'team' if i % 2 else 'ouder'};onderbouw;"
        + ";".join(str(1 + (i + n) % 4) for n in range(7))
        + ";;;"
        + ";".join(str(1 + (i + n) % 3) for n in range(8))
        for i in range(rows)
    ]
    return ("\n".join(lines) + "\n").encode()


def waiting_for(survey):
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=draw_survey_charts.module_path, args_kwargs__args=[survey.pk]
    ).count()


def import_into(cast, survey, **mode):
    return responses_import(
        user=cast.director,
        school=cast.school_a,
        year_label=cast.year.label,
        title=survey.title,
        data=survey_file(),
        filename="peiling.csv",
        **mode,
    )


def drawn_by_visitor(client, cast, survey, monkeypatch):
    """How many charts the results pages (whole school and each bouw) had to draw themselves."""
    cache = caches[CACHE_ALIAS]
    stored = []
    real_set = cache.set
    monkeypatch.setattr(
        cache, "set", lambda key, value, *a, **k: stored.append(key) or real_set(key, value, *a, **k)
    )
    client.force_login(cast.director)
    url = reverse("ouderbetrokkenheid:results", kwargs={"brin": "11AA", "survey_id": survey.pk})
    for stage in ("", *Stage.values):
        page = client.get(f"{url}?bouw={stage}")
        assert page.status_code == 200 and page.context["statement_chart"]
    monkeypatch.undo()
    return len(stored)


def test_an_import_enqueues_the_drawing_once_and_the_first_visitor_finds_the_charts(
    client, cast, monkeypatch, django_capture_on_commit_callbacks
):
    survey = sample_survey(cast)
    with django_capture_on_commit_callbacks(execute=True):
        import_into(cast, survey)
    assert waiting_for(survey) == 1
    with django_capture_on_commit_callbacks(execute=True):  # while it waits, a second change adds no task
        response_record(
            user=cast.director, survey=survey, filled=Filled(respondent="ouder", answers={"s1": 4})
        )
    assert waiting_for(survey) == 1

    caches[CACHE_ALIAS].clear()  # as after a restart with an empty cache
    assert draw_survey_charts.call(survey.pk) == 8  # statements and options, whole school and three bouwen
    assert drawn_by_visitor(client, cast, survey, monkeypatch) == 0


def test_without_the_background_drawing_the_visitor_draws(client, cast, monkeypatch):
    """The control for the test above: the pages do draw what nobody drew before."""
    survey = sample_survey(cast)
    import_into(cast, survey)
    caches[CACHE_ALIAS].clear()
    assert drawn_by_visitor(client, cast, survey, monkeypatch) > 0


def test_a_correction_and_a_removal_redraw_too(cast, django_capture_on_commit_callbacks):
    from ouderbetrokkenheid.services import response_delete, response_update

    survey = sample_survey(cast)
    response = response_record(
        user=cast.director, survey=survey, filled=Filled(respondent="ouder", answers={"s1": 4})
    )
    DBTaskResult.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        response_update(
            user=cast.director,
            response=response,
            version=1,
            filled=Filled(respondent="ouder", answers={"s1": 2}),
        )
    assert waiting_for(survey) == 1
    DBTaskResult.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        response_delete(user=cast.director, response=response)
    assert waiting_for(survey) == 1
    survey.delete()
    assert draw_survey_charts.call(survey.pk) == 0  # a survey deleted before its turn: nothing to draw

"""The KanVAS charts are drawn in the background when a moment's data change (issue 21 item 4): after an import
(inside the request or by the background job), a replacement or a rescoring, the first visitor of the overview and
of a group's or a pupil's trend finds its chart in the shared chart cache: with any comparison, and as a leerkracht
sees it (her own groups, this school year's moments)."""

import pytest
from django.core.cache import caches
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from kanvas import import_jobs, services
from kanvas.models import Moment, PendingUpload, Questionnaire
from kanvas.tasks import draw_moment_charts, draw_pupil_trend_charts
from npo_planner.jobs.models import Job
from npo_planner.jobs.tasks import run_job
from npo_planner.lib.charts import CACHE_ALIAS
from npo_planner.scholen.models import Group, Pupil
from tests.kanvas.helpers import group_rows, import_answers, pupil_rows
from tests.kanvas.test_import_jobs import checked
from tests.kanvas.test_views import M1, M2, upload, url
from tests.queue import work_off_the_queue

pytestmark = pytest.mark.django_db
EARLIER = "2021-voorjaar"  # school year 2020-2021


def moment_rows(moment, signals):
    return group_rows("5a", moment, 6, signals=signals) + group_rows("6a", moment, 6, signals=signals + 1)


@pytest.fixture
def measured(cast):
    """Groups 5a (the leerkracht's) and 6a measured at the first moment, 5a's pupils also a year before in 4a (so
    the leerkracht's trend, this school year only, differs from the IB'er's); nothing drawn yet."""
    earlier = [row for i in range(6) for row in pupil_rows(f"P5a{i:02d}", "4a", EARLIER, {"OS": 3})]
    import_answers(cast.school_a, earlier + moment_rows(M1, 1))  # no commit in a test: nothing enqueued
    caches[CACHE_ALIAS].clear()
    return cast


def waiting(label=None):
    """The drawing tasks waiting in the queue, per moment label."""
    results = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=draw_moment_charts.module_path
    )
    labels = dict(Moment.objects.values_list("id", "label"))
    return sorted(labels[r.args_kwargs["args"][0]] for r in results)


def drawn_by_visitors(client, cast, monkeypatch, moment=M2, other_comparisons=True):
    """How many charts the visitors drew themselves: the overview (the IB'er with the default comparison, without
        one and against last year; the leerkracht's own groups), the groups' trends (IB'er and leerkracht) and a pupil's
        trend (IB'er and leerkracht; the pupil was measured last year too, so the two differ). `other_comparisons`: False
    leaves out the overviews without a comparison and against last year (they do not show the first moment's figures)."""
    cache = caches[CACHE_ALIAS]
    stored = []
    real_set = cache.set
    monkeypatch.setattr(
        cache, "set", lambda key, value, *a, **k: stored.append(key) or real_set(key, value, *a, **k)
    )
    groups = {g.name: g.pk for g in Group.objects.filter(school=cast.school_a)}
    pupil = Pupil.objects.get(school=cast.school_a, code="P5a00")
    pages = [
        (cast.ib, url("index", cast, query=f"?moment={moment}")),
        *(
            [
                (cast.ib, url("index", cast, query=f"?moment={moment}&vergelijk=")),
                (cast.ib, url("index", cast, query=f"?moment={moment}&vergelijk={EARLIER}")),
            ]
            if other_comparisons
            else []
        ),
        (cast.teacher, url("index", cast, query=f"?moment={moment}")),
        (cast.ib, url("group_trend", cast, groups["5a"])),
        (cast.ib, url("group_trend", cast, groups["6a"])),
        (cast.teacher, url("group_trend", cast, groups["5a"])),
        (cast.ib, url("pupil_trend", cast, pupil.pk)),
        (cast.teacher, url("pupil_trend", cast, pupil.pk)),
    ]
    for user, address in pages:
        client.force_login(user)
        page = client.get(address)
        assert page.status_code == 200 and page.context["chart"], address
    monkeypatch.undo()
    return len(stored)


def test_an_import_in_the_request_enqueues_one_drawing_and_the_first_visitor_draws_nothing(
    client, measured, monkeypatch, django_capture_on_commit_callbacks
):
    client.force_login(measured.ib)
    upload(client, measured, moment_rows(M2, 2))
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(
            url("import_preview", measured), {"upload": PendingUpload.objects.get().pk, "confirm": "1"}
        )
    assert page.status_code == 302 and not Job.objects.exists(), "written inside the request"
    assert waiting() == [M2], "one task for the one moment written"
    with django_capture_on_commit_callbacks(execute=True):  # while it waits, another change adds no task
        import_answers(measured.school_a, group_rows("7a", M2, 6, prefix="R"), replace=True)
    assert waiting() == [M2]

    work_off_the_queue()

    (result,) = DBTaskResult.objects.filter(task_path=draw_moment_charts.module_path)
    assert result.status == TaskResultStatus.SUCCESSFUL, result.traceback
    # the overview at M2 alone, against M1 and against last year's moment, and of those two against M2; the
    # leerkracht's (her 5a) at M2 alone, against M1, and M1 against M2; the trends of 5a, 6a, 7a with every moment
    # and with the year's, and of last year's 4a (its pupils were measured at M2 in 5a) with every moment
    assert result.return_value == 5 + 3 + (2 * 3 + 1)
    # then, in a task of its own, the trends of the 18 pupils measured at M2 with every moment and with the year's
    (pupils,) = DBTaskResult.objects.filter(task_path=draw_pupil_trend_charts.module_path)
    assert pupils.status == TaskResultStatus.SUCCESSFUL, pupils.traceback
    assert pupils.return_value == 18 * 2
    assert drawn_by_visitors(client, measured, monkeypatch) == 0


def test_a_large_import_by_the_background_job_enqueues_one_drawing(
    client, measured, monkeypatch, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_BYTES = 1
    client.force_login(measured.ib)
    checked(client, measured, django_capture_on_commit_callbacks, moment_rows(M2, 2))  # the check job, then
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url("import_preview", measured), {"upload": PendingUpload.objects.get().pk, "confirm": "1"}
        )
    assert waiting() == [], "nothing written yet"
    with django_capture_on_commit_callbacks(execute=True):
        work_off_the_queue()  # the job writes the file
    assert Job.objects.get(kind=import_jobs.KIND).status == Job.Status.DONE
    assert waiting() == [M2]
    work_off_the_queue()  # the drawing
    assert drawn_by_visitors(client, measured, monkeypatch) == 0


def test_a_job_a_user_waits_for_comes_before_warming_and_the_pupils_charts_come_last(measured):
    """The worker takes the queue by priority: a PDF or import job enqueued behind a school's warming is next."""
    moment = Moment.objects.get(label=M1).pk
    for task, argument in ((draw_pupil_trend_charts, moment), (draw_moment_charts, moment), (run_job, "job")):
        task.enqueue(argument)
    order = []
    while (next_task := DBTaskResult.objects.ready().get_locked()) is not None:
        order.append(next_task.task_path)
        next_task.delete()  # as if the worker had run it
    assert order == [t.module_path for t in (run_job, draw_moment_charts, draw_pupil_trend_charts)]


def test_without_the_background_drawing_the_visitor_draws(client, measured, monkeypatch):
    """The control for the tests above: the pages do draw what nobody drew before."""
    import_answers(measured.school_a, moment_rows(M2, 2))
    assert drawn_by_visitors(client, measured, monkeypatch) > 0


def test_a_replacement_redraws_the_moment_and_the_overview_compared_with_it(
    client, measured, monkeypatch, django_capture_on_commit_callbacks
):
    import_answers(measured.school_a, moment_rows(M2, 2))
    with django_capture_on_commit_callbacks(execute=True):
        import_answers(measured.school_a, moment_rows(M1, 3), replace=True)
    assert waiting() == [M1]
    caches[CACHE_ALIAS].clear()
    work_off_the_queue()
    # M2's overview compares with M1 by default (the IB'er's and the leerkracht's): drawn by M1's task too
    assert drawn_by_visitors(client, measured, monkeypatch, moment=M2, other_comparisons=False) == 0


def test_a_rescoring_redraws_every_moment_of_the_questionnaire(measured, django_capture_on_commit_callbacks):
    import_answers(measured.school_a, moment_rows(M2, 2))
    leerling = Questionnaire.objects.get(code="leerling")
    with django_capture_on_commit_callbacks(execute=True):
        services.rescore(questionnaire_ids=[leerling.pk])
    assert waiting() == sorted([EARLIER, M1, M2])
    Moment.objects.filter(label=M1).delete()
    assert draw_moment_charts.call(Moment.objects.get(label=M2).pk) > 0
    assert draw_moment_charts.call(0) == 0  # a moment deleted before its turn: nothing to draw

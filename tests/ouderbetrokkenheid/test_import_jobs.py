"""A large survey file is written by a background job as a large KanVAS file is (npo_planner.jobs.file_imports):
parsed once at the upload, confirmed once whatever the clicks, all or nothing, a visible failure and a retry; and the
import's cost stays flat in the number of rows (each distinct text checked once, one statement for the write)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from npo_planner.jobs.models import Job
from ouderbetrokkenheid import import_jobs, importers
from ouderbetrokkenheid.models import PUBLIC_ID_ALPHABET, PendingSurveyFile, Response, SurveyImport
from ouderbetrokkenheid.response_columns import public_ids
from ouderbetrokkenheid.services import survey_file_confirm
from tests.ouderbetrokkenheid.factories import sample_survey
from tests.ouderbetrokkenheid.test_chart_warming import survey_file, waiting_for
from tests.queue import work_off_the_queue

pytestmark = pytest.mark.django_db


@pytest.fixture
def large(settings):
    settings.IMPORT_BACKGROUND_BYTES = 1  # every file is large


def url(name, survey, **kwargs):
    return reverse(f"ouderbetrokkenheid:{name}", kwargs={"brin": "11AA", "survey_id": survey.pk, **kwargs})


def job_url(survey, job, name="survey_import_job"):
    return url(name, survey, survey_job_id=job.pk)


def upload(client, survey, rows=12):
    checked = client.post(
        url("survey_import", survey), {"file": SimpleUploadedFile("p.csv", survey_file(rows))}
    )
    assert checked.status_code == 302, checked.content.decode()[:2000]
    return checked.url


def confirm(client, survey, capture):
    pending = PendingSurveyFile.objects.get()
    with capture(execute=True):
        response = client.post(url("survey_import_preview", survey), {"bestand": pending.pk, "confirm": "1"})
    assert response.status_code == 302
    return response


def test_a_large_file_is_written_by_a_job_with_progress_and_its_charts_are_drawn(
    client, cast, large, django_capture_on_commit_callbacks
):
    survey = sample_survey(cast)
    client.force_login(cast.ib)
    preview = client.get(upload(client, survey)).content.decode()
    assert "12 vragenlijsten" in preview and "op de achtergrond opgeslagen" in preview
    response = confirm(client, survey, django_capture_on_commit_callbacks)
    job = Job.objects.get()
    assert response.url == job_url(survey, job)
    assert (job.kind, job.school, job.created_by) == ("survey_import", cast.school_a, cast.ib)
    assert not survey.responses.exists(), "nothing is written inside the request"
    page = client.get(job_url(survey, job)).content.decode()
    assert "wacht op zijn beurt" in page and 'hx-trigger="every 2s"' in page

    with django_capture_on_commit_callbacks(execute=True):
        work_off_the_queue()

    job.refresh_from_db()
    assert (job.status, job.done, job.total) == (Job.Status.DONE, 2, 2)
    assert survey.responses.filter(source=Response.Source.IMPORT).count() == 12
    assert SurveyImport.objects.get(survey=survey).rows == 12 and not PendingSurveyFile.objects.exists()
    fragment = client.get(job_url(survey, job), headers={"HX-Request": "true"}).content.decode()
    assert "p.csv is ingelezen: 12 rijen opgeslagen." in fragment and "hx-trigger" not in fragment
    assert url("results", survey) in fragment
    assert waiting_for(survey) == 1, "the charts are drawn after the job's import, as after an inline one"
    work_off_the_queue()
    assert waiting_for(survey) == 0


def test_a_double_confirm_starts_one_job_and_imports_once(
    client, cast, large, django_capture_on_commit_callbacks
):
    survey = sample_survey(cast)
    client.force_login(cast.ib)
    upload(client, survey)
    stale = PendingSurveyFile.objects.get()  # read before the first confirm, as a second tab or click did
    first = confirm(client, survey, django_capture_on_commit_callbacks)
    second = confirm(client, survey, django_capture_on_commit_callbacks)
    assert first.url == second.url
    assert import_jobs.confirm_later(pending=stale, user=cast.ib) == Job.objects.get()
    work_off_the_queue()
    assert survey.responses.count() == 12 and SurveyImport.objects.count() == 1


def test_a_double_confirm_of_a_small_file_imports_once(client, cast):
    survey = sample_survey(cast)
    client.force_login(cast.ib)
    upload(client, survey)
    pending = PendingSurveyFile.objects.get()
    survey_file_confirm(user=cast.ib, pending=pending)
    with pytest.raises(ValidationError, match="al ingelezen"):
        survey_file_confirm(user=cast.ib, pending=pending)  # the same file again, from a second request
    assert survey.responses.count() == 12 and SurveyImport.objects.count() == 1
    assert not Job.objects.exists()


def test_a_failing_write_fails_the_job_writes_nothing_and_runs_again_on_retry(
    client, cast, large, monkeypatch, django_capture_on_commit_callbacks
):
    survey = sample_survey(cast)
    client.force_login(cast.ib)
    upload(client, survey)
    confirm(client, survey, django_capture_on_commit_callbacks)
    job = Job.objects.get()
    real = importers.write_responses

    def write_then_crash(survey_id, responses):
        real(survey_id, responses)  # everything is written ...
        raise RuntimeError("disk full")  # ... and then it fails: the whole transaction goes

    monkeypatch.setattr(importers, "write_responses", write_then_crash)
    work_off_the_queue()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and not job.params.get("refused")
    assert (Response.objects.count(), SurveyImport.objects.count()) == (0, 0)
    assert PendingSurveyFile.objects.filter(confirmed=True).count() == 1, "the file is kept for the retry"
    page = client.get(job_url(survey, job)).content.decode()
    assert "De taak is mislukt (RuntimeError)" in page and "Opnieuw proberen" in page

    monkeypatch.setattr(importers, "write_responses", real)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(job_url(survey, job, "survey_import_job_retry")).status_code == 302
    work_off_the_queue()
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.DONE, 2)
    assert survey.responses.count() == 12 and SurveyImport.objects.count() == 1


def test_a_survey_closed_before_the_job_runs_refuses_the_file_and_writes_nothing(
    client, cast, large, django_capture_on_commit_callbacks
):
    survey = sample_survey(cast)
    client.force_login(cast.ib)
    upload(client, survey)
    confirm(client, survey, django_capture_on_commit_callbacks)
    survey.status = survey.Status.CLOSED
    survey.save()
    work_off_the_queue()
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED and job.params["refused"]
    assert not survey.responses.exists()
    page = client.get(job_url(survey, job)).content.decode()
    assert "is gesloten" in page and "Ander bestand kiezen" in page and "Opnieuw proberen" not in page


def test_a_pending_file_checked_before_the_columns_form_is_still_read_in(cast):
    survey = sample_survey(cast)
    pending = PendingSurveyFile.objects.create(
        survey=survey,
        user=cast.ib,
        filename="oud.csv",
        size=10,
        sha256="0" * 64,
        data=b"",
        parsed={
            "size": 10,
            "sha256": "0" * 64,
            "rows": [["team", ["middenbouw"], "3.4", "12", "Graag"], ["ouder", [], [["s", 2, 1]], ""]],
            "warnings": [],
            "ignored": [],
        },
    )
    survey_file_confirm(user=cast.ib, pending=pending)
    team, parent = survey.responses.order_by("id")
    assert (team.respondent, team.middenbouw, team.statement_answers, team.option_answers, team.remark) == (
        "team",
        True,
        "3.4",
        "12",
        "Graag",
    )
    assert (parent.respondent, parent.statement_answers, parent.option_answers) == ("ouder", ".1", "")


# --- the cost of an import, flat in its rows --------------------------------------------------------------


def queries_of_an_import(cast, rows: int) -> int:
    data = survey_file(rows)
    with CaptureQueriesContext(connection) as captured:
        importers.responses_import(
            user=cast.director,
            school=cast.school_a,
            year_label=cast.year.label,
            title=f"Peiling van {rows}",
            data=data,
            filename="p.csv",
        )
    assert Response.objects.filter(survey__title=f"Peiling van {rows}").count() == rows
    return len(captured)


def test_an_import_costs_the_same_queries_for_ten_rows_and_for_three_hundred(cast):
    queries_of_an_import(cast, 5)  # what is read once per process (the default template, content types)
    assert queries_of_an_import(cast, 10) == queries_of_an_import(cast, 300)


def test_a_valid_file_is_checked_a_column_at_a_time_not_row_by_row(cast, monkeypatch):
    def row_by_row(*_args, **_kwargs):
        raise AssertionError("a valid file was read row by row")

    monkeypatch.setattr(importers, "read_table", row_by_row)
    queries_of_an_import(cast, 300)


def test_public_codes_are_distinct_codes_of_the_alphabet():
    codes = public_ids(5000)
    assert len(set(codes)) == 5000
    assert {len(code) for code in codes} == {10} and set("".join(codes)) == set(PUBLIC_ID_ALPHABET)

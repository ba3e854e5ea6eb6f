"""A large KanVAS file is parsed once for preview and confirm and written by a background job: progress, result,
the file's errors in the importer's wording, all or nothing, a visible failure and a retry. Rescoring after an
instrument change is a job too."""

import pytest
from django.urls import reverse

from kanvas import importers, plan_store, services, writers
from kanvas.models import ImportRecord, PendingUpload, Response
from npo_planner.jobs.models import Job
from npo_planner.scholen.models import Pupil
from tests.kanvas.helpers import group_rows, import_answers
from tests.kanvas.test_views import M1, upload, url
from tests.queue import work_off_the_queue


@pytest.fixture(autouse=True)
def every_file_is_large(settings):
    settings.IMPORT_BACKGROUND_BYTES = 1


@pytest.fixture
def parses(monkeypatch):
    """Counts how often an answers file is parsed."""
    calls = []
    real = services.PARSERS["antwoorden"]

    def counting(**kwargs):
        calls.append(kwargs["filename"])
        return real(**kwargs)

    monkeypatch.setitem(services.PARSERS, "antwoorden", counting)
    return calls


def job_url(cast, job, name="import_job", key="import_job_id"):
    return reverse(f"kanvas:{name}", kwargs={"brin": cast.school_a.brin, key: job.pk})


def confirm(client, cast, capture):
    pending = PendingUpload.objects.get()
    with capture(execute=True):
        response = client.post(url("import_preview", cast), {"upload": pending.pk, "confirm": "1"})
    job = Job.objects.get(kind="kanvas_import")
    assert response.status_code == 302 and response.url == job_url(cast, job)
    return job


def checked(client, cast, capture, rows, **kwargs):
    """Upload a large file: the request stores it and starts its check, which the worker does; then its preview."""
    with capture(execute=True):
        response = upload(client, cast, rows, **kwargs)
    job = Job.objects.filter(kind="kanvas_check").first()  # the latest
    assert response.status_code == 302 and response.url == job_url(cast, job, "import_check", "check_job_id")
    work_off_the_queue()
    return client.get(url("import_preview", cast, query=f"?upload={job.params['upload']}"))


def test_a_large_file_is_parsed_once_and_written_by_a_job_with_progress(
    client, cast, parses, django_capture_on_commit_callbacks
):
    client.force_login(cast.ib)
    preview = checked(client, cast, django_capture_on_commit_callbacks, group_rows("5a", M1, 5))
    assert preview.context["summary"]["answers"] == 120 and preview.context["background"]
    assert "op de achtergrond opgeslagen" in preview.content.decode()
    client.get(preview.request["PATH_INFO"] + f"?upload={PendingUpload.objects.get().pk}")  # shown again
    job = confirm(client, cast, django_capture_on_commit_callbacks)
    assert (job.kind, job.school, job.created_by) == ("kanvas_import", cast.school_a, cast.ib)
    assert Response.objects.count() == 0, "nothing is written inside the request"
    page = client.get(job_url(cast, job)).content.decode()
    assert "wacht op zijn beurt" in page and 'hx-trigger="every 2s"' in page

    work_off_the_queue()

    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.percent) == (Job.Status.DONE, 2, 2, 100)
    assert parses == ["a.csv"], "parsed once for the preview, the second look and the confirm"
    assert sum(len(r.answers) for r in Response.objects.all()) == 120
    record = ImportRecord.objects.get()
    assert (record.user, record.rows) == (cast.ib, 120) and not PendingUpload.objects.exists()
    fragment = client.get(job_url(cast, job), headers={"HX-Request": "true"}).content.decode()
    assert "a.csv is ingelezen: 120 rijen opgeslagen." in fragment and "hx-trigger" not in fragment
    assert f"?moment={M1}" in fragment


def test_a_file_refused_at_the_confirm_writes_nothing_and_shows_the_rows_errors(
    client, cast, parses, django_capture_on_commit_callbacks
):
    """Between preview and confirm another import wrote the same moment: the stored Plan no longer fits the school's
    data, the file is checked again inside the job and refused as a whole, with the importer's row/column wording."""
    client.force_login(cast.ib)
    checked(client, cast, django_capture_on_commit_callbacks, group_rows("5a", M1, 5))
    job = confirm(client, cast, django_capture_on_commit_callbacks)
    import_answers(cast.school_a, group_rows("5a", M1, 2))  # while the job waits for the worker
    before = (Response.objects.count(), Pupil.objects.count(), ImportRecord.objects.count())
    work_off_the_queue()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.params["refused"]
    assert parses.count("a.csv") == 2, "the school's data changed: checked again"
    assert (Response.objects.count(), Pupil.objects.count(), ImportRecord.objects.count()) == before
    page = client.get(job_url(cast, job)).content.decode()
    assert (
        "rij 2, kolom meetmoment: waarde &#x27;2021-najaar&#x27;: voor 2021-najaar zijn al antwoorden op "
        "vragenlijst leerling ingelezen; kies &#x27;vervangen&#x27; om ze te vervangen." in page
    )
    assert (
        "Er is niets opgeslagen" in page and "Ander bestand kiezen" in page and "Opnieuw proberen" not in page
    )


def test_a_failed_job_writes_nothing_shows_the_failure_and_runs_again_on_retry(
    client, cast, parses, monkeypatch, django_capture_on_commit_callbacks
):
    client.force_login(cast.ib)
    checked(client, cast, django_capture_on_commit_callbacks, group_rows("5a", M1, 5))
    job = confirm(client, cast, django_capture_on_commit_callbacks)
    pupils = Pupil.objects.count()
    real = writers.write_answers

    def half_then_crash(school, plan):
        real(school, plan)  # everything is written ...
        raise RuntimeError("disk full")  # ... and then it fails: the whole transaction goes

    monkeypatch.setitem(services.WRITERS, "antwoorden", half_then_crash)
    work_off_the_queue()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and not job.params.get("refused")
    assert (Response.objects.count(), Pupil.objects.count(), ImportRecord.objects.count()) == (0, pupils, 0)
    assert PendingUpload.objects.filter(confirmed=True).count() == 1, "the file is kept for the retry"
    page = client.get(job_url(cast, job)).content.decode()
    assert "De taak is mislukt (RuntimeError)" in page and "Opnieuw proberen" in page

    monkeypatch.setitem(services.WRITERS, "antwoorden", real)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(job_url(cast, job, "import_job_retry")).status_code == 302
    work_off_the_queue()
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.DONE, 2)
    assert sum(len(r.answers) for r in Response.objects.all()) == 120
    assert parses == ["a.csv"], "the retry uses the Plan of the preview too"


def test_a_new_upload_while_the_job_waits_leaves_the_confirmed_file_alone(
    client, cast, django_capture_on_commit_callbacks
):
    client.force_login(cast.ib)
    checked(client, cast, django_capture_on_commit_callbacks, group_rows("5a", M1, 5))
    job = confirm(client, cast, django_capture_on_commit_callbacks)
    upload(client, cast, group_rows("6a", M1, 5))  # its check waits too
    assert PendingUpload.objects.count() == 2
    work_off_the_queue()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE


def test_a_tampered_stored_plan_is_not_loaded():
    blob = plan_store.plan_dump(importers.Plan(kind="antwoorden", replace=False, total_rows=3))
    assert plan_store.plan_load(blob).total_rows == 3
    assert plan_store.plan_load(blob[:-1] + bytes([blob[-1] ^ 1])) is None
    assert plan_store.plan_load(b"") is None


def test_another_schools_management_cannot_see_or_retry_the_job(
    client, cast, django_capture_on_commit_callbacks
):
    client.force_login(cast.ib)
    checked(client, cast, django_capture_on_commit_callbacks, group_rows("5a", M1, 5))
    job = confirm(client, cast, django_capture_on_commit_callbacks)
    client.force_login(cast.director_b)
    other = reverse("kanvas:import_job", kwargs={"brin": cast.school_b.brin, "import_job_id": job.pk})
    assert client.get(other).status_code == 404
    retry = reverse("kanvas:import_job_retry", kwargs={"brin": cast.school_b.brin, "import_job_id": job.pk})
    assert client.post(retry).status_code == 404


def test_a_small_file_is_still_written_inside_the_request(client, cast, settings):
    settings.IMPORT_BACKGROUND_BYTES = 10_000_000
    client.force_login(cast.ib)
    client.get(upload(client, cast, group_rows("5a", M1, 5)).url)
    pending = PendingUpload.objects.get()
    response = client.post(url("import_preview", cast), {"upload": pending.pk, "confirm": "1"})
    assert response.status_code == 302 and "taak" not in response.url
    assert not Job.objects.exists() and ImportRecord.objects.count() == 1

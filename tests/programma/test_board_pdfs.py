"""The board's batch of programme PDFs runs on the background queue, with progress, a zip and a retry."""

import io
import zipfile

import pytest
from django.urls import reverse

from npo_planner.jobs.models import Job
from npo_planner.programma.models import Export, Programme
from tests.programma.factories import make_item, make_programme
from tests.queue import work_off_the_queue


@pytest.fixture
def two_programmes(cast):
    for school in (cast.school_a, cast.school_b):
        make_item(make_programme(school, cast.year), goal_area="B", cost_first_year=1000)


def start(client, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("bestuur:pdf_batch") + f"?jaar={cast.year.label}", {"bestuur": cast.school_a.board_id}
        )
    assert response.status_code == 302
    return Job.objects.get()


def test_the_batch_waits_for_the_worker_then_offers_one_zip_with_every_school(
    client, cast, two_programmes, django_capture_on_commit_callbacks
):
    client.force_login(cast.board_member)
    job = start(client, cast, django_capture_on_commit_callbacks)
    page = client.get(reverse("bestuur:job", kwargs={"job_id": job.pk})).content.decode()
    assert "De taak wacht op zijn beurt." in page and 'hx-trigger="every 2s"' in page

    work_off_the_queue()

    job.refresh_from_db()
    assert (job.status, job.done, job.total) == (Job.Status.DONE, 2, 2)
    fragment = client.get(reverse("bestuur:job", kwargs={"job_id": job.pk}), headers={"HX-Request": "true"})
    assert (
        "Klaar: 2 bestanden." in fragment.content.decode() and "hx-trigger" not in fragment.content.decode()
    )
    response = client.get(reverse("bestuur:job_download", kwargs={"job_id": job.pk}))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = sorted(archive.namelist())
    assert [n.split("-")[1] for n in names] == sorted([cast.school_a.brin, cast.school_b.brin])
    assert all(archive.read(n).startswith(b"%PDF") for n in names)
    assert response["Cache-Control"] == "no-store"


def test_a_consented_version_already_stored_as_pdf_is_not_rendered_again(
    client, cast, two_programmes, django_capture_on_commit_callbacks
):
    Programme.objects.update(status=Programme.Status.APPROVED)
    client.force_login(cast.board_member)
    start(client, cast, django_capture_on_commit_callbacks)
    work_off_the_queue()
    assert Export.objects.count() == 2
    Job.objects.all().delete()
    start(client, cast, django_capture_on_commit_callbacks)
    work_off_the_queue()
    assert Export.objects.count() == 2
    assert Job.objects.get().status == Job.Status.DONE


def test_another_boards_member_cannot_see_or_download_the_job(
    client, cast, two_programmes, django_capture_on_commit_callbacks
):
    client.force_login(cast.board_member)
    job = start(client, cast, django_capture_on_commit_callbacks)
    work_off_the_queue()
    client.force_login(cast.board_member_other)
    for name in ("bestuur:job", "bestuur:job_download"):
        assert client.get(reverse(name, kwargs={"job_id": job.pk})).status_code == 404
    assert client.post(reverse("bestuur:job_retry", kwargs={"job_id": job.pk})).status_code == 404
    # Nor start one for a board that is not theirs.
    response = client.post(
        reverse("bestuur:pdf_batch") + f"?jaar={cast.year.label}", {"bestuur": cast.school_a.board_id}
    )
    assert response.status_code == 404


def test_a_failed_job_shows_its_error_and_runs_again_on_retry(
    client, cast, two_programmes, django_capture_on_commit_callbacks, monkeypatch
):
    client.force_login(cast.board_member)
    job = start(client, cast, django_capture_on_commit_callbacks)

    def broken(documents, **kwargs):
        raise RuntimeError("weasyprint crashed")

    monkeypatch.setattr("npo_planner.lib.pdf_render.render_many", broken)
    work_off_the_queue()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    page = client.get(reverse("bestuur:job", kwargs={"job_id": job.pk})).content.decode()
    assert "De taak is mislukt (RuntimeError)" in page and "Opnieuw proberen" in page
    assert client.get(reverse("bestuur:job_download", kwargs={"job_id": job.pk})).status_code == 404

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("bestuur:job_retry", kwargs={"job_id": job.pk}))
    work_off_the_queue()
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == (Job.Status.DONE, 2, "")

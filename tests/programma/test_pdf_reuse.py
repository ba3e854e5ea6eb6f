"""Issue 12.6 / 21.1: no request waits on a PDF. A frozen version's stored PDF is served at once; any other PDF
is made by a background job with progress. A submitted version's PDF is stored and reused while the councils'
decisions it shows are the same; a concept (live figures) is rendered fresh every time."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse

from npo_planner.jobs.models import Job
from npo_planner.programma import services
from npo_planner.programma.models import Council, Export, Programme
from tests.programma.factories import make_item, make_programme, submit
from tests.programma.test_board_pdfs import work_off_the_queue


def _pdf_url(programme):
    return reverse("programma:pdf", kwargs={"brin": programme.school.brin, "programme_id": programme.pk})


@pytest.fixture
def quick_render():
    """The rule is about storing and reusing, not about WeasyPrint: a stand-in PDF keeps these tests fast."""
    counter = iter(range(1000))
    with mock.patch(
        "npo_planner.programma.pdf.render_pdf", side_effect=lambda **kw: b"%%PDF-1.7 %d" % next(counter)
    ) as render:
        yield render


def click(client, programme, capture):
    with capture(execute=True):
        return client.get(_pdf_url(programme))


def test_a_pdf_not_stored_is_made_in_the_background_then_downloaded(
    client, cast, quick_render, django_capture_on_commit_callbacks
):
    programme = make_programme(cast.school_a, cast.year)
    make_item(programme)
    client.force_login(cast.director)
    response = click(client, programme, django_capture_on_commit_callbacks)
    job = Job.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("taken:job", kwargs={"brin": "11AA", "school_job_id": job.pk})
    assert quick_render.call_count == 0  # the request rendered nothing
    page = client.get(response.url).content.decode()
    assert "De taak wacht op zijn beurt." in page and 'hx-trigger="every 2s"' in page

    work_off_the_queue()

    fragment = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert "Klaar." in fragment and "hx-trigger" not in fragment
    download = client.get(reverse("taken:download", kwargs={"brin": "11AA", "school_job_id": job.pk}))
    assert b"".join(download.streaming_content) == bytes(Export.objects.get().pdf)
    assert download["Content-Disposition"].startswith("attachment")
    assert cast.school_a.audit_entries.filter(action="export").exists()


def test_a_second_click_while_the_job_waits_starts_no_second_job(
    client, cast, quick_render, django_capture_on_commit_callbacks
):
    programme = make_programme(cast.school_a, cast.year)
    client.force_login(cast.director)
    first = click(client, programme, django_capture_on_commit_callbacks)
    second = click(client, programme, django_capture_on_commit_callbacks)
    assert first.url == second.url and Job.objects.count() == 1


def test_another_user_cannot_see_or_download_the_job(
    client, cast, quick_render, django_capture_on_commit_callbacks
):
    programme = make_programme(cast.school_a, cast.year)
    client.force_login(cast.director)
    url = click(client, programme, django_capture_on_commit_callbacks).url
    work_off_the_queue()
    client.force_login(cast.mr)  # same school, may download PDFs, but not the directeur's job
    assert client.get(url).status_code == 404
    assert client.get(url + "download/").status_code == 404


def test_a_consented_version_is_served_from_storage(
    client, cast, quick_render, django_capture_on_commit_callbacks
):
    programme = make_programme(cast.school_a, cast.year)
    make_item(programme)
    Programme.objects.filter(pk=programme.pk).update(status=Programme.Status.APPROVED)
    client.force_login(cast.director)
    assert click(client, programme, django_capture_on_commit_callbacks).status_code == 302
    work_off_the_queue()
    second = click(client, programme, django_capture_on_commit_callbacks)
    assert second.status_code == 200 and second.content == b"%PDF-1.7 0"
    assert Export.objects.filter(programme=programme).count() == 1 and Job.objects.count() == 1


def test_a_concept_is_rendered_fresh_each_time(cast, quick_render):
    programme = make_programme(cast.school_a, cast.year)
    make_item(programme)
    services.programme_pdf(programme=programme, user=cast.director)
    services.programme_pdf(programme=programme, user=cast.director)
    assert Export.objects.filter(programme=programme).count() == 2
    assert services.stored_programme_pdf(programme=programme) is None


def test_a_new_version_gets_its_own_pdf(cast, quick_render):
    programme = make_programme(cast.school_a, cast.year)
    make_item(programme)
    Programme.objects.filter(pk=programme.pk).update(status=Programme.Status.APPROVED)
    programme.refresh_from_db()
    services.programme_pdf(programme=programme, user=cast.director)
    Programme.objects.filter(pk=programme.pk).update(version=programme.version + 1)
    programme.refresh_from_db()
    services.programme_pdf(programme=programme, user=cast.director)
    assert Export.objects.filter(programme=programme).count() == 2


def test_a_submitted_version_is_stored_and_reused_until_a_council_decides(cast, quick_render):
    """The MR may decide while the GMR's decision is awaited: the status stays, the PDF must change (the decision
    bumps the version)."""
    programme = make_programme(cast.school_a, cast.year)
    make_item(programme, above_school_level=True)
    submit(programme, cast.director)
    programme.refresh_from_db()
    first = services.programme_pdf(programme=programme, user=cast.director)
    again = services.programme_pdf(programme=programme, user=cast.director)
    assert again.pk == first.pk and quick_render.call_count == 1

    services.programme_decide(
        programme=programme,
        user=cast.mr,
        expected_version=programme.version,
        consent=True,
        decided_on=datetime.date(2021, 10, 12),
        remarks="Akkoord",
        council=Council.MR,
    )
    programme.refresh_from_db()
    assert programme.status == Programme.Status.SUBMITTED  # the GMR's decision is still awaited
    after = services.programme_pdf(programme=programme, user=cast.director)
    assert after.pk != first.pk and quick_render.call_count == 2
    assert services.programme_pdf(programme=programme, user=cast.director).pk == after.pk


@pytest.mark.parametrize("other_jobs", [0, 12])
def test_the_job_page_costs_a_fixed_number_of_queries(client, cast, other_jobs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.programma.factories import sample_school_job

    for n in range(other_jobs):
        Job.objects.create(
            kind="programme_pdf", school=cast.school_a, created_by=cast.director, params={"n": n}
        )
    job = sample_school_job(cast, cast.school_a, cast.director)
    client.force_login(cast.director)
    url = reverse("taken:job", kwargs={"brin": "11AA", "school_job_id": job.pk})
    client.get(url)  # warm: the session, the school's navigation
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) <= 12, [q["sql"] for q in queries]

"""Issue 21.1: a large KanVAS file (answers in both layouts, sociogram) is checked by a background job, not inside
the request: the upload starts the check and shows its progress, the preview is built from what the check kept and
is the same as a small file's, the mapping step still works, a reload starts no second check, a failed check is
visible and runs again on retry, and another user's or school's check is 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kanvas import services
from kanvas.models import ImportRecord, PendingUpload
from npo_planner.jobs.models import Job
from tests.kanvas.helpers import ANSWER_HEADER, SOCIOGRAM_HEADER, csv_bytes, group_rows
from tests.kanvas.test_import_mapping import RENAMED_HEADER
from tests.kanvas.test_wide_layout import answer_rows, wide_file
from tests.queue import work_off_the_queue

pytestmark = pytest.mark.django_db

M1 = "2021-najaar"
FILES = {
    "lang": ("antwoorden", lambda: csv_bytes(ANSWER_HEADER, group_rows("5a", M1, 5))),
    "breed": ("antwoorden", lambda: wide_file(answer_rows(pupils=6))),
    "sociogram": (
        "sociogram",
        lambda: csv_bytes(SOCIOGRAM_HEADER, [f"S1;5a;{M1};positief;S2", f"S2;5a;{M1};positief;S1"]),
    ),
    "fouten": ("antwoorden", lambda: csv_bytes(ANSWER_HEADER, [f"X1;5a;{M1};leerling;L01;7"])),
}


@pytest.fixture
def large(settings):
    settings.IMPORT_BACKGROUND_BYTES = 1


def refuse(**kwargs):
    raise AssertionError("parsed inside the request")


def parsers_refuse(monkeypatch) -> None:
    """A request that parses a file now fails."""
    for kind in list(services.PARSERS):
        monkeypatch.setitem(services.PARSERS, kind, refuse)


@pytest.fixture
def no_parsing(monkeypatch):
    parsers_refuse(monkeypatch)


def kanvas_url(name, school, **kwargs):
    return reverse(f"kanvas:{name}", kwargs={"brin": school.brin, **kwargs})


def preview_url(school, pending):
    return kanvas_url("import_preview", school) + f"?upload={pending.pk}"


def upload(client, school, data, *, kind="antwoorden", capture):
    with capture(execute=True):
        return client.post(
            kanvas_url("import_upload", school),
            {"kind": kind, "file": SimpleUploadedFile("groot.csv", data, "text/csv")},
        )


def preview_context(page) -> dict:
    return {key: page.context[key] for key in ("summary", "errors", "mapping") if key in page.context}


@pytest.mark.parametrize("name", FILES)
def test_a_large_upload_is_checked_by_a_job_and_its_preview_is_the_inline_one(
    client, cast, settings, monkeypatch, name, django_capture_on_commit_callbacks
):
    kind, data = FILES[name]
    client.force_login(cast.ib)
    inline = client.get(
        upload(client, cast.school_a, data(), kind=kind, capture=django_capture_on_commit_callbacks).url
    )
    expected = preview_context(inline)
    assert bool(expected["errors"]) == (name == "fouten") and bool(expected["summary"]) == (name != "fouten")
    PendingUpload.objects.all().delete()

    settings.IMPORT_BACKGROUND_BYTES = 1
    real = dict(services.PARSERS)
    parsers_refuse(monkeypatch)  # the upload request must not parse
    response = upload(client, cast.school_a, data(), kind=kind, capture=django_capture_on_commit_callbacks)
    job = Job.objects.get(kind="kanvas_check")
    check_url = kanvas_url("import_check", cast.school_a, check_job_id=job.pk)
    assert response.status_code == 302 and response.url == check_url
    page = client.get(check_url).content.decode()
    assert "wacht op zijn beurt om te worden gecontroleerd" in page and 'hx-trigger="every 2s"' in page
    pending = PendingUpload.objects.get()
    assert not pending.plan_path and not pending.errors, "nothing checked inside the request"
    # A reload of the preview while the check waits leads to the same job: no second check.
    assert client.get(preview_url(cast.school_a, pending)).url == check_url
    assert Job.objects.filter(kind="kanvas_check").count() == 1

    for parser, function in real.items():
        monkeypatch.setitem(services.PARSERS, parser, function)
    work_off_the_queue()
    job.refresh_from_db()
    assert (job.status, job.percent) == (Job.Status.DONE, 100)
    fragment = client.get(check_url, headers={"HX-Request": "true"}).content.decode()
    assert "Het bestand is gecontroleerd" in fragment and "hx-trigger" not in fragment
    assert f'href="{preview_url(cast.school_a, pending)}"' in fragment

    parsers_refuse(monkeypatch)  # the preview is built from what the check kept
    shown = client.get(preview_url(cast.school_a, pending))
    assert shown.status_code == 200 and preview_context(shown) == expected
    assert shown.context["background"]


def test_the_confirm_after_a_background_check_writes_the_file(
    client, cast, large, django_capture_on_commit_callbacks
):
    client.force_login(cast.ib)
    upload(client, cast.school_a, FILES["lang"][1](), capture=django_capture_on_commit_callbacks)
    work_off_the_queue()
    pending = PendingUpload.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            kanvas_url("import_preview", cast.school_a), {"upload": pending.pk, "confirm": "1"}
        )
    write = Job.objects.get(kind="kanvas_import")
    assert response.url == kanvas_url("import_job", cast.school_a, import_job_id=write.pk)
    work_off_the_queue()
    assert ImportRecord.objects.get().rows == 120


def test_a_check_against_changed_data_is_made_again_in_the_background(
    client, cast, large, no_parsing, django_capture_on_commit_callbacks
):
    """The school's data changed after the check: the preview starts a new check job, it does not parse."""
    client.force_login(cast.ib)
    pending = PendingUpload.objects.create(
        school=cast.school_a,
        user=cast.ib,
        kind="antwoorden",
        filename="a.csv",
        size=2,
        sha256="x",
        path="x",
        plan_path="kanvas/pending/plan",
        school_state="a state the school is no longer in",
    )
    first = Job.objects.create(
        kind="kanvas_check",
        school=cast.school_a,
        created_by=cast.ib,
        status=Job.Status.DONE,
        params={"upload": pending.pk},
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(preview_url(cast.school_a, pending))
    again = Job.objects.exclude(pk=first.pk).get(kind="kanvas_check")
    assert response.url == kanvas_url("import_check", cast.school_a, check_job_id=again.pk)
    assert again.params == {"upload": pending.pk} and again.status == Job.Status.QUEUED


def test_the_mapping_step_works_after_a_background_check(
    client, cast, large, django_capture_on_commit_callbacks
):
    client.force_login(cast.ib)
    data = csv_bytes(RENAMED_HEADER, group_rows("5a", M1, 5))
    upload(client, cast.school_a, data, capture=django_capture_on_commit_callbacks)
    work_off_the_queue()
    pending = PendingUpload.objects.get()
    page = client.get(preview_url(cast.school_a, pending))
    assert page.context["errors"] == [
        "rij 1, kolom leerling: deze verplichte kolom ontbreekt in de kopregel."
    ]
    assert page.context["mapping"]["missing"] == ["leerling"]

    with django_capture_on_commit_callbacks(execute=True):
        mapped = client.post(
            preview_url(cast.school_a, pending),
            {"upload": pending.pk, "koppelen": "1", "kolom_leerling": "leerlingnummer"},
        )
        checking = client.get(mapped.url)  # the mapping changed: checked again, in the background
    job = Job.objects.filter(kind="kanvas_check").first()
    assert Job.objects.filter(kind="kanvas_check").count() == 2
    assert checking.url == kanvas_url("import_check", cast.school_a, check_job_id=job.pk)
    work_off_the_queue()
    summary = client.get(preview_url(cast.school_a, pending)).context["summary"]
    assert summary["answers"] == 120 and summary["new_pupils"] == 5


def test_a_failed_check_is_shown_and_runs_again_on_retry(
    client, cast, large, monkeypatch, django_capture_on_commit_callbacks
):
    client.force_login(cast.ib)
    real = services.PARSERS["antwoorden"]

    def crash(**kwargs):
        raise RuntimeError("out of memory")

    monkeypatch.setitem(services.PARSERS, "antwoorden", crash)
    upload(client, cast.school_a, FILES["lang"][1](), capture=django_capture_on_commit_callbacks)
    job = Job.objects.get(kind="kanvas_check")
    work_off_the_queue()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    check_url = kanvas_url("import_check", cast.school_a, check_job_id=job.pk)
    page = client.get(check_url).content.decode()
    assert "De taak is mislukt (RuntimeError)" in page and "Opnieuw proberen" in page

    monkeypatch.setitem(services.PARSERS, "antwoorden", real)
    retry = kanvas_url("import_check_retry", cast.school_a, check_job_id=job.pk)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(retry).url == check_url
    work_off_the_queue()
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.DONE, 2)
    pending = PendingUpload.objects.get()
    assert client.get(preview_url(cast.school_a, pending)).context["summary"]["answers"] == 120


def test_another_users_or_schools_check_is_404(client, cast, large, django_capture_on_commit_callbacks):
    client.force_login(cast.ib)
    upload(client, cast.school_a, FILES["lang"][1](), capture=django_capture_on_commit_callbacks)
    job = Job.objects.get(kind="kanvas_check")
    for user, school in ((cast.director, cast.school_a), (cast.director_b, cast.school_b)):
        client.force_login(user)
        assert client.get(kanvas_url("import_check", school, check_job_id=job.pk)).status_code == 404
        retry = kanvas_url("import_check_retry", school, check_job_id=job.pk)
        assert client.post(retry).status_code == 404
    # A write job's page does not show a check job either.
    client.force_login(cast.ib)
    assert client.get(kanvas_url("import_job", cast.school_a, import_job_id=job.pk)).status_code == 404


def test_a_small_file_is_still_checked_inside_the_request(client, cast, django_capture_on_commit_callbacks):
    client.force_login(cast.ib)
    response = upload(client, cast.school_a, FILES["lang"][1](), capture=django_capture_on_commit_callbacks)
    assert "controleren" in response.url and not Job.objects.exists()
    assert client.get(response.url).context["summary"]["answers"] == 120

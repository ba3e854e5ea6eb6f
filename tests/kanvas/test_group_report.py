"""Issue 17 item 4: the group report for the group meeting (A4 PDF): its contents, small cells, access, audit and a
fixed number of queries. Issue 21 item 1: it is made in the background, as the programme's PDF is: the click starts
(or finds) a job, the worker renders, the job's page offers the file; the download checks the group again and logs
the pupils in it; a failed render is a failed job to retry; the cleanup removes the file after its retention."""

import datetime
import io
from io import StringIO
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from kanvas import group_report, group_report_job
from kanvas.services import followup_create
from npo_planner.jobs.models import Job
from npo_planner.lib.pdf_render import html_to_pdf
from npo_planner.scholen.models import AuditEntry, Group, Membership, PupilAccess
from npo_planner.scholen.roles import Role
from tests.kanvas.helpers import group_rows, import_answers, import_sociogram, pupil_rows, safety_rows
from tests.pdf_layout import A4, words_outside_a4
from tests.queue import work_off_the_queue

M1, M2 = "2021-najaar", "2022-voorjaar"
QUERIES_JOB = 20  # the worker's building of the report, the same at both sizes
QUERIES_CLICK = 16  # the click that starts the job


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def data(cast):
    rows = group_rows("6a", M2, 5) + pupil_rows(cast.pupil_a6.code, "6a", M2, {"OS": 4, "OV": 3})
    rows += group_rows("5a", M2, 5)
    import_answers(cast.school_a, rows)
    return cast


@pytest.fixture
def renders():
    """WeasyPrint as it is, counted: where (request or worker) and how often the report is rendered."""
    with mock.patch("kanvas.group_report.html_to_pdf", wraps=html_to_pdf) as render:
        yield render


def _group(cast, name):
    return (
        Group.objects.filter(school=cast.school_a, name=name, kanvas_participations__moment__label=M2)
        .distinct()
        .get()
    )


def _url(cast, group, **query):
    query = {"moment": M2, **query}
    return (
        reverse("kanvas:group_report", args=[cast.school_a.brin, group.pk])
        + "?"
        + "&".join(f"{k}={v}" for k, v in query.items())
    )


def _job_url(job, name="taken:download"):
    return reverse(name, kwargs={"brin": job.school.brin, "school_job_id": job.pk})


def click(client, url, capture):
    with capture(execute=True):  # the job is queued once the click's transaction commits
        return client.get(url)


def _download(client, job) -> bytes:
    response = client.get(_job_url(job))
    assert response.status_code == 200, response.status_code
    assert response["Content-Disposition"].startswith("attachment")
    return b"".join(response.streaming_content)


def _exported(group) -> bool:
    return AuditEntry.objects.filter(
        action="export", summary__contains=f"groepsverslag groep {group.name}"
    ).exists()


def test_the_click_starts_a_job_and_the_download_is_the_a4_report_audited(
    client, data, tmp_path, renders, django_capture_on_commit_callbacks
):
    group = data.pupil_a6.kanvas_participations.get().group
    followup_create(
        school=data.school_a,
        user=data.ib,
        pupil=data.pupil_a6,
        action="gesprek",
        note="",
        owner=data.teacher,
        due=datetime.date(2020, 2, 1),
    )
    client.force_login(data.ib)
    response = click(client, _url(data, group), django_capture_on_commit_callbacks)
    job = Job.objects.get(kind=group_report_job.KIND)
    assert response.status_code == 302 and response.url == _job_url(job, "taken:job")
    assert renders.call_count == 0  # the request rendered nothing
    page = client.get(response.url).content.decode()
    assert "Groepsverslag voor de groepsbespreking (PDF)" in page and "De taak wacht op zijn beurt." in page
    assert not _exported(group) and not PupilAccess.objects.filter(what__contains="(PDF)").exists()

    work_off_the_queue()

    assert renders.call_count == 1
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.result_filename == f"groepsbespreking-11AA-groep-6a-{M2}.pdf"
    assert data.pupil_a6.pk in job.params["pupils"]
    content = _download(client, job)
    reader = PdfReader(io.BytesIO(content))
    (tmp_path / "report.pdf").write_bytes(content)
    sizes, outside = words_outside_a4(tmp_path / "report.pdf")
    assert sizes and all(size == pytest.approx(A4, abs=0.5) for size in sizes) and outside == []
    text = pdf_text(content)
    assert f"Groepsbespreking groep {group.name}" in text
    assert data.pupil_a6.code in text and "OS, OV" in text
    assert "Gesprek met leerling" in text and "te laat: 1-2-2020" in text
    assert "Klassenzorgscore en schalen over alle metingen" in text
    assert "Bij dit meetmoment is voor deze groep geen sociogram ingelezen." in text
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    # the download, when the user sees the pupils, is logged as the page logged it
    assert _exported(group)
    seen = PupilAccess.objects.filter(user=data.ib, what__contains="groepsverslag groep 6a (PDF)")
    assert data.pupil_a6.code in set(seen.values_list("pupil_code", flat=True)) and seen.count() == 6


def test_a_second_click_while_the_job_waits_starts_no_second_job(
    client, data, django_capture_on_commit_callbacks
):
    group = _group(data, "6a")
    client.force_login(data.ib)
    first = click(client, _url(data, group), django_capture_on_commit_callbacks)
    second = click(client, _url(data, group), django_capture_on_commit_callbacks)
    assert first.url == second.url and Job.objects.count() == 1


def test_a_teacher_gets_the_report_of_her_own_group_only_and_only_while_she_teaches_it(
    client, data, django_capture_on_commit_callbacks
):
    client.force_login(data.teacher)
    switch = reverse("scholen:school_year_switch", args=[data.school_a.brin])
    client.post(switch, {"school_year": data.group_a5.school_year.label})
    other = data.pupil_a6.kanvas_participations.get().group
    assert client.get(_url(data, other)).status_code == 404
    assert not Job.objects.exists()
    assert click(client, _url(data, data.group_a5), django_capture_on_commit_callbacks).status_code == 302
    work_off_the_queue()
    job = Job.objects.get()
    assert job.status == Job.Status.DONE and job.params["labels"] == [M2]  # her trend: this school year only

    membership = Membership.objects.get(user=data.teacher)
    membership.groups.remove(data.group_a5)  # she no longer teaches 5a: the file is no longer hers to have
    assert client.get(_job_url(job)).status_code == 404
    Membership.objects.filter(pk=membership.pk).update(role=Role.MR)  # nor with a role without pupil data
    membership.groups.add(data.group_a5)
    assert client.get(_job_url(job)).status_code == 403
    assert not _exported(data.group_a5) and not PupilAccess.objects.filter(what__contains="(PDF)").exists()

    Membership.objects.filter(pk=membership.pk).update(role=Role.LEERKRACHT)
    assert _download(client, job).startswith(b"%PDF")
    assert _exported(data.group_a5)


def test_another_schools_job_is_404_under_this_school(client, data, django_capture_on_commit_callbacks):
    """The directeur of school B, also IB'er at school A, cannot fetch B's report through A's address."""
    import_answers(data.school_b, group_rows("5a", M2, 5, prefix="B"))
    Membership.objects.create(user=data.director_b, school=data.school_a, role=Role.IB)
    client.force_login(data.director_b)
    group_b = Group.objects.get(school=data.school_b, name="5a", school_year=data.year)
    url = reverse("kanvas:group_report", args=[data.school_b.brin, group_b.pk]) + f"?moment={M2}"
    click(client, url, django_capture_on_commit_callbacks)
    work_off_the_queue()
    job = Job.objects.get(school=data.school_b)
    for name in ("taken:job", "taken:download"):
        own = reverse(name, kwargs={"brin": data.school_b.brin, "school_job_id": job.pk})
        assert client.get(own).status_code == 200
        under_a = reverse(name, kwargs={"brin": data.school_a.brin, "school_job_id": job.pk})
        assert client.get(under_a).status_code == 404, name


def test_a_failed_render_is_a_failed_job_with_its_error_that_can_be_retried(
    client, data, django_capture_on_commit_callbacks
):
    client.force_login(data.ib)
    url = click(client, _url(data, _group(data, "6a")), django_capture_on_commit_callbacks).url
    with mock.patch("kanvas.group_report.html_to_pdf", side_effect=OSError("no fonts")):
        work_off_the_queue()
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED and "OSError" in job.error
    assert job.result_path == ""
    assert client.get(_job_url(job)).status_code == 404  # no file, let alone an empty one
    page = client.get(url).content.decode()
    assert "De taak is mislukt (OSError)" in page and "Opnieuw proberen" in page
    assert not _exported(_group(data, "6a"))

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(_job_url(job, "taken:retry")).status_code == 302
    work_off_the_queue()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.attempts == 2
    assert "Groepsbespreking groep 6a" in pdf_text(_download(client, job))


def test_the_cleanup_removes_the_report_after_its_retention(
    client, data, settings, django_capture_on_commit_callbacks
):
    client.force_login(data.ib)
    click(client, _url(data, _group(data, "6a")), django_capture_on_commit_callbacks)
    work_off_the_queue()
    job = Job.objects.get()
    assert default_storage.exists(job.result_path)
    call_command("cleanup", stdout=StringIO())
    assert Job.objects.filter(pk=job.pk).exists(), "kept within its retention"
    past = timezone.now() - datetime.timedelta(days=settings.JOB_RESULT_DAYS + 1)
    Job.objects.filter(pk=job.pk).update(finished_at=past)
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the row's deletion commits
        call_command("cleanup", stdout=StringIO())
    assert not Job.objects.filter(pk=job.pk).exists() and not default_storage.exists(job.result_path)


def test_small_safety_groups_show_no_figures_and_the_sociogram_is_drawn(cast):
    codes = [f"Z{n}" for n in range(1, 4)]
    rows = []
    for code in codes:
        rows += pupil_rows(code, "6a", M2, {"OS": 4}) + safety_rows(code, "6a", M2, inc=4)
    import_answers(cast.school_a, rows)
    import_sociogram(
        cast.school_a, [f"{c};6a;{M2};positief;{codes[(i + 1) % 3]}" for i, c in enumerate(codes)]
    )
    group = _group(cast, "6a")
    context = group_report.build(school=cast.school_a, group=group, moment=M2, compare=None)
    assert context["table"]["concern"]["suppressed"] is True
    assert context["network"] is not None and len(context["network"]["pupils"]) == 3
    text = pdf_text(group_report.render_pdf(context))
    assert "< 5 leerlingen" in text
    assert "Minder dan 5 leerlingen vulden de veiligheidslijst in: geen cijfers." in text
    assert "100,0" not in text  # every pupil reported an incident: no share shown
    assert "0 leerlingen geïsoleerd" in text


@pytest.mark.parametrize("size", [5, 20])
def test_the_click_and_the_report_cost_a_fixed_number_of_queries(
    client, cast, size, django_assert_num_queries, django_capture_on_commit_callbacks
):
    rows = group_rows("6a", M1, size) + group_rows("6a", M2, size)
    import_answers(cast.school_a, rows)
    group = _group(cast, "6a")
    import_sociogram(
        cast.school_a, [f"P6a{i:02d};6a;{M2};positief;P6a{(i + 1) % size:02d}" for i in range(size)]
    )
    client.force_login(cast.ib)
    with django_assert_num_queries(QUERIES_CLICK):
        response = click(client, _url(cast, group, vergelijk=M1), django_capture_on_commit_callbacks)
    assert response.status_code == 302
    job = Job.objects.get()
    group_report_job.make_pdf(
        job, lambda done, total: None
    )  # warm the per-process caches (instruments, charts)
    with (
        django_assert_num_queries(QUERIES_JOB),
        mock.patch("kanvas.group_report.html_to_pdf", return_value=b"%PDF-1.7"),
    ):
        group_report_job.make_pdf(job, lambda done, total: None)
    job.refresh_from_db()
    assert len(job.params["pupils"]) == size

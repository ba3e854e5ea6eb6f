import datetime

from django.core.management import call_command
from django.urls import reverse

from npo_planner.scholen.models import AuditEntry, Enrollment, Pupil, PupilAccess, RetentionRun
from npo_planner.scholen.pupil_data import departed_pupils_purge, retention_cutoff
from tests.factories import EnrollmentFactory


def test_director_exports_all_data_of_one_pupil_and_it_is_logged(client, cast):
    client.force_login(cast.director)
    url = reverse("scholen:pupil_export", kwargs={"brin": cast.school_a.brin, "pupil_id": cast.pupil_a5.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="leerling-A5001.html"'
    html = response.content.decode()
    assert "A5001" in html and "5a" in html and "2021-2022" in html
    assert AuditEntry.objects.filter(action="pupil.export", school=cast.school_a).exists()
    assert PupilAccess.objects.filter(pupil=cast.pupil_a5, username="directeur_a").exists()


def test_export_of_a_pupil_of_another_school_is_404(client, cast):
    client.force_login(cast.director)
    url = reverse("scholen:pupil_export", kwargs={"brin": cast.school_a.brin, "pupil_id": cast.pupil_b5.pk})
    assert client.get(url).status_code == 404


def test_privacy_page_finds_a_pupil_by_code_only_in_own_school(client, cast):
    client.force_login(cast.director)
    url = reverse("scholen:privacy", kwargs={"brin": cast.school_a.brin})
    assert "gevonden" in client.get(url, {"leerling": "A5001"}).content.decode()
    assert "Geen leerling met code B5001" in client.get(url, {"leerling": "B5001"}).content.decode()


def test_retention_removes_only_pupils_who_left_more_than_two_years_ago(cast):
    today = datetime.date(2026, 11, 24)
    old = EnrollmentFactory(
        group=cast.group_a6, pupil__code="OUD1", pupil__left_on=datetime.date(2024, 7, 31)
    ).pupil
    recent = EnrollmentFactory(
        group=cast.group_a6, pupil__code="NIEUW1", pupil__left_on=datetime.date(2025, 7, 31)
    ).pupil
    purge = departed_pupils_purge(today=today)
    assert purge.run.cutoff == datetime.date(2024, 11, 24)
    assert purge.codes == {cast.school_a.brin: ["OUD1"]}
    assert purge.run.removed == {cast.school_a.brin: 1}  # the record keeps counts, no codes
    assert not Pupil.objects.filter(pk=old.pk).exists()
    assert not Enrollment.objects.filter(pupil_id=old.pk).exists()
    assert Pupil.objects.filter(pk=recent.pk).exists()
    assert Pupil.objects.filter(pk=cast.pupil_a5.pk).exists()  # still at school
    assert AuditEntry.objects.filter(action="pupil.retention_delete", data__count=1).exists()


def test_retention_command_dry_run_removes_nothing_but_records_the_run(cast, capsys):
    EnrollmentFactory(group=cast.group_a6, pupil__code="OUD2", pupil__left_on=datetime.date(2000, 7, 31))
    call_command("purge_departed_pupils", "--dry-run")
    assert "OUD2" in capsys.readouterr().out
    assert Pupil.objects.filter(code="OUD2").exists()
    assert RetentionRun.objects.get().dry_run is True
    call_command("purge_departed_pupils")
    assert not Pupil.objects.filter(code="OUD2").exists()


def test_retention_cutoff_on_leap_day():
    assert retention_cutoff(datetime.date(2028, 2, 29)) == datetime.date(2026, 2, 28)


def test_privacy_page_is_linked_from_the_dashboard_for_director_and_ib_only(client, cast):
    url = reverse("scholen:privacy", kwargs={"brin": cast.school_a.brin})
    for user, linked in ((cast.director, True), (cast.ib, True), (cast.teacher, False), (cast.mr, False)):
        client.force_login(user)
        assert (url in client.get(f"/{cast.school_a.brin}/").content.decode()) is linked, user

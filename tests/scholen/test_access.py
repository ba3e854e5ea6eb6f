from django.urls import reverse

from npo_planner.scholen.models import AuditEntry, SchoolYear
from npo_planner.scholen.services import audit_record
from tests.factories import SchoolYearFactory


def test_dashboard_shows_school_year_and_groups(client, cast):
    client.force_login(cast.director)
    page = client.get(f"/{cast.school_a.brin}/").content.decode()
    assert "Overzicht schooljaar 2021-2022" in page
    assert "5a" in page and "6a" in page


def test_board_member_reads_every_school_of_the_board_but_not_others(client, cast):
    client.force_login(cast.board_member)
    assert client.get(f"/{cast.school_a.brin}/").status_code == 200
    assert client.get(f"/{cast.school_b.brin}/").status_code == 200
    client.force_login(cast.board_member_other)
    assert client.get(f"/{cast.school_a.brin}/").status_code == 404


def test_school_year_switch_is_remembered_per_school(client, cast):
    SchoolYearFactory(label="2022-2023")
    client.force_login(cast.director)
    url = reverse("scholen:school_year_switch", kwargs={"brin": cast.school_a.brin})
    client.post(url, {"school_year": "2022-2023"})
    assert "Overzicht schooljaar 2022-2023" in client.get(f"/{cast.school_a.brin}/").content.decode()
    response = client.post(url, {"school_year": "1999-2000"}, follow=True)
    assert "Dat schooljaar bestaat niet" in response.content.decode()


def test_school_year_switch_refuses_an_outside_redirect(client, cast):
    client.force_login(cast.director)
    url = reverse("scholen:school_year_switch", kwargs={"brin": cast.school_a.brin})
    response = client.post(url, {"school_year": "2021-2022", "next": "https://evil.example/"})
    assert response.url == f"/{cast.school_a.brin}/"


def test_audit_log_page_shows_only_own_school(client, cast):
    audit_record(user=cast.director, school=cast.school_a, action="test.a", summary="Wijziging in A")
    audit_record(user=cast.director_b, school=cast.school_b, action="test.b", summary="Wijziging in B")
    client.force_login(cast.director)
    page = client.get(reverse("scholen:audit_log", kwargs={"brin": cast.school_a.brin})).content.decode()
    assert "Wijziging in A" in page
    assert "Wijziging in B" not in page
    assert AuditEntry.objects.count() >= 2


def test_dashboard_query_count_does_not_grow_with_groups(client, cast, django_assert_max_num_queries):
    from tests.factories import EnrollmentFactory, GroupFactory

    client.force_login(cast.director)
    url = f"/{cast.school_a.brin}/"
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for grade in range(1, 9):
        group = GroupFactory(school=cast.school_a, school_year=cast.year, name=f"{grade}c")
        for _ in range(5):
            EnrollmentFactory(group=group)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_school_year_dates_and_labels():
    import datetime

    assert SchoolYear.label_for(datetime.date(2021, 8, 1)) == "2021-2022"
    assert SchoolYear.label_for(datetime.date(2022, 7, 31)) == "2021-2022"
    assert SchoolYear.dates_for("2022-2023") == (datetime.date(2022, 8, 1), datetime.date(2023, 7, 31))


def test_a_school_page_reads_the_school_years_once_for_the_chosen_year_and_the_switcher(client, cast):
    """Every page pays for this: the chosen (or default) year and the year switcher come from one query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    SchoolYearFactory(label="2022-2023")
    client.force_login(cast.director)
    for chosen in (None, "2022-2023"):
        if chosen:
            client.post(
                reverse("scholen:school_year_switch", kwargs={"brin": cast.school_a.brin}),
                {"school_year": chosen},
            )
        with CaptureQueriesContext(connection) as queries:
            page = client.get(f"/{cast.school_a.brin}/schoolscan/").content.decode()
        year_queries = [q for q in queries.captured_queries if 'FROM "scholen_schoolyear"' in q["sql"]]
        assert len(year_queries) == 1, [q["sql"][:120] for q in year_queries]
        assert '<option value="2022-2023"' in page and '<option value="2021-2022"' in page
        if chosen:
            assert '<option value="2022-2023" selected>' in page

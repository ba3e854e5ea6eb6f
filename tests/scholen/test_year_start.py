"""Starting a school year from the previous one: every pupil a grade up, group 8 leaves, combination groups follow
their grades, the directeur adjusts the names; atomic, audited, refused when the new year has groups."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from npo_planner.scholen.models import AuditEntry, Enrollment, Group, Pupil
from npo_planner.scholen.year_start import moved_up_name, year_start, year_start_proposal
from tests.factories import EnrollmentFactory, GroupFactory, SchoolYearFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "grade", "expected"),
    [
        ("5a", 6, "6a"),
        ("1", 2, "2"),
        ("5/6", 6, "6/7"),
        ("5/6", 7, "6/7"),
        ("7/8b", 8, "8b"),
        ("Bijen", 4, "Bijen"),
    ],
)
def test_the_proposed_name(name, grade, expected):
    assert moved_up_name(name, grade) == expected


@pytest.fixture
def next_year(cast):
    combination = GroupFactory(school=cast.school_a, school_year=cast.year, name="5/6", grade=5)
    EnrollmentFactory(group=combination, pupil__code="C5", grade=5)
    EnrollmentFactory(group=combination, pupil__code="C6", grade=6)
    eight = GroupFactory(school=cast.school_a, school_year=cast.year, name="8a")
    EnrollmentFactory(group=eight, pupil__code="A8001")
    return SchoolYearFactory(label="2022-2023")


def _names(proposal):
    return {line.key: line.target for line in proposal.lines}


def _start(cast, next_year):
    """Start next year from the proposal as it is; returns the proposal."""
    proposal = year_start_proposal(school=cast.school_a, from_year=cast.year, to_year=next_year)
    year_start(
        school=cast.school_a,
        from_year=cast.year,
        to_year=next_year,
        names=_names(proposal),
        digest=proposal.digest(),
        user=cast.director,
    )
    return proposal


def test_the_proposal_moves_every_pupil_a_grade_up(cast, next_year):
    proposal = year_start_proposal(school=cast.school_a, from_year=cast.year, to_year=next_year)
    assert [(line.source, line.grade, line.target, line.codes) for line in proposal.lines] == [
        ("5/6", 6, "6/7", ["C5"]),
        ("5a", 6, "6a", ["A5001"]),
        ("5/6", 7, "6/7", ["C6"]),
        ("6a", 7, "7a", ["A6001"]),
    ]
    assert proposal.leavers == [("A8001", "8a")]
    assert proposal.targets()["6/7"]["grades"] == [6, 7]


def test_starting_writes_groups_grades_and_departures(cast, next_year):
    _start(cast, next_year)
    new = Enrollment.objects.filter(group__school_year=next_year)
    assert sorted(new.values_list("pupil__code", "group__name", "grade")) == [
        ("A5001", "6a", 6),
        ("A6001", "7a", 7),
        ("C5", "6/7", 6),
        ("C6", "6/7", 7),
    ]
    assert Group.objects.get(school_year=next_year, name="6/7").grade == 6
    assert Pupil.objects.get(code="A8001").left_on == datetime.date(2022, 7, 31)
    assert not Group.objects.filter(school=cast.school_b, school_year=next_year).exists()
    assert AuditEntry.objects.filter(action="school_year.start", school=cast.school_a).count() == 1


def test_the_directeur_renames_and_merges(cast, next_year):
    proposal = year_start_proposal(school=cast.school_a, from_year=cast.year, to_year=next_year)
    names = _names(proposal)
    for line in proposal.lines:
        if line.grade == 6:
            names[line.key] = "6b"  # 5a and the grade-5 pupils of 5/6 together
    year_start(
        school=cast.school_a,
        from_year=cast.year,
        to_year=next_year,
        names=names,
        digest=proposal.digest(),
        user=cast.director,
    )
    assert sorted(
        Enrollment.objects.filter(group__school_year=next_year, group__name="6b").values_list(
            "pupil__code", flat=True
        )
    ) == ["A5001", "C5"]


def test_a_second_start_is_refused_and_changes_nothing(cast, next_year):
    proposal = _start(cast, next_year)
    count = Enrollment.objects.count()
    with pytest.raises(ValidationError) as caught:
        year_start(
            school=cast.school_a,
            from_year=cast.year,
            to_year=next_year,
            names=_names(proposal),
            digest=proposal.digest(),
            user=cast.director,
        )
    assert caught.value.code == "already_started"
    assert Enrollment.objects.count() == count
    assert AuditEntry.objects.filter(action="school_year.start").count() == 1


def test_a_bad_name_writes_nothing(cast, next_year):
    proposal = year_start_proposal(school=cast.school_a, from_year=cast.year, to_year=next_year)
    names = _names(proposal)
    names[proposal.lines[0].key] = ""
    with pytest.raises(ValidationError):
        year_start(
            school=cast.school_a,
            from_year=cast.year,
            to_year=next_year,
            names=names,
            digest=proposal.digest(),
            user=cast.director,
        )
    assert not Group.objects.filter(school_year=next_year).exists()
    assert Pupil.objects.get(code="A8001").left_on is None


# --- the page ---


def _url(cast):
    return reverse("scholen:year_start", args=[cast.school_a.brin]) + "?van=2021-2022"


def test_the_page_shows_the_proposal_and_starts_the_year(client, cast, next_year):
    client.force_login(cast.director)
    page = client.get(_url(cast)).content.decode()
    assert "Schooljaar 2022-2023 starten uit 2021-2022" in page
    assert 'value="6/7"' in page
    assert "1 leerling van groep 8 krijgt als datum van vertrek 31 juli 2022." in page
    proposal = year_start_proposal(school=cast.school_a, from_year=cast.year, to_year=next_year)
    data = {"van": "2021-2022", "voorstel": proposal.digest(), **_names(proposal)}
    response = client.post(_url(cast), data)
    assert response.status_code == 302
    assert response["Location"].endswith("?jaar=2022-2023")
    assert Group.objects.filter(school=cast.school_a, school_year=next_year).count() == 3
    again = client.post(_url(cast), data, follow=True)  # a double submit
    assert "heeft al groepen" in again.content.decode()
    assert AuditEntry.objects.filter(action="school_year.start").count() == 1


def test_the_page_refuses_an_empty_name_at_the_field(client, cast, next_year):
    client.force_login(cast.director)
    proposal = year_start_proposal(school=cast.school_a, from_year=cast.year, to_year=next_year)
    data = {"van": "2021-2022", "voorstel": proposal.digest(), **_names(proposal)}
    data[proposal.lines[0].key] = ""
    response = client.post(_url(cast), data)
    assert response.status_code == 400
    assert not Group.objects.filter(school_year=next_year).exists()


@pytest.mark.parametrize("extra_groups", [0, 12])
def test_the_page_costs_a_fixed_number_of_queries(
    client, cast, next_year, extra_groups, django_assert_num_queries
):
    for index in range(extra_groups):
        group = GroupFactory(school=cast.school_a, school_year=cast.year, name=f"{index % 7 + 1}x{index}")
        for number in range(5):
            EnrollmentFactory(group=group, pupil__code=f"Q{index:02d}{number}")
    client.force_login(cast.director)
    client.get(_url(cast))
    with django_assert_num_queries(QUERIES):
        assert client.get(_url(cast)).status_code == 200


QUERIES = 8  # was 9: access and the school switcher read the memberships once


def test_a_proposal_changed_since_it_was_shown_is_not_written(client, cast, next_year):
    """Someone reads last year's roster between showing and submitting: the directeur sees the new proposal."""
    client.force_login(cast.director)
    proposal = year_start_proposal(school=cast.school_a, from_year=cast.year, to_year=next_year)
    EnrollmentFactory(group=cast.group_a5, pupil__code="LAAT1")
    response = client.post(
        _url(cast), {"van": "2021-2022", "voorstel": proposal.digest(), **_names(proposal)}
    )
    assert response.status_code == 302 and "starten" in response["Location"]
    assert not Group.objects.filter(school_year=next_year).exists()

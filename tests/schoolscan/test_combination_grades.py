"""Combination groups in the scan: the pupils per grade proposed for section 1 count each pupil in the pupil's own
grade (Enrollment.grade), so a 5/6 group's grade-6 pupils are not counted in grade 5."""

import pytest

from schoolscan.selectors import pupils_per_grade_from_groups
from tests.factories import EnrollmentFactory, GroupFactory

pytestmark = pytest.mark.django_db


def test_a_combination_group_counts_in_both_grades(cast, django_assert_num_queries):
    combination = GroupFactory(school=cast.school_a, school_year=cast.year, name="5/6", grade=5)
    EnrollmentFactory(group=combination, pupil__code="C5", grade=5)
    EnrollmentFactory(group=combination, pupil__code="C6a", grade=6)
    EnrollmentFactory(group=combination, pupil__code="C6b", grade=6)
    with django_assert_num_queries(1):
        counts = pupils_per_grade_from_groups(school=cast.school_a, school_year=cast.year)
    assert counts == {5: 2, 6: 3}  # 5a's A5001 and C5; 6a's A6001, C6a and C6b


def test_the_dashboard_shows_a_combination_groups_grades(client, cast):
    combination = GroupFactory(school=cast.school_a, school_year=cast.year, name="5/6", grade=5)
    EnrollmentFactory(group=combination, pupil__code="C5", grade=5)
    EnrollmentFactory(group=combination, pupil__code="C6", grade=6)
    client.force_login(cast.director)
    page = client.get(f"/{cast.school_a.brin}/").content.decode()
    assert '<td>5/6</td><td class="num">5–6</td><td class="num">2</td>' in page

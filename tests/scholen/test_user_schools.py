"""Access and the school switcher read the user's memberships once (`selectors.user_schools`): the same schools
and the same membership as the separate lookups they replace, and one query fewer on every school page."""

from django.urls import reverse

from npo_planner.scholen.access import membership_for
from npo_planner.scholen.models import Membership
from npo_planner.scholen.roles import Role
from npo_planner.scholen.selectors import schools_for_user, user_schools
from tests.factories import BoardFactory, SchoolFactory


def test_a_school_member_opens_her_own_school_only(cast):
    schools = user_schools(cast.teacher)
    assert [s.brin for s in schools.schools] == ["11AA"]
    membership, school = schools.access("11AA")
    assert (membership.role, school) == (Role.LEERKRACHT, cast.school_a)
    assert schools.access("22BB") is None
    assert schools.access("99ZZ") is None


def test_a_board_member_opens_every_school_of_her_board_and_no_other(cast):
    SchoolFactory(brin="33CC", name="Elders", board=BoardFactory(name="Ander"))
    schools = user_schools(cast.board_member)
    assert [s.brin for s in schools.schools] == ["11AA", "22BB"]  # by name
    membership, school = schools.access("22BB")
    assert (membership.role, school, school.board.name) == (Role.BESTUUR, cast.school_b, "Bestuur Test")
    assert schools.access("33CC") is None
    assert membership_for(cast.board_member_other, "11AA") is None


def test_a_user_with_a_school_and_a_board_gets_both_and_her_oldest_membership_decides(
    cast, django_assert_num_queries
):
    other = SchoolFactory(brin="44DD", name="Aa-school", board=BoardFactory(name="Tweede"))
    user = cast.teacher
    Membership.objects.create(user=user, board=other.board, role=Role.BESTUUR)
    with django_assert_num_queries(2):  # the memberships, the boards' schools
        schools = user_schools(user)
    assert [s.brin for s in schools.schools] == ["44DD", "11AA"]
    assert schools.access("11AA")[0].role == Role.LEERKRACHT
    assert schools.access("44DD")[0].role == Role.BESTUUR
    assert [s.brin for s in schools_for_user(user)] == ["44DD", "11AA"]


def test_the_switcher_on_a_school_page_lists_the_schools_access_read(client, cast):
    client.force_login(cast.board_member)
    page = client.get(reverse("scholen:dashboard", args=["11AA"])).content.decode()
    assert "School A (11AA)" in page and "School B (22BB)" in page

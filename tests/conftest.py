"""The fixed cast of DESIGN.md: director, IB'er, teacher and MR member of school A, a director and a teacher of
school B, and a board member who sees both schools."""

from dataclasses import dataclass

import pytest
from hypothesis import settings as hypothesis_settings

from npo_planner.scholen.models import Group, Membership, Pupil, School, SchoolYear
from npo_planner.scholen.roles import Role
from tests.factories import (
    BoardFactory,
    EnrollmentFactory,
    GroupFactory,
    MembershipFactory,
    SchoolFactory,
    SchoolYearFactory,
    UserFactory,
)

# Property tests judge correctness, not speed: no per-example deadline (CI machines are shared and uneven), and the
# same examples every run (derandomize) so a red build can be reproduced.
hypothesis_settings.register_profile("npo", deadline=None, derandomize=True)
hypothesis_settings.load_profile("npo")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _stored_files_in_tmp(settings, tmp_path):
    """No test writes into the checkout's var/media (nor into an object storage the environment names): stored
    files go to the local disk under the test's own temporary directory."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": settings.MEDIA_ROOT},
        },
    }


# Reference data that data migrations load into every database: (model label, migration module with load()).
REFERENCE_DATA = [
    ("kanvas.Questionnaire", "kanvas.migrations.0002_load_instruments"),
    ("menukaart.Intervention", "menukaart.migrations.0002_load_catalogue"),
    ("kanvas.ScaleAdvice", "kanvas.migrations.0008_seed_scale_advice"),
    ("programma.FundingStream", "npo_planner.programma.migrations.0009_funding_streams_and_year_span"),
]


def _load_reference_data():
    from importlib import import_module

    from django.apps import apps

    for label, migration in REFERENCE_DATA:
        if not apps.get_model(label).objects.exists():
            import_module(migration).load(apps, None)
    from ouderbetrokkenheid.selectors import default_template, neutral_template

    default_template()  # the parent survey's default template (its migration's data), when a flush removed it
    neutral_template()


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request, django_db_blocker):
    """Transactional tests (browser tests, backups) end with a flush that also empties the tables the data
    migrations filled. Before any test that uses the database, put missing reference data back, committed, so the
    test sees what a migrated database has."""
    uses_db = {"db", "transactional_db", "live_server"} & set(
        request.fixturenames
    ) or request.node.get_closest_marker("django_db")
    if uses_db:
        request.getfixturevalue("django_db_setup")
        with django_db_blocker.unblock():
            _load_reference_data()
    yield


@dataclass
class Cast:
    year: SchoolYear
    school_a: School
    school_b: School
    group_a5: Group  # the teacher's own group
    group_a6: Group  # a group the teacher does not teach
    group_b5: Group
    pupil_a5: Pupil
    pupil_a6: Pupil
    pupil_b5: Pupil
    director: object
    ib: object
    teacher: object
    mr: object
    director_b: object
    teacher_b: object
    board_member: object
    board_member_other: object  # bestuur of another board: an outsider to both schools

    def by_role(self):
        """One user of school A per role (the board member stands for bestuur)."""
        return {
            Role.DIRECTEUR: self.director,
            Role.IB: self.ib,
            Role.LEERKRACHT: self.teacher,
            Role.MR: self.mr,
            Role.BESTUUR: self.board_member,
        }


@pytest.fixture
def cast(db) -> Cast:
    board = BoardFactory(name="Bestuur Test")
    year = SchoolYearFactory(label="2021-2022")
    school_a = SchoolFactory(brin="11AA", name="School A", board=board)
    school_b = SchoolFactory(brin="22BB", name="School B", board=board)
    group_a5 = GroupFactory(school=school_a, school_year=year, name="5a")
    group_a6 = GroupFactory(school=school_a, school_year=year, name="6a")
    group_b5 = GroupFactory(school=school_b, school_year=year, name="5a")
    pupil_a5 = EnrollmentFactory(group=group_a5, pupil__code="A5001").pupil
    pupil_a6 = EnrollmentFactory(group=group_a6, pupil__code="A6001").pupil
    pupil_b5 = EnrollmentFactory(group=group_b5, pupil__code="B5001").pupil

    def member(username, role, school):
        return MembershipFactory(user=UserFactory(username=username), school=school, role=role).user

    teacher = member("leerkracht_a", Role.LEERKRACHT, school_a)
    Membership.objects.get(user=teacher).groups.add(group_a5)
    teacher_b = member("leerkracht_b", Role.LEERKRACHT, school_b)
    Membership.objects.get(user=teacher_b).groups.add(group_b5)
    board_member = UserFactory(username="bestuurder")
    Membership.objects.create(user=board_member, board=board, role=Role.BESTUUR)
    board_member_other = UserFactory(username="bestuurder_elders")
    Membership.objects.create(
        user=board_member_other, board=BoardFactory(name="Ander bestuur"), role=Role.BESTUUR
    )
    return Cast(
        year=year,
        school_a=school_a,
        school_b=school_b,
        group_a5=group_a5,
        group_a6=group_a6,
        group_b5=group_b5,
        pupil_a5=pupil_a5,
        pupil_a6=pupil_a6,
        pupil_b5=pupil_b5,
        director=member("directeur_a", Role.DIRECTEUR, school_a),
        ib=member("ib_a", Role.IB, school_a),
        teacher=teacher,
        mr=member("mr_a", Role.MR, school_a),
        director_b=member("directeur_b", Role.DIRECTEUR, school_b),
        teacher_b=teacher_b,
        board_member=board_member,
        board_member_other=board_member_other,
    )

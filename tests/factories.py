"""factory_boy factories for the core data; apps add theirs in their own tests package."""

import factory
from django.contrib.auth import get_user_model

from npo_planner.scholen.models import Board, Enrollment, Group, Membership, Pupil, School, SchoolYear

PASSWORD = "test-wachtwoord-123"


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Bestuur {n}")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School
        django_get_or_create = ["brin"]

    brin = factory.Sequence(lambda n: f"{n % 100:02d}{chr(65 + (n // 100) % 26)}Z")
    name = factory.Sequence(lambda n: f"School {n}")
    board = factory.SubFactory(BoardFactory)


class SchoolYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolYear
        django_get_or_create = ["label"]

    label = "2021-2022"
    start = factory.LazyAttribute(lambda o: SchoolYear.dates_for(o.label)[0])
    end = factory.LazyAttribute(lambda o: SchoolYear.dates_for(o.label)[1])


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group
        django_get_or_create = ["school", "school_year", "name"]

    school = factory.SubFactory(SchoolFactory)
    school_year = factory.SubFactory(SchoolYearFactory)
    name = "5a"
    grade = factory.LazyAttribute(lambda o: int(o.name[0]))


class PupilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pupil

    school = factory.SubFactory(SchoolFactory)
    code = factory.Sequence(lambda n: f"LL{n:05d}")


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    group = factory.SubFactory(GroupFactory)
    pupil = factory.SubFactory(PupilFactory, school=factory.SelfAttribute("..group.school"))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy hook signature
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)
    role = "directeur"

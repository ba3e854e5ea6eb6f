import os
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.admin.utils import NestedObjects
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from kanvas.models import FollowUp, Item, Moment, Questionnaire, Scale
from kanvas.models import Response as KanvasAnswer
from npo_planner.programma.models import Item as ProgrammeItem
from npo_planner.scholen.backup import SKIPPED_MODELS, school_objects
from npo_planner.scholen.backup_registry import generic_reference, id_map_fields
from npo_planner.scholen.models import AuditEntry, Membership, Pupil, RecoveryCode, School, TwoFactorDevice
from npo_planner.scholen.services import audit_record
from ouderbetrokkenheid.models import Response as SurveyResponse
from tests.conftest import _load_reference_data
from tests.ouderbetrokkenheid.factories import sample_survey


def _snapshot():
    """Every record of every model, as comparable values."""
    data = {}
    for model in apps.get_models():
        if model._meta.label_lower in SKIPPED_MODELS or model._meta.proxy:
            continue
        data[model._meta.label_lower] = Counter(
            tuple(sorted((k, str(v)) for k, v in row.items())) for row in model._base_manager.values()
        )
    return data


@pytest.mark.django_db(transaction=True)
def test_whole_database_backup_restores_into_an_empty_database_with_every_record(tmp_path, cast):
    call_command("demo", stdout=None)
    audit_record(user=cast.director, school=cast.school_a, action="x", summary="iets")
    before = _snapshot()
    path = str(tmp_path / "alles.json.gz")
    call_command("backup_data", output=path)
    call_command("flush", interactive=False)
    assert not School.objects.exists()
    call_command("restore_data", path)
    assert _snapshot() == before
    # The database goes on working: new records get fresh ids.
    audit_record(user=None, school=School.objects.first(), action="y", summary="na herstel")


@pytest.mark.django_db(transaction=True)
def test_school_backup_restores_the_school_with_everything_that_belongs_to_it(tmp_path, cast):
    audit_record(user=cast.director, school=cast.school_a, action="x", summary="in A")
    pupils_a = set(Pupil.objects.filter(school=cast.school_a).values_list("code", flat=True))
    members_a = set(Membership.objects.filter(school=cast.school_a).values_list("user__username", "role"))
    path = str(tmp_path / "school.json")
    call_command("delete_school", output=path, school=cast.school_a.brin, stdout=StringIO())  # backs up first
    assert not Pupil.objects.filter(code__in=pupils_a).exists()
    call_command("restore_data", path)
    school = School.objects.get(brin=cast.school_a.brin)
    assert set(Pupil.objects.filter(school=school).values_list("code", flat=True)) == pupils_a
    assert set(Membership.objects.filter(school=school).values_list("user__username", "role")) == members_a
    assert AuditEntry.objects.filter(school=school, summary="in A").exists()
    assert Membership.objects.get(user__username="leerkracht_a").groups.get().name == "5a"


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_to_overwrite_an_existing_school(tmp_path, cast):
    path = str(tmp_path / "school.json")
    call_command("backup_data", output=path, school=cast.school_a.brin)
    with pytest.raises(CommandError, match="bestaat al"):
        call_command("restore_data", path)
    whole = str(tmp_path / "alles.json")
    call_command("backup_data", output=whole)
    with pytest.raises(CommandError, match="lege database"):
        call_command("restore_data", whole)


# --- a school backup restored next to other schools ------------------------------------------------------


def _rows_by_id():
    """Every record of every model by (model, id), with all its values: to see that nothing existing changed."""
    rows = {}
    for model in apps.get_models():
        if model._meta.label_lower in SKIPPED_MODELS or model._meta.proxy:
            continue
        for row in model._base_manager.values():
            rows[(model._meta.label_lower, row[model._meta.pk.attname])] = row
    return rows


def _flattened(nested):
    for item in nested:
        yield from _flattened(item) if isinstance(item, list) else [item]


def _signatures(school):
    """Every object of the school's backup described without ids: the school's own objects by their values and
    what their references point to (described the same way, also the items that a response's answers name); what
    they only refer to (board, users, instruments, catalogue) by name, as it may be an existing record of the
    database restored into."""
    memo, loaded = {}, {}

    def all_of(model):
        if model not in loaded:
            loaded[model] = model._base_manager.in_bulk()
        return loaded[model]

    def named(label, object_id):
        """An object of the backup; one outside it (a board's membership) is not named after a restore."""
        target = None
        if label and object_id:
            target = apps.get_model(label)._base_manager.filter(pk=object_id).first()
        if target is None or (target._meta.label_lower, target.pk) not in in_backup:
            return "no record"
        return describe(target)

    collector = NestedObjects(using="default")
    collector.collect([school])
    own = {(o._meta.label_lower, o.pk) for o in [*_flattened(collector.nested()), *collector.protected]}

    def describe(obj):
        key = (obj._meta.label_lower, obj.pk)
        if key not in memo:
            memo[key] = f"<{key[0]} in describing>"  # a cycle through nullable references ends here
            if key not in own:
                memo[key] = f"{key[0]} {obj}"
            else:
                parts = []
                id_maps = dict(id_map_fields(type(obj)))
                generic = generic_reference(type(obj))
                for field in obj._meta.concrete_fields:
                    if field.primary_key:
                        continue
                    if generic and field.name == generic[1]:  # an audit entry's object: described, not its id
                        parts.append((field.name, named(getattr(obj, generic[0]), getattr(obj, generic[1]))))
                        continue
                    if field.name in id_maps:  # {item id: answer}: the item described, not its id
                        targets = all_of(id_maps[field.name])
                        value = field.value_from_object(obj)
                        parts.append(
                            (
                                field.name,
                                sorted(
                                    (describe(targets[k]) if k in targets else f"no record {k}", repr(v))
                                    for k, v in value.items()
                                ),
                            )
                        )
                    elif field.is_relation:
                        target = getattr(obj, field.name)
                        parts.append((field.name, describe(target) if target is not None else None))
                    else:
                        parts.append((field.name, repr(field.value_from_object(obj))))
                for field in obj._meta.many_to_many:
                    parts.append((field.name, sorted(describe(t) for t in getattr(obj, field.name).all())))
                memo[key] = repr((key[0], parts))
        return memo[key]

    objects = school_objects(school)
    in_backup = {(o._meta.label_lower, o.pk) for o in objects}
    return Counter(describe(obj) for obj in objects)


def _instruments_with_other_ids():
    """The instruments, loaded after ids were used: their questionnaires, scales and items have other ids than in
    the database the backup came from (answers are stored by item id)."""
    questionnaire = Questionnaire.objects.create(code="tijdelijk", name="t", respondent="t")
    for number in range(5):
        scale = Scale.objects.create(
            questionnaire=questionnaire, code=f"S{number}", name="s", kind="positief", threshold=2
        )
        Item.objects.create(questionnaire=questionnaire, scale=scale, code=f"I{number}", text="t")
    questionnaire.delete()
    _load_reference_data()


def _demo_second_database():
    """The demo, with its school 12AB renamed to 99ZZ and that school's users renamed: every id the backup of
    12AB uses is taken here by another school's record."""
    call_command("demo", stdout=StringIO())
    other = School.objects.get(brin="12AB")
    other.brin, other.name = "99ZZ", "Andere school"
    other.save()
    User = get_user_model()
    for user in User.objects.filter(memberships__school=other):
        user.username = f"{user.username}_elders"
        user.email = f"{user.username}@elders.example"
        user.save()


@pytest.mark.django_db(transaction=True)
def test_school_backup_restores_next_to_other_schools_without_touching_them(tmp_path):
    call_command("demo", stdout=StringIO())
    school = School.objects.get(brin="12AB")
    director = get_user_model().objects.get(username="directeur")
    assert TwoFactorDevice.objects.filter(user=director).exists()
    RecoveryCode.objects.create(user=director, code_hash="c0ffee" * 10)
    audit_record(user=director, school=school, action="x", summary="in 12AB")
    FollowUp.objects.create(
        school=school,
        pupil=school.pupils.first(),
        moment=Moment.objects.filter(school=school).first(),
        action="gesprek",
        note="Gesprek met ouders",
        owner=director,
        created_by=director,
    )
    for model in (KanvasAnswer, SurveyResponse, ProgrammeItem, FollowUp):
        assert model.objects.exists(), model  # the demo gives the school data of every kind
    expected = _signatures(school)
    members = {m.user.username: m.user.email for m in Membership.objects.filter(school=school)}
    secrets = [d.secret for d in TwoFactorDevice.objects.all()] + [
        *RecoveryCode.objects.values_list("code_hash", flat=True),
        *get_user_model().objects.values_list("password", flat=True),
    ]
    path = str(tmp_path / "school.json")
    call_command("backup_data", output=path, school="12AB")
    text = Path(path).read_text(encoding="utf-8")
    assert not [secret for secret in secrets if secret in text]
    assert '"password"' not in text and "md5$" not in text
    assert os.stat(path).st_mode & 0o077 == 0  # readable for its owner only

    call_command("flush", interactive=False)
    _instruments_with_other_ids()
    _demo_second_database()
    before = _rows_by_id()

    out = StringIO()
    call_command("restore_data", path, stdout=out)
    assert "Nieuwe accounts zonder wachtwoord" in out.getvalue() and "directeur," in out.getvalue()

    after = _rows_by_id()
    changed = [key for key, row in before.items() if after.get(key) != row]
    assert changed == []
    restored = School.objects.get(brin="12AB")
    assert _signatures(restored) == expected
    assert {m.user.username: m.user.email for m in Membership.objects.filter(school=restored)} == members
    for membership in Membership.objects.filter(school=restored).select_related("user"):
        user = membership.user
        assert not user.has_usable_password() and not user.is_staff and not user.is_superuser
        assert not TwoFactorDevice.objects.filter(user=user).exists()
        assert not RecoveryCode.objects.filter(user=user).exists()
    # A restored member chooses a password with 'wachtwoord vergeten' (the demo's decisions mailed the councils).
    mail.outbox.clear()
    response = Client().post(reverse("password_reset"), {"email": members["directeur"]})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[members["directeur"]]]
    # The database goes on working: new records get fresh ids.
    audit_record(user=None, school=restored, action="y", summary="na herstel")


@pytest.mark.django_db(transaction=True)
def test_school_restore_refuses_a_username_that_exists_and_writes_nothing(tmp_path, cast):
    path = str(tmp_path / "school.json")
    call_command("backup_data", output=path, school=cast.school_a.brin)
    AuditEntry.objects.filter(school=cast.school_a).delete()
    cast.school_a.delete()
    cast.director.delete()
    # The teacher's account now belongs to school B, the IB'er's to the board; the MR member's has no membership.
    Membership.objects.create(user=cast.teacher, school=cast.school_b, role="leerkracht")
    Membership.objects.create(user=cast.ib, board=cast.school_b.board, role="bestuur")
    before = _rows_by_id()
    with pytest.raises(CommandError) as refused:
        call_command("restore_data", path)
    assert str(refused.value).splitlines() == [
        "Gebruiker 'ib_a' bestaat al in deze database en hoort bij bestuur Bestuur Test. Een back-up van een "
        "school neemt geen account van een andere school over: geef de bestaande gebruiker een andere naam en "
        "zet de back-up opnieuw terug.",
        "Gebruiker 'leerkracht_a' bestaat al in deze database en hoort bij School B (22BB). Een back-up van een "
        "school neemt geen account van een andere school over: geef de bestaande gebruiker een andere naam en "
        "zet de back-up opnieuw terug.",
    ]
    assert _rows_by_id() == before


@pytest.mark.django_db(transaction=True)
def test_school_restore_refuses_a_unique_value_that_exists_and_writes_nothing(tmp_path, cast):
    """A copy of a school next to itself under another BRIN: the parents' survey link (a unique token) is taken."""
    survey = sample_survey(cast)
    path = str(tmp_path / "school.json")
    call_command("backup_data", output=path, school=cast.school_a.brin)
    School.objects.filter(pk=cast.school_a.pk).update(brin="33CC")
    Membership.objects.filter(
        school=cast.school_a
    ).delete()  # the accounts are linked again, as after a deletion
    before = _rows_by_id()
    with pytest.raises(CommandError) as refused:
        call_command("restore_data", path)
    assert str(refused.value) == (
        f"ouderpeiling '{survey}' bestaat al in deze database (token={survey.token}); de back-up overschrijft "
        "geen bestaande gegevens."
    )
    assert _rows_by_id() == before

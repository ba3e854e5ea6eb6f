"""Writes of the core data. Every change to school data leaves an audit entry."""

import datetime
import math
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from npo_planner.scholen.models import (
    AuditEntry,
    AuthEvent,
    Board,
    Group,
    ImportMapping,
    MappingKind,
    Membership,
    School,
    SchoolYear,
)
from npo_planner.scholen.roles import Role


def audit_record(
    *, user, school: School | None, action: str, summary: str, target=None, data=None
) -> AuditEntry:
    """Record who did what to which object; `target` is any model instance (or None)."""
    return AuditEntry.objects.create(
        school=school,
        user=user if getattr(user, "is_authenticated", False) else None,
        username=getattr(user, "username", "") or "",
        action=action,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        summary=summary[:500],
        data=data or {},
    )


def school_year_get_or_create(*, label: str) -> SchoolYear:
    start, end = SchoolYear.dates_for(label)
    year, _created = SchoolYear.objects.get_or_create(label=label, defaults={"start": start, "end": end})
    return year


@transaction.atomic
def school_create(*, brin: str, name: str, board_name: str, user=None) -> tuple[School, bool]:
    """Create the school (and its board when absent); an existing BRIN is returned unchanged (idempotent)."""
    board, _created = Board.objects.get_or_create(name=board_name)
    existing = School.objects.filter(brin=brin).first()
    if existing:
        if existing.board_id != board.id:
            raise ValidationError(
                _("School %(brin)s hoort al bij bestuur %(board)s.") % {"brin": brin, "board": existing.board}
            )
        return existing, False
    school = School(brin=brin, name=name, board=board)
    school.full_clean()
    school.save()
    audit_record(
        user=user, school=school, action="school.create", summary=_("School aangemaakt"), target=school
    )
    return school, True


@transaction.atomic
def membership_grant(
    *, user, school: School, role: str, group_names: list[str] | None = None, actor=None
) -> Membership:
    """Give `user` a role in `school` (bestuur: in the school's board); replaces an earlier role there.

    `group_names` links a leerkracht to groups of the school's current school year. Idempotent: granting what
    the user already has changes nothing and writes no audit entry.
    """
    from npo_planner.scholen.selectors import default_school_year

    if role not in Role.values:
        raise ValidationError(_("Onbekende rol: %(role)s.") % {"role": role})
    if group_names and role != Role.LEERKRACHT:
        raise ValidationError(_("Alleen een leerkracht wordt aan groepen gekoppeld."))
    if role == Role.BESTUUR:
        membership, created = Membership.objects.get_or_create(
            user=user, board=school.board, defaults={"role": role}
        )
        changed = created
    else:
        existing = Membership.objects.filter(user=user, school=school).first()
        changed = existing is None or existing.role != role
        membership = existing or Membership(user=user, school=school, role=role)
        membership.role = role
        membership.full_clean()
        membership.save()
    groups: list[Group] = []
    if group_names:
        year = default_school_year(school)
        groups = list(Group.objects.filter(school=school, school_year=year, name__in=group_names))
        missing = sorted(set(group_names) - {g.name for g in groups})
        if missing:
            raise ValidationError(
                _("Groep(en) %(names)s bestaan niet in schooljaar %(year)s van deze school.")
                % {"names": ", ".join(missing), "year": year or "-"}
            )
        already = set(membership.groups.values_list("id", flat=True))
        if {g.id for g in groups} - already:
            membership.groups.add(*groups)
            changed = True
    if changed:
        audit_record(
            user=actor,
            school=school,
            action="membership.grant",
            summary=_("Rol %(role)s gegeven aan %(user)s") % {"role": role, "user": user.username},
            target=membership,
            data={"groups": sorted(g.name for g in groups)},
        )
    return membership


def user_get_or_create(*, username: str, password: str | None) -> tuple[object, bool]:
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user:
        return user, False
    if not password:
        raise ValidationError(_("Een nieuw account heeft een wachtwoord nodig."))
    user = User(username=username)
    user.set_password(password)
    user.save()
    return user, True


@dataclass(frozen=True)
class LoginBlock:
    """Whether a username may try to log in now: `locked` (too many failures within the lock window) or
    `wait_seconds` > 0 (repeated failures: the next attempt waits, longer after every further failure)."""

    locked: bool
    wait_seconds: int
    failures: int


_CLEARING = (AuthEvent.Kind.LOGIN, AuthEvent.Kind.UNLOCK)


def _failures_since_clear(events) -> list:
    """The failure times after the latest successful login or unlock, from (kind, at) pairs."""
    clear = max((at for kind, at in events if kind in _CLEARING), default=None)
    return [at for kind, at in events if kind == AuthEvent.Kind.FAILURE and (clear is None or at > clear)]


def _block_from(failures: list, now) -> LoginBlock:
    if len(failures) >= settings.LOGIN_LOCK_FAILURES:
        return LoginBlock(locked=True, wait_seconds=0, failures=len(failures))
    wait = 0
    extra = len(failures) - settings.LOGIN_DELAY_AFTER
    if failures and extra >= 0 and settings.LOGIN_DELAY_SECONDS > 0:
        delay = min(settings.LOGIN_DELAY_SECONDS * 2**extra, settings.LOGIN_LOCK_MINUTES * 60)
        remaining = (max(failures) + datetime.timedelta(seconds=delay) - now).total_seconds()
        wait = max(0, math.ceil(remaining))
    return LoginBlock(locked=False, wait_seconds=wait, failures=len(failures))


def _recent_events(usernames):
    """(lowercased username, kind, at) of the lock window's logins, unlocks and failures of these usernames."""
    since = timezone.now() - timezone.timedelta(minutes=settings.LOGIN_LOCK_MINUTES)
    return (
        AuthEvent.objects.annotate(name=Lower("username"))
        .filter(
            name__in={u.lower() for u in usernames},
            kind__in=(*_CLEARING, AuthEvent.Kind.FAILURE),
            at__gte=since,
        )
        .values_list("name", "kind", "at")
    )


def login_block(*, username: str) -> LoginBlock:
    """Failures for this username since its last successful login or unlock, within the lock window. The lock is
    per username (a whole school shares one IP address); usernames compare case-insensitively."""
    events = [(kind, at) for _name, kind, at in _recent_events([username])]
    return _block_from(_failures_since_clear(events), timezone.now())


def locked_usernames(*, usernames) -> set[str]:
    """Which of these usernames are locked now (one query, for the members page)."""
    usernames = list(usernames)
    by_name: dict[str, list] = {}
    for name, kind, at in _recent_events(usernames):
        by_name.setdefault(name, []).append((kind, at))
    now = timezone.now()
    return {
        username
        for username in usernames
        if _block_from(_failures_since_clear(by_name.get(username.lower(), [])), now).locked
    }


def schools_of_account(user) -> list[School | None]:
    """Where an action on a user's account is audited: every school where the user has a role, else no school."""
    memberships = Membership.objects.filter(user=user, school__isnull=False).select_related("school")
    return [m.school for m in memberships] or [None]


@transaction.atomic
def login_unlock(*, user, actor, school: School | None = None, ip: str | None = None) -> None:
    """Lift a lock (and the delay): the failures so far no longer count. By the directeur (for a colleague of
    `school`) or an administrator (audited under every school of the user)."""
    auth_event_record(username=user.username, kind=AuthEvent.Kind.UNLOCK, user=user, ip=ip)
    for where in [school] if school is not None else schools_of_account(user):
        audit_record(
            user=actor,
            school=where,
            action="account.unlock",
            summary=_("Inlogblokkade van %(user)s opgeheven") % {"user": user.username},
            target=user,
        )


def auth_event_record(*, username: str, kind: str, user=None, ip: str | None = None) -> None:
    AuthEvent.objects.create(username=username[:150], kind=kind, user=user, ip=ip)


@transaction.atomic
def membership_revoke(*, membership: Membership, actor) -> None:
    """Take a user's role in the school away (the account itself stays: it may have roles elsewhere)."""
    if membership.user_id == getattr(actor, "id", None):
        raise ValidationError(_("U kunt uw eigen rol niet intrekken."))
    audit_record(
        user=actor,
        school=membership.school,
        action="membership.revoke",
        summary=_("Rol %(role)s ingetrokken bij %(user)s")
        % {"role": membership.get_role_display(), "user": membership.user.username},
        target=membership,
    )
    membership.delete()


@transaction.atomic
def member_invite(
    *, school: School, username: str, email: str, role: str, groups: list[Group], actor
) -> Membership:
    """Add a colleague: a new account gets no password; the user chooses one through the e-mailed reset link."""
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, email=email)
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
    elif Membership.objects.filter(user=user, school=school).exists():
        raise ValidationError(_("%(user)s heeft al een rol in deze school.") % {"user": username})
    membership = membership_grant(user=user, school=school, role=role, actor=actor)
    if groups:
        membership.groups.set(groups)
    return membership


def export_record(*, user, school: School, filename: str, what: str) -> None:
    """Every export of school data leaves a trace: who downloaded which file, when."""
    audit_record(
        user=user,
        school=school,
        action="export",
        summary=_("Export %(what)s (%(file)s)") % {"what": what, "file": filename},
        data={"filename": filename},
    )


@transaction.atomic
def import_mapping_save(
    *, user, school: School, kind: str, columns: dict[str, str], values: dict[str, str]
) -> ImportMapping:
    """Add to the school's saved mapping of a kind of file (file column → field, file word → value); the mapping
    step and every later file of that kind use it."""
    if kind not in MappingKind.values:
        raise ValidationError(_("Onbekende soort bestand: %(kind)s.") % {"kind": kind})
    saved, _created = ImportMapping.objects.select_for_update().get_or_create(school=school, kind=kind)
    saved.columns = {**saved.columns, **columns}
    saved.values = {**saved.values, **values}
    saved.full_clean()
    saved.save()
    audit_record(
        user=user,
        school=school,
        action="import.koppeling",
        summary=_("Koppeling voor %(kind)s opgeslagen (%(n)s kolommen, %(m)s woorden)")
        % {"kind": saved.get_kind_display(), "n": len(columns), "m": len(values)},
        target=saved,
        data={"kind": kind, "columns": columns, "values": values},
    )
    return saved

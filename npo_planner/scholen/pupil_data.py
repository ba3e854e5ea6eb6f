"""Everything the school holds about one pupil (right of access), and the clean-up of pupils who left long ago.

Apps that store pupil-level data register a provider in their AppConfig.ready():
`register_pupil_data(title, provider)` with `provider(pupil) -> list[dict]` (one dict per record, Dutch keys).
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from npo_planner.scholen.models import Enrollment, Pupil, PupilAccess, RetentionRun, School
from npo_planner.scholen.pupil_erasure import pupil_codes_erase
from npo_planner.scholen.services import audit_record

RETENTION_YEARS = 2
# Who saw which pupil (PupilAccess) is kept this long, then removed by `manage.py cleanup` (privacy page).
PUPIL_ACCESS_RETENTION_DAYS = 365

PupilDataProvider = Callable[[Pupil], list[dict]]
_providers: list[tuple[str, PupilDataProvider]] = []


def register_pupil_data(title: str, provider: PupilDataProvider) -> None:
    if (title, provider) not in _providers:
        _providers.append((title, provider))


def pupil_access_record(*, user, pupil: Pupil, what: str) -> None:
    _accesses_record(user=user, school_id=pupil.school_id, seen={pupil.pk: pupil.code}, what=what)


def pupils_seen_record(*, user, school: School, pupils: Iterable, what: str) -> None:
    """A page that lists pupils' data (a group overview, a sociogram, a follow-up list) logs each pupil shown, in
    one insert. The log keeps one row per user, pupil and day: the day's first view; later views that day add
    nothing (the unique constraint, conflicts ignored). `pupils`: Pupil objects or (pupil id, pupil code) pairs."""
    seen = dict(p if isinstance(p, tuple) else (p.pk, p.code) for p in pupils)
    _accesses_record(user=user, school_id=school.pk, seen=seen, what=what)


def _accesses_record(*, user, school_id: int, seen: dict[int, str], what: str) -> None:
    if not seen:
        return
    username = getattr(user, "username", "")
    today = timezone.localdate()
    PupilAccess.objects.bulk_create(
        [
            PupilAccess(
                school_id=school_id,
                pupil_id=pupil_id,
                pupil_code=code,
                user=user,
                username=username,
                day=today,
                what=what[:100],
            )
            for pupil_id, code in sorted(seen.items(), key=lambda kv: kv[1])
        ],
        ignore_conflicts=True,
    )


def pupil_accesses_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) - datetime.timedelta(days=PUPIL_ACCESS_RETENTION_DAYS)


def pupil_accesses_purge(
    *, now: datetime.datetime | None = None, dry_run: bool = False
) -> tuple[int, datetime.datetime]:
    """Delete access-log rows older than the retention period; returns how many (would) go and the cutoff."""
    cutoff = pupil_accesses_cutoff(now)
    old = PupilAccess.objects.filter(at__lt=cutoff)
    if dry_run:
        return old.count(), cutoff
    deleted, _per_model = old.delete()
    return deleted, cutoff


def _core_sections(pupil: Pupil) -> list[tuple[str, list[dict]]]:
    enrollments = (
        Enrollment.objects.filter(pupil=pupil)
        .select_related("group__school_year")
        .order_by("group__school_year__start")
    )
    accesses = PupilAccess.objects.filter(pupil=pupil).order_by("at")
    return [
        (
            _("Leerling"),
            [
                {
                    _("leerlingcode"): pupil.code,
                    _("voornaam"): pupil.first_name,
                    _("school"): str(pupil.school),
                    _("van school af op"): pupil.left_on.isoformat() if pupil.left_on else "",
                }
            ],
        ),
        (
            _("Groepen"),
            [
                {_("schooljaar"): e.group.school_year.label, _("groep"): e.group.name, _("leerjaar"): e.grade}
                for e in enrollments
            ],
        ),
        (
            _("Wie heeft de gegevens ingezien"),
            [
                {_("wanneer"): a.at.isoformat(timespec="minutes"), _("wie"): a.username, _("wat"): a.what}
                for a in accesses
            ],
        ),
    ]


def pupil_data(pupil: Pupil) -> list[tuple[str, list[dict]]]:
    """All sections with the pupil's data: the core's and every registered app's."""
    return _core_sections(pupil) + [(title, provider(pupil)) for title, provider in _providers]


def pupil_export_record(*, user, pupil: Pupil) -> None:
    pupil_access_record(user=user, pupil=pupil, what=_("export van alle gegevens (inzageverzoek)"))
    audit_record(
        user=user,
        school=pupil.school,
        action="pupil.export",
        summary=_("Alle gegevens van leerling %(code)s geëxporteerd (inzageverzoek)") % {"code": pupil.code},
        target=pupil,
    )


def retention_cutoff(today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - RETENTION_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year - RETENTION_YEARS, day=28)


@dataclass
class Purge:
    run: RetentionRun  # what is kept: the cutoff and how many pupils per school, no codes
    codes: dict[str, list[str]]  # BRIN -> codes removed (or to remove, in a dry run); never stored


@transaction.atomic
def departed_pupils_purge(*, today: datetime.date | None = None, dry_run: bool = False) -> Purge:
    """Delete pupils who left more than two years ago, with everything that hangs on them, and erase their codes
    where they are still written (audit and access logs, notes on classmates, imports; `pupil_erasure`). The run
    is recorded with counts only."""
    cutoff = retention_cutoff(today)
    pupils = Pupil.objects.filter(left_on__isnull=False, left_on__lt=cutoff).select_related("school")
    removed: dict[str, list[str]] = {}
    schools: dict[str, School] = {}
    for pupil in pupils.order_by("school__brin", "code"):
        removed.setdefault(pupil.school.brin, []).append(pupil.code)
        schools[pupil.school.brin] = pupil.school
    if not dry_run and removed:
        pupils.delete()
        for brin, codes in removed.items():
            pupil_codes_erase(school=schools[brin], codes=codes)
            audit_record(
                user=None,
                school=schools[brin],
                action="pupil.retention_delete",
                summary=_("%(n)s leerlingen verwijderd die vóór %(cutoff)s van school gingen")
                % {"n": len(codes), "cutoff": cutoff.isoformat()},
                data={"count": len(codes), "cutoff": cutoff.isoformat()},
            )
    run = RetentionRun.objects.create(
        cutoff=cutoff, dry_run=dry_run, removed={brin: len(codes) for brin, codes in removed.items()}
    )
    return Purge(run=run, codes=removed)

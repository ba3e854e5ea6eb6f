"""Everything the school holds about one pupil (right of access), and the clean-up of pupils who left long ago.

Apps that store pupil-level data register a provider in their AppConfig.ready():
`register_pupil_data(title, provider)` with `provider(pupil) -> list[dict]` (one dict per record, Dutch keys).
"""

import datetime
from collections.abc import Callable, Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from npo_planner.scholen.models import Enrollment, Pupil, PupilAccess, RetentionRun, School
from npo_planner.scholen.services import audit_record

RETENTION_YEARS = 2

PupilDataProvider = Callable[[Pupil], list[dict]]
_providers: list[tuple[str, PupilDataProvider]] = []


def register_pupil_data(title: str, provider: PupilDataProvider) -> None:
    if (title, provider) not in _providers:
        _providers.append((title, provider))


def pupil_access_record(*, user, pupil: Pupil, what: str) -> None:
    PupilAccess.objects.create(
        school_id=pupil.school_id,
        pupil=pupil,
        pupil_code=pupil.code,
        user=user,
        username=getattr(user, "username", ""),
        what=what[:100],
    )


def pupils_seen_record(*, user, school: School, pupils: Iterable, what: str) -> None:
    """A page that lists pupils' data (a group overview, a sociogram, a follow-up list) logs each pupil shown
    once, in one insert. `pupils`: Pupil objects or (pupil id, pupil code) pairs."""
    seen = dict(p if isinstance(p, tuple) else (p.pk, p.code) for p in pupils)
    if not seen:
        return
    username = getattr(user, "username", "")
    PupilAccess.objects.bulk_create(
        [
            PupilAccess(
                school=school,
                pupil_id=pupil_id,
                pupil_code=code,
                user=user,
                username=username,
                what=what[:100],
            )
            for pupil_id, code in sorted(seen.items(), key=lambda kv: kv[1])
        ]
    )


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
            [{_("schooljaar"): e.group.school_year.label, _("groep"): e.group.name} for e in enrollments],
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


@transaction.atomic
def departed_pupils_purge(*, today: datetime.date | None = None, dry_run: bool = False) -> RetentionRun:
    """Delete pupils who left more than two years ago, with everything that hangs on them; record the run."""
    cutoff = retention_cutoff(today)
    pupils = Pupil.objects.filter(left_on__isnull=False, left_on__lt=cutoff).select_related("school")
    removed: dict[str, list[str]] = {}
    for pupil in pupils:
        removed.setdefault(pupil.school.brin, []).append(pupil.code)
    if not dry_run and removed:
        for brin, codes in removed.items():
            school = School.objects.get(brin=brin)
            audit_record(
                user=None,
                school=school,
                action="pupil.retention_delete",
                summary=_("%(n)s leerlingen verwijderd die vóór %(cutoff)s van school gingen")
                % {"n": len(codes), "cutoff": cutoff.isoformat()},
                data={"pupils": codes},
            )
        pupils.delete()
    return RetentionRun.objects.create(cutoff=cutoff, dry_run=dry_run, removed=removed)

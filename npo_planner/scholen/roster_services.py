"""Writing a roster (groepsindeling): upload → preview → confirm, all or nothing, audited.

Between preview and confirm only the kept columns are stored (`PendingRoster`); the confirm plans again against
the school as it is then, so what is written is what the preview of that moment shows.
"""

import hashlib
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from npo_planner.lib.column_mapping import Mapping
from npo_planner.lib.edit_conflict import EditConflict
from npo_planner.scholen.models import (
    Enrollment,
    Group,
    MappingKind,
    PendingRoster,
    Pupil,
    School,
    SchoolYear,
)
from npo_planner.scholen.roster_import import RosterFile, RosterPlan, RosterRow, read_roster, roster_plan
from npo_planner.scholen.selectors import import_mapping_for
from npo_planner.scholen.services import audit_record

PENDING_TTL = timedelta(hours=24)


def _read(school: School, data: bytes, filename: str, mapping: Mapping | None) -> RosterFile:
    """The file read with `mapping`, else with the school's saved mapping of rosters."""
    if mapping is None:
        mapping = import_mapping_for(school=school, kind=MappingKind.ROSTER)
    return read_roster(data=data, filename=filename, mapping=mapping)


def roster_store(
    *,
    school: School,
    user,
    school_year: SchoolYear,
    filename: str,
    data: bytes,
    mapping: Mapping | None = None,
) -> PendingRoster:
    """Read and check the file (ImportErrors on any error) and keep its roster columns for the preview."""
    roster = _read(school, data, filename, mapping)
    PendingRoster.objects.filter(created_at__lt=timezone.now() - PENDING_TTL).delete()
    PendingRoster.objects.filter(school=school, user=user).delete()  # one roster in hand per user and school
    return PendingRoster.objects.create(
        school=school,
        user=user,
        school_year=school_year,
        filename=filename[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        rows=[[r.row, r.code, r.group, r.grade, r.first_name] for r in roster.rows],
        personal_columns=roster.personal_columns,
        other_columns=roster.other_columns,
        warnings=roster.warnings,
    )


def pending_roster_file(pending: PendingRoster) -> RosterFile:
    return RosterFile(
        rows=[RosterRow(*values) for values in pending.rows],
        personal_columns=list(pending.personal_columns),
        other_columns=list(pending.other_columns),
        warnings=list(pending.warnings),
    )


def roster_preview(*, pending: PendingRoster) -> RosterPlan:
    return roster_plan(school=pending.school, year=pending.school_year, roster=pending_roster_file(pending))


@transaction.atomic
def roster_confirm(*, pending: PendingRoster, user, digest: str) -> RosterPlan:
    """Write what the preview showed (`digest`: `RosterPlan.digest()` of that preview); when the school changed in
    the meantime (another import, a new year started), nothing is written and ValidationError(code="changed")
    asks to check the new preview."""
    School.objects.select_for_update().filter(pk=pending.school_id).first()
    if roster_preview(pending=pending).digest() != digest:
        raise EditConflict(
            _(
                "De leerlingen of groepen van de school zijn intussen gewijzigd; controleer het nieuwe overzicht."
            )
        )
    plan = roster_write(
        school=pending.school,
        year=pending.school_year,
        roster=pending_roster_file(pending),
        user=user,
        filename=pending.filename,
    )
    pending.delete()
    return plan


@transaction.atomic
def roster_import(
    *, school: School, year: SchoolYear, data: bytes, filename: str, user=None, mapping: Mapping | None = None
) -> RosterPlan:
    """The command's path: read, check and write in one go."""
    return roster_write(
        school=school,
        year=year,
        roster=_read(school, data, filename, mapping),
        user=user,
        filename=filename,
    )


@transaction.atomic
def roster_write(*, school: School, year: SchoolYear, roster: RosterFile, user, filename: str) -> RosterPlan:
    """Write the roster of `year`: groups, pupils, their group and grade; pupils of the school missing from it get
    their departure date. Locks the school, so two writes (or a new year started meanwhile) run one after another."""
    School.objects.select_for_update().filter(pk=school.pk).first()
    plan = roster_plan(school=school, year=year, roster=roster)

    Group.objects.bulk_create(
        [
            Group(school=school, school_year=year, name=name, grade=plan.groups[name])
            for name in plan.new_groups
        ]
    )
    for name in plan.regraded_groups:
        Group.objects.filter(school=school, school_year=year, name=name).update(grade=plan.groups[name])
    group_ids = dict(Group.objects.filter(school=school, school_year=year).values_list("name", "id"))

    Pupil.objects.bulk_create([Pupil(school=school, code=code) for code in plan.new_pupils])
    pupils = {p.code: p for p in Pupil.objects.filter(school=school, code__in=[r.code for r in plan.rows])}
    changed = []
    for row in plan.rows:
        pupil = pupils[row.code]
        if (row.first_name and pupil.first_name != row.first_name) or pupil.left_on is not None:
            pupil.first_name = row.first_name or pupil.first_name
            pupil.left_on = None
            changed.append(pupil)
    Pupil.objects.bulk_update(changed, ["first_name", "left_on"])
    Pupil.objects.filter(school=school, code__in=plan.leaving).update(left_on=plan.left_on)

    year_groups = list(group_ids.values())
    current = {
        pupil_id: (pk, group_id, grade)
        for pk, pupil_id, group_id, grade in Enrollment.objects.filter(
            group_id__in=year_groups, pupil_id__in=[p.id for p in pupils.values()]
        ).values_list("id", "pupil_id", "group_id", "grade")
    }
    create, update, remove = [], [], []
    for row in plan.rows:
        pupil_id, group_id = pupils[row.code].id, group_ids[row.group]
        before = current.get(pupil_id)
        if before is None:
            create.append(Enrollment(group_id=group_id, pupil_id=pupil_id, grade=row.grade))
        elif before[1] != group_id:
            remove.append(before[0])
            create.append(Enrollment(group_id=group_id, pupil_id=pupil_id, grade=row.grade))
        elif before[2] != row.grade:
            update.append(Enrollment(id=before[0], grade=row.grade))
    Enrollment.objects.filter(id__in=remove).delete()
    Enrollment.objects.bulk_create(create)
    Enrollment.objects.bulk_update(update, ["grade"])

    audit_record(
        user=user,
        school=school,
        action="roster.import",
        summary=_(
            "Groepsindeling %(year)s ingelezen uit %(file)s: %(pupils)s leerlingen in %(groups)s groepen, "
            "%(leaving)s van school af"
        )
        % {
            "year": year.label,
            "file": filename,
            "pupils": len(plan.rows),
            "groups": len(plan.groups),
            "leaving": len(plan.leaving),
        },
        data={
            "school_year": year.label,
            "filename": filename,
            "new_groups": plan.new_groups,
            "new_pupils": len(plan.new_pupils),
            "moved": len(plan.moved),
            "leaving": len(plan.leaving),
            "left_on": plan.left_on.isoformat(),
            "ignored_personal_columns": plan.personal_columns,
        },
    )
    return plan


def pending_rosters_erase(*, school: School, codes: list[str]) -> None:
    """Retention: a roster previewed but never confirmed may name removed pupils; the school's rosters in hand
    go (the user uploads the file again to read it)."""
    PendingRoster.objects.filter(school=school).delete()

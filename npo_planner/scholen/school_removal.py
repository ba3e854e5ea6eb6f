"""Deleting a school: never without its backup, and never its audit log silently.

The audit log points at its school with PROTECT, so no code path (the admin, a cascade, a shell) removes it along
with the school. The one way is `school_delete`: it writes the school's backup (everything, the audit log
included), records the deletion in the log of the whole installation (no school) with the backup's name and
checksum, and then removes the audit entries and the school, all in one transaction.
"""

import hashlib
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from npo_planner.scholen.backup import backup_write
from npo_planner.scholen.models import AuditEntry, School
from npo_planner.scholen.services import audit_record


def _sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@transaction.atomic
def school_delete(*, school: School, backup_path: str, user=None) -> AuditEntry:
    """Write the school's backup to `backup_path`, record the deletion, then delete the school with everything."""
    school = School.objects.select_for_update().get(pk=school.pk)  # no new entries between backup and delete
    count = backup_write(backup_path, school=school)
    entries = AuditEntry.objects.filter(school=school)
    record = audit_record(
        user=user,
        school=None,
        action="school.delete",
        summary=_(
            "School %(name)s (%(brin)s) verwijderd met al haar gegevens; de back-up met het auditlog "
            "(%(entries)s regels) staat in %(file)s"
        )
        % {
            "name": school.name,
            "brin": school.brin,
            "entries": entries.count(),
            "file": Path(backup_path).name,
        },
        data={
            "brin": school.brin,
            "name": school.name,
            "backup": str(Path(backup_path).resolve()),
            "sha256": _sha256(backup_path),
            "records": count,
        },
    )
    entries.delete()
    school.delete()
    return record

"""Backups as JSON: the whole database, or one school with everything that belongs to it.

A school's backup holds every object that would go if the school were deleted, and every object that keeps it
from being deleted (its audit log) — found with Django's own deletion collector, so a new app's models are included
without anyone listing them — plus everything those objects refer to
(board, school years, users, catalogue entries), so it restores into an empty database or next to other schools
(`school_restore`). It holds no password hashes and no second-factor keys. A whole-database backup holds
everything, those included: both files are written readable for their owner only. For large production databases
use pg_dump as well; this format is portable between PostgreSQL and SQLite.
"""

import datetime
import gzip
import json
import os
from collections.abc import Iterable

from django.apps import apps
from django.contrib.admin.utils import NestedObjects
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connection, models, transaction
from django.utils.translation import gettext as _

from npo_planner.scholen.backup_registry import format_upgrades, id_map_fields
from npo_planner.scholen.models import School
from npo_planner.scholen.school_restore import (
    NOT_FROM_SCHOOL_BACKUP,
    RestoreRefused,
    RestoreResult,
    school_restore,
)

__all__ = [
    "RestoreRefused",
    "RestoreResult",
    "backup_read",
    "backup_restore",
    "backup_write",
    "school_objects",
]

# 2: a parents' survey response holds its own answers (no ouderbetrokkenheid.answer rows).
# 3: a KanVAS pending upload keeps its file in the default storage (no `data`/`plan` in the row), and a school's
#    mapping of survey files is a scholen.importmapping (one model for every kind of file).
# Older formats are brought up to date on reading (`register_format_upgrade`); a newer one is refused.
FORMAT_VERSION = 3
SKIPPED_MODELS = {"contenttypes.contenttype", "auth.permission", "sessions.session", "admin.logentry"}


def _flatten(nested) -> Iterable[models.Model]:
    for item in nested:
        if isinstance(item, list):
            yield from _flatten(item)
        else:
            yield item


def _with_references(objects: list[models.Model], *, skipped: set[str]) -> list[models.Model]:
    """Add every object that a collected object points to (forward foreign keys and many-to-many), recursively."""
    seen = {(o._meta.label_lower, o.pk): o for o in objects}
    queue = list(objects)
    while queue:
        obj = queue.pop()
        targets = []
        for field in obj._meta.concrete_fields:
            if field.is_relation and (field.many_to_one or field.one_to_one):
                target = getattr(obj, field.name, None)
                if target is not None:
                    targets.append(target)
        for field in obj._meta.many_to_many:
            if field.related_model._meta.label_lower not in skipped:
                targets.extend(getattr(obj, field.name).all())
        for target in targets:
            key = (target._meta.label_lower, target.pk)
            if key not in seen and target._meta.label_lower not in skipped:
                seen[key] = target
                queue.append(target)
    return list(seen.values())


def school_objects(school: School) -> list[models.Model]:
    collector = NestedObjects(using=DEFAULT_DB_ALIAS)
    collector.collect([school])
    # What protects the school's objects from deletion (its audit log) belongs to it as well, with its own rows.
    protected = set(collector.protected)
    while protected:
        collector.protected = set()
        collector.collect(list(protected))
        protected = collector.protected - protected
    # Rows of automatic many-to-many tables travel with their owner's many-to-many field.
    objects = [o for o in _flatten(collector.nested()) if not o._meta.auto_created]
    objects += _id_map_targets(objects)
    return _with_references(objects, skipped=SKIPPED_MODELS | NOT_FROM_SCHOOL_BACKUP)


def _id_map_targets(objects: list[models.Model]) -> list[models.Model]:
    """The records whose ids are keys of the objects' id maps (the items a KanVAS response's answers name)."""
    wanted: dict[type[models.Model], set] = {}
    for obj in objects:
        for name, target in id_map_fields(type(obj)):
            wanted.setdefault(target, set()).update((getattr(obj, name) or {}).keys())
    return [found for target, ids in wanted.items() for found in target._base_manager.filter(pk__in=ids)]


def _without_passwords(serialized: list[dict]) -> list[dict]:
    """A school backup carries accounts without their password hash; restored users set a new password."""
    user_label = get_user_model()._meta.label_lower
    for item in serialized:
        if item["model"] == user_label:
            item["fields"].pop("password", None)
            item["fields"].pop("user_permissions", None)
            item["fields"].pop("groups", None)
    return serialized


def all_objects() -> list[models.Model]:
    objects = []
    for model in apps.get_models():
        if model._meta.label_lower in SKIPPED_MODELS or model._meta.proxy:
            continue
        objects.extend(model._base_manager.order_by("pk"))
    return objects


def backup_write(path: str, *, school: School | None = None) -> int:
    objects = school_objects(school) if school else all_objects()
    serialized = serializers.serialize("python", objects)
    payload = {
        "format": "npo-planner-backup",
        "version": FORMAT_VERSION,
        "scope": school.brin if school else "all",
        "objects": _without_passwords(serialized) if school else serialized,
    }
    # Readable for the owner only, from the first byte: a whole backup holds password hashes and 2FA keys.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(path, 0o600)
    with open(descriptor, "wb") as raw:
        stream = gzip.GzipFile(fileobj=raw, mode="wb") if path.endswith(".gz") else raw
        with stream:
            stream.write(json.dumps(payload, cls=_FullPrecisionEncoder).encode("utf-8"))
    return len(objects)


class _FullPrecisionEncoder(DjangoJSONEncoder):
    """Django's encoder cuts datetimes to milliseconds; a backup keeps them exactly."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def backup_read(path: str) -> dict:
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        payload = json.load(handle)
    if not isinstance(payload, dict) or payload.get("format") != "npo-planner-backup":
        raise RestoreRefused(_("Dit is geen back-up van NPO-planner."))
    version = payload.get("version")
    if type(version) is not int or not 1 <= version <= FORMAT_VERSION:
        raise RestoreRefused(
            _(
                "Deze back-up heeft formaat %(version)s, dat deze versie van NPO-planner niet kent (zij leest de "
                "formaten 1 tot en met %(current)s). Zet de back-up terug met de versie van NPO-planner die haar "
                "maakte, of een nieuwere."
            )
            % {"version": version, "current": FORMAT_VERSION}
        )
    for upgrade in format_upgrades(version):
        payload["objects"] = upgrade(payload["objects"])
    payload["version"] = FORMAT_VERSION
    return payload


@transaction.atomic
def backup_restore(path: str) -> RestoreResult:
    """Restore a backup: the whole database only into one without schools; a school next to the schools there
    (by natural keys, never overwriting: `school_restore`)."""
    payload = backup_read(path)
    scope = payload["scope"]
    if scope != "all":
        return school_restore(payload["objects"], scope)
    if School.objects.exists():
        raise RestoreRefused(
            _("De database bevat al scholen; een volledige back-up gaat alleen in een lege database.")
        )
    objects = list(
        serializers.deserialize("json", json.dumps(payload["objects"]), handle_forward_references=True)
    )
    with connection.constraint_checks_disabled():
        for obj in objects:
            obj.save()
        for obj in objects:
            if obj.deferred_fields:
                obj.save_deferred_fields()
    connection.check_constraints(table_names=sorted({o.object._meta.db_table for o in objects}))
    _reset_sequences({type(o.object) for o in objects})
    return RestoreResult(count=len(objects))


def _reset_sequences(model_classes) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_classes))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)

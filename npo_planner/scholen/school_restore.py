"""Restoring one school's backup into a database that holds other schools, without touching them.

The backup's ids mean nothing here. Every object is restored by what identifies it:

- The school's own objects (everything that would go if the school were deleted, or keeps it from being
  deleted: its groups, pupils, members, answers, surveys, programmes, audit log, …) are inserted as new rows with
  new ids; their references are translated to the new ids. The BRIN must be free, and so must every unique value
  of them that does not involve another of their rows (a parents' survey token).
- Objects the school only refers to (board, school years, instruments, catalogue interventions, survey templates,
  users who are no member) are looked up by their natural key (a unique field or unique constraint: board name,
  school-year label, questionnaire code, scale and item code within their questionnaire, intervention code,
  template code, username) and used as they are; only a missing one is added.
- A member whose username exists here with a membership (of another school or a board) is refused: restoring
  would hand that account the school. An existing account without any membership (the school was deleted here
  and is restored) is linked again as it is. New accounts get no password (the user sets one through the
  password-reset link), no second factor and no admin rights.

What cannot be restored without changing existing data is refused with a Dutch message (the BRIN and the
accounts are checked before anything is written); the restore is one transaction, so a refusal leaves nothing.
"""

import graphlib
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connection, models
from django.utils.translation import gettext as _

from npo_planner.scholen.backup_registry import generic_reference, id_map_fields
from npo_planner.scholen.models import Membership, School


class RestoreRefused(Exception):
    pass


@dataclass
class RestoreResult:
    count: int  # objects in the backup
    new_accounts: list[str] = field(default_factory=list)  # usernames created without a password


# Never restored from a school backup: second factors and admin-only rows (older backups may still hold them).
NOT_FROM_SCHOOL_BACKUP = {"scholen.twofactordevice", "scholen.recoverycode", "auth.group", "auth.permission"}


# A foreign key of one of these kinds to a row of the school makes a row the school's own.
OWNING = (models.CASCADE, models.PROTECT, models.RESTRICT)


@dataclass
class _Row:
    model: type[models.Model]
    old_pk: object
    obj: models.Model
    m2m: dict[str, list] = field(default_factory=dict)
    refs: dict[str, tuple] = field(default_factory=dict)  # attname -> (label, pk in the backup)
    owned: bool = False
    matched: bool = False  # a reference found in this database (used as it is, never changed)

    @property
    def key(self) -> tuple[str, object]:
        return (self.model._meta.label_lower, self.old_pk)


def _rows(serialized: list[dict]) -> list[_Row]:
    rows = []
    for item in serializers.deserialize("python", serialized):
        obj = item.object
        label = obj._meta.label_lower
        if label in NOT_FROM_SCHOOL_BACKUP:
            continue
        rows.append(_Row(model=type(obj), old_pk=obj.pk, obj=obj, m2m=dict(item.m2m_data or {})))
    return rows


def _foreign_keys(model) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if f.is_relation and (f.many_to_one or f.one_to_one)]


def _target_key(fk: models.Field, value) -> tuple[str, object]:
    return (fk.related_model._meta.label_lower, fk.related_model._meta.pk.to_python(value))


def _mark_owned(rows: list[_Row], by_key: dict, brin: str) -> None:
    """The school and, transitively, every row that a cascading or protecting foreign key ties to an owned row
    (what the backup collected as the school's own: what goes with it, and what keeps it from going)."""
    for row in rows:
        row.owned = row.model is School and row.obj.brin == brin
    changed = True
    while changed:
        changed = False
        for row in rows:
            if row.owned:
                continue
            for fk in _foreign_keys(row.model):
                value = getattr(row.obj, fk.attname)
                if value is None or fk.remote_field.on_delete not in OWNING:
                    continue
                target = by_key.get(_target_key(fk, value))
                if target is not None and target.owned:
                    row.owned = changed = True
                    break


def _model_order(models_present: set) -> list:
    """Models in an order where every foreign key points to a model that comes earlier; a cycle is broken at a
    nullable foreign key (that value is filled in once its target is written)."""
    present = sorted(models_present, key=lambda m: m._meta.label_lower)
    graph = {
        model: {
            fk.related_model
            for fk in _foreign_keys(model)
            if fk.related_model is not model and fk.related_model in models_present
        }
        | {target for _name, target in id_map_fields(model) if target in models_present}
        for model in present
    }
    while True:
        try:
            return list(graphlib.TopologicalSorter(graph).static_order())
        except graphlib.CycleError as error:
            cycle = error.args[1]
            for earlier, later in zip(cycle, cycle[1:], strict=False):
                if all(fk.null for fk in _foreign_keys(later) if fk.related_model is earlier):
                    graph[later].discard(earlier)
                    break
            else:
                raise


def _natural_keys(model) -> list[tuple[list[str], models.Q | None]]:
    """Every unique field and unique constraint of the model, as attnames with the constraint's condition."""
    opts = model._meta
    keys = [([f.attname], None) for f in opts.concrete_fields if f.unique and not f.primary_key]
    for names in opts.unique_together:
        keys.append(([opts.get_field(n).attname for n in names], None))
    for constraint in opts.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
            keys.append(([opts.get_field(n).attname for n in constraint.fields], constraint.condition))
    return keys


def _applies(condition, obj) -> bool:
    if condition is None:
        return True
    return condition.check(obj._get_field_expression_map(meta=obj._meta))


def _describe(obj) -> str:
    return f"{obj._meta.verbose_name} '{obj}'"


class _Restore:
    def __init__(self, serialized: list[dict], brin: str):
        self.brin = brin
        self.rows = _rows(serialized)
        self.by_key = {row.key: row for row in self.rows}
        self.new_pk: dict[tuple[str, object], object] = {}
        self.deferred: list[tuple[_Row, models.Field, tuple]] = []
        _mark_owned(self.rows, self.by_key, brin)
        user_label = get_user_model()._meta.label_lower
        self.member_user_pks = {row.obj.user_id for row in self.rows if row.model is Membership and row.owned}
        self.user_rows = [row for row in self.rows if row.key[0] == user_label]

    # --- checks before anything is written ----------------------------------------------------------------

    def refusals(self) -> list[str]:
        problems = []
        if School.objects.filter(brin=self.brin).exists():
            problems.append(
                _("School %(brin)s bestaat al in deze database; verwijder haar eerst of kies een andere.")
                % {"brin": self.brin}
            )
        problems += self._user_refusals()
        return problems

    def _user_refusals(self) -> list[str]:
        """A member whose username exists with a membership elsewhere cannot be restored; an existing account
        without any membership (the school was deleted here) is linked again, as are users only referred to."""
        User = get_user_model()
        members = {row.obj.get_username() for row in self.user_rows if row.old_pk in self.member_user_pks}
        where: dict[str, list[str]] = {}
        for membership in Membership.objects.filter(
            **{f"user__{User.USERNAME_FIELD}__in": list(members)}
        ).select_related("user", "school", "board"):
            place = (
                str(membership.school)
                if membership.school
                else _("bestuur %(board)s") % {"board": membership.board}
            )
            where.setdefault(membership.user.get_username(), []).append(place)
        return [
            _(
                "Gebruiker '%(username)s' bestaat al in deze database en hoort bij %(where)s. Een back-up van een "
                "school neemt geen account van een andere school over: geef de bestaande gebruiker een andere "
                "naam en zet de back-up opnieuw terug."
            )
            % {"username": username, "where": ", ".join(sorted(places))}
            for username, places in sorted(where.items())
        ]

    # --- writing -----------------------------------------------------------------------------------------

    def run(self) -> RestoreResult:
        rows_of: dict[type, list[_Row]] = {}
        for row in self.rows:
            rows_of.setdefault(row.model, []).append(row)
        for model in _model_order(set(rows_of)):
            to_create = []
            for row in rows_of[model]:
                self._translate_references(row)
                if not row.owned and self._match_reference(row):
                    continue
                if row.owned:
                    self._refuse_global_duplicates(row)
                to_create.append(row)
            self._insert(model, to_create)
        self._fill_deferred()
        self._point_generic_references()
        self._set_many_to_many()
        user_label = get_user_model()._meta.label_lower
        new_accounts = sorted(
            row.obj.get_username() for row in self.rows if row.key[0] == user_label and not row.matched
        )
        return RestoreResult(count=len(self.rows), new_accounts=new_accounts)

    def _translate_references(self, row: _Row) -> None:
        for name, target in id_map_fields(row.model):
            self._translate_id_map(row, name, target)
        for fk in _foreign_keys(row.model):
            value = getattr(row.obj, fk.attname)
            if value is None:
                continue
            key = _target_key(fk, value)
            row.refs[fk.attname] = key
            if key in self.new_pk:
                setattr(row.obj, fk.attname, self.new_pk[key])
            elif key in self.by_key and fk.null:
                setattr(row.obj, fk.attname, None)  # filled in once the target is written
                self.deferred.append((row, fk, key))
            else:
                raise RestoreRefused(
                    _(
                        "De back-up is onvolledig: %(object)s verwijst naar een %(target)s die er niet in staat."
                    )
                    % {"object": _describe(row.obj), "target": fk.related_model._meta.verbose_name}
                )

    def _translate_id_map(self, row: _Row, name: str, target) -> None:
        value = getattr(row.obj, name)
        if not value:
            return
        label = target._meta.label_lower
        missing = [key for key in value if (label, key) not in self.new_pk]
        if missing:
            raise RestoreRefused(
                _("De back-up is onvolledig: %(object)s verwijst naar een %(target)s die er niet in staat.")
                % {"object": _describe(row.obj), "target": target._meta.verbose_name}
            )
        setattr(row.obj, name, {self.new_pk[(label, key)]: item for key, item in value.items()})

    def _match_reference(self, row: _Row) -> bool:
        """Find the row's counterpart in this database by a natural key; True when found (then it is used)."""
        opts = row.model._meta
        for attnames, condition in _natural_keys(row.model):
            lookup = {name: getattr(row.obj, name) for name in attnames}
            if any(value is None for value in lookup.values()) or not _applies(condition, row.obj):
                continue
            queryset = row.model._base_manager.filter(**lookup)
            if condition is not None:
                queryset = queryset.filter(condition)
            existing = queryset.first()
            if existing is not None:
                self.new_pk[row.key] = existing.pk
                row.matched = True
                return True
            parent = self._matched_parent(row, attnames)
            if parent is not None:
                raise RestoreRefused(
                    _(
                        "%(object)s uit de back-up ontbreekt in deze database bij %(parent)s: de "
                        "referentiegegevens verschillen. Breng deze database eerst bij (migraties) en zet de "
                        "back-up dan opnieuw terug."
                    )
                    % {"object": _describe(row.obj), "parent": _describe(parent.obj)}
                )
        if opts.label_lower == get_user_model()._meta.label_lower:
            row.obj.set_unusable_password()
            row.obj.is_staff = row.obj.is_superuser = False
            row.m2m = {}
        return False

    def _matched_parent(self, row: _Row, attnames: list[str]) -> _Row | None:
        """A reference that belongs to an existing one (a scale of an existing questionnaire) may not be added."""
        for name in attnames:
            target = self.by_key.get(row.refs.get(name))
            if target is not None and target.matched:
                return target
        return None

    def _refuse_global_duplicates(self, row: _Row) -> None:
        """A unique value of the school's own data that does not involve another of its new rows must be free."""
        for attnames, condition in _natural_keys(row.model):
            if any(self._points_to_new_owned_row(row, name) for name in attnames):
                continue
            lookup = {name: getattr(row.obj, name) for name in attnames}
            if any(value is None for value in lookup.values()) or not _applies(condition, row.obj):
                continue
            queryset = row.model._base_manager.filter(**lookup)
            if condition is not None:
                queryset = queryset.filter(condition)
            if queryset.exists():
                raise RestoreRefused(
                    _(
                        "%(object)s bestaat al in deze database (%(fields)s); de back-up overschrijft geen "
                        "bestaande gegevens."
                    )
                    % {
                        "object": _describe(row.obj),
                        "fields": ", ".join(f"{name}={value}" for name, value in lookup.items()),
                    }
                )

    def _points_to_new_owned_row(self, row: _Row, attname: str) -> bool:
        target = self.by_key.get(row.refs.get(attname))
        return target is not None and target.owned

    def _insert(self, model, rows: list[_Row]) -> None:
        if not rows:
            return
        # A new id: the database's next one, or a new value of the key's default (a job's UUID).
        pk = model._meta.pk
        for row in rows:
            row.obj.pk = None if pk.db_returning else pk.get_default()
        fields = [
            f
            for f in model._meta.concrete_fields
            if not (f.primary_key and pk.db_returning) and not f.generated
        ]
        objs = [row.obj for row in rows]
        batch = max(connection.ops.bulk_batch_size(fields, objs), 1)
        if not connection.features.can_return_rows_from_bulk_insert:
            batch = 1
        returned = []
        for start in range(0, len(objs), batch):
            # raw=True, as Django's own deserialisation saves: timestamps (auto_now) are kept as they were.
            returned += model._base_manager._insert(
                objs[start : start + batch],
                fields=fields,
                returning_fields=[model._meta.pk],
                raw=True,
                using=DEFAULT_DB_ALIAS,
            )
        for row, values in zip(rows, returned, strict=True):
            row.obj.pk = values[0]
            row.obj._state.adding = False
            self.new_pk[row.key] = row.obj.pk

    def _fill_deferred(self) -> None:
        by_model: dict[tuple, list] = {}
        for row, fk, key in self.deferred:
            if row.matched:
                continue
            setattr(row.obj, fk.attname, self.new_pk[key])
            by_model.setdefault((row.model, fk.name), []).append(row.obj)
        for (model, name), objs in by_model.items():
            model._base_manager.bulk_update(objs, [name])

    def _point_generic_references(self) -> None:
        """An audit entry's (object_type, object_id) names the object's new id, or no id when it is not here."""
        changed: dict[type, tuple[list, list[str]]] = {}
        for row in self.rows:
            fields = generic_reference(row.model)
            if row.matched or fields is None:
                continue
            type_field, id_field = fields
            label, old_id = getattr(row.obj, type_field), getattr(row.obj, id_field)
            if not old_id:
                continue
            new_id = self._new_id_of(label, old_id)
            setattr(row.obj, id_field, "" if new_id is None else str(new_id))
            changed.setdefault(row.model, ([], [id_field]))[0].append(row.obj)
        for model, (objs, names) in changed.items():
            model._base_manager.bulk_update(objs, names, batch_size=500)

    def _new_id_of(self, label: str, old_id: str):
        try:
            model = apps.get_model(label)
            key = (model._meta.label_lower, model._meta.pk.to_python(old_id))
        except (LookupError, ValueError, ValidationError):
            return None  # not a model, or not an id of it: nothing here to name
        return self.new_pk.get(key)

    def _set_many_to_many(self) -> None:
        for row in self.rows:
            if row.matched:
                continue
            for name, old_pks in row.m2m.items():
                related = row.model._meta.get_field(name).related_model._meta.label_lower
                getattr(row.obj, name).set([self.new_pk[(related, pk)] for pk in old_pks])


def school_restore(serialized: list[dict], brin: str) -> RestoreResult:
    """Restore one school's backup (call inside a transaction)."""
    restore = _Restore(serialized, brin)
    problems = restore.refusals()
    if problems:
        raise RestoreRefused("\n".join(problems))
    return restore.run()

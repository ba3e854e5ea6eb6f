"""Writes of the KanVAS app: imports (all or nothing, recorded and audited) and follow-up of pupils."""

import hashlib
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import numpy as np
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kanvas import answer_frame, importers, plan_store, writers
from kanvas.models import (
    FollowUp,
    FollowUpNote,
    FollowUpStatus,
    ImportKind,
    ImportRecord,
    Moment,
    PendingUpload,
    Response,
)
from kanvas.scoring import load_instruments
from kanvas.tasks import moment_charts_redraw, rescored_charts_redraw
from npo_planner.jobs import file_imports
from npo_planner.lib.column_mapping import Mapping, MappingHint, hint_of
from npo_planner.lib.edit_conflict import lock_for_edit
from npo_planner.lib.import_errors import ImportErrors
from npo_planner.lib.stored_files import file_read, file_store
from npo_planner.lib.tabular import too_large
from npo_planner.scholen.models import MappingKind, Pupil, School
from npo_planner.scholen.roles import MANAGEMENT
from npo_planner.scholen.selectors import import_mapping_for
from npo_planner.scholen.services import audit_record

PENDING_TTL = timedelta(hours=24)
RESCORE_BATCH = 2_000
PARSERS: dict[str, Callable[..., importers.Plan]] = {
    ImportKind.ANSWERS: answer_frame.parse_answers,
    ImportKind.SOCIOGRAM: importers.parse_sociogram,
}
WRITERS: dict[str, Callable[[School, importers.Plan], None]] = {
    ImportKind.ANSWERS: writers.write_answers,
    ImportKind.SOCIOGRAM: writers.write_nominations,
}


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# The school's saved mapping (scholen.ImportMapping) of each kind of file.
MAPPING_KINDS: dict[str, str] = {
    ImportKind.ANSWERS: MappingKind.KANVAS,
    ImportKind.SOCIOGRAM: MappingKind.SOCIOGRAM,
}


def import_preview(
    *, school: School, kind: str, data: bytes, filename: str, replace: bool, mapping: Mapping | None = None
) -> importers.Plan:
    """Check a file without writing anything; raises ImportErrors. Without `mapping`, the school's saved one."""
    if mapping is None:
        mapping = import_mapping_for(school=school, kind=MAPPING_KINDS[kind])
    return PARSERS[kind](school=school, data=data, filename=filename, replace=replace, mapping=mapping)


@transaction.atomic
def file_import(
    *,
    school: School,
    user,
    kind: str,
    data: bytes,
    filename: str,
    replace: bool = False,
    plan: importers.Plan | None = None,
    state: str = "",
    mapping: Mapping | None = None,
) -> ImportRecord:
    """Import a KanVAS answers or sociogram file: every row or none. Raises ImportErrors on a refused file.

    `plan` is the file's Plan from the preview, made when the school's data were in `state`
    (kanvas.plan_store.school_state): used as it is when they still are, else the file is checked again (with
    `mapping`, else the school's saved mapping)."""
    School.objects.select_for_update().filter(pk=school.pk).first()  # one import per school at a time
    if plan is None or not state or plan_store.school_state(school) != state:
        plan = import_preview(
            school=school, kind=kind, data=data, filename=filename, replace=replace, mapping=mapping
        )
    WRITERS[kind](school, plan)
    summary = plan.summary()
    record = ImportRecord(
        school=school,
        user=user if getattr(user, "is_authenticated", False) else None,
        username=getattr(user, "username", "") or "",
        kind=kind,
        filename=filename[:255],
        size=len(data),
        sha256=sha256_of(data),
        rows=plan.rows_written,
        replaced=any(r.removed for r in plan.replacements),
        summary=summary,
    )
    record.full_clean()
    record.save()
    # the charts of every moment the file wrote or replaced, drawn in the background once this commits
    moment_charts_redraw(
        Moment.objects.filter(school=school, label__in=list(plan.moments)).values_list("id", flat=True)
    )
    audit_record(
        user=user,
        school=school,
        action=f"kanvas.import.{kind}",
        summary=_("%(kind)s ingelezen uit %(file)s: %(rows)s rijen")
        % {"kind": record.get_kind_display(), "file": record.filename, "rows": record.rows},
        target=record,
        data={"sha256": record.sha256, "size": record.size, "replaced": summary["replaced"]},
    )
    return record


PENDING_FOLDER = "kanvas/pending"
PENDING_FILES = ["path", "plan_path"]  # the fields of a PendingUpload that name stored files (kanvas.apps)


@transaction.atomic
def upload_store(
    *, school: School, user, kind: str, filename: str, data: bytes, replace: bool
) -> PendingUpload:
    """Keep an uploaded file between preview and confirm (in the default storage, for this school and user only)."""
    refusal = too_large(len(data), importers.max_bytes(kind))
    if refusal:
        errors = ImportErrors()
        errors.add(refusal)
        raise errors
    PendingUpload.objects.filter(created_at__lt=timezone.now() - PENDING_TTL).delete()
    # One file in hand per user and school; a confirmed one is being written by a background job.
    PendingUpload.objects.filter(school=school, user=user, confirmed=False).delete()
    pending = PendingUpload(
        school=school,
        user=user,
        kind=kind,
        filename=(filename or "bestand")[:255],
        size=len(data),
        sha256=sha256_of(data),
        replace=replace,
    )
    pending.full_clean(exclude=["path"])
    pending.path = file_store(PENDING_FOLDER, data)
    pending.save()
    return pending


def _stored_file(pending: PendingUpload) -> bytes:
    """The upload's bytes; ImportErrors when the stored file is gone or is not the file uploaded."""
    data = file_read(pending.path)
    if data is None or sha256_of(data) != pending.sha256:
        errors = ImportErrors()
        errors.add(
            _("Het bestand is er niet meer (na 24 uur wordt het weggegooid); lees het opnieuw in.")
            if data is None
            else _("Het bewaarde bestand is veranderd; lees het opnieuw in.")
        )
        raise errors
    return data


def _stored_plan(pending: PendingUpload) -> importers.Plan | None:
    return plan_store.plan_load(file_read(pending.plan_path)) if pending.plan_path else None


Checked = tuple[importers.Plan | None, list[str] | None]


def upload_checked(*, pending: PendingUpload) -> Checked | None:
    """What the upload's check found, without parsing: (Plan, None) or (None, the file's errors); None when it was
    not checked yet, or its Plan was compared with data the school no longer has in that state."""
    if pending.errors:
        return None, list(pending.errors)
    if not pending.plan_path or pending.school_state != plan_store.school_state(pending.school):
        return None
    plan = _stored_plan(pending)
    return (plan, None) if plan is not None else None


def upload_check(*, pending: PendingUpload) -> Checked:
    """(Plan, None) or (None, the file's errors): the file is parsed on the first call only; the Plan (or the
    errors) is kept with the upload for the preview and the confirm. A Plan compared with data the school no longer
    has in that state is made again."""
    checked = upload_checked(pending=pending)
    if checked is not None:
        return checked
    state = plan_store.school_state(pending.school)
    try:
        plan = import_preview(
            school=pending.school,
            kind=pending.kind,
            data=_stored_file(pending),
            filename=pending.filename,
            replace=pending.replace,
        )
    except ImportErrors as errors:
        pending.errors = errors.messages()
        pending.save(update_fields=["errors"])
        cache.set(_hint_key(pending), hint_of(errors), PENDING_TTL.total_seconds())
        return None, list(pending.errors)
    old_plan = pending.plan_path
    pending.plan_path, pending.school_state = file_store(PENDING_FOLDER, plan_store.plan_dump(plan)), state
    pending.save(update_fields=["plan_path", "school_state"])
    if old_plan:
        default_storage.delete(old_plan)  # a Plan made against data the school no longer has
    return plan, None


def _hint_key(pending: PendingUpload) -> str:
    return f"kanvas-mapping-hint:{pending.pk}:{pending.sha256}"


def upload_mapping_hint(*, pending: PendingUpload) -> MappingHint | None:
    """What the mapping step can fix in a refused upload (missing columns, unknown words), kept from its check
    (None when a mapping cannot help, or the cache no longer has it: the user then chooses the file again)."""
    return cache.get(_hint_key(pending)) if pending.errors else None


def upload_recheck(*, pending: PendingUpload) -> None:
    """Forget the upload's check (the school's mapping changed): the next look checks the file again."""
    if pending.plan_path:
        default_storage.delete(
            pending.plan_path
        )  # the file first: a storage that fails leaves the row naming it
    pending.errors, pending.plan_path, pending.school_state = [], "", ""
    pending.save(update_fields=["errors", "plan_path", "school_state"])
    cache.delete(_hint_key(pending))


def upload_confirm(*, pending: PendingUpload, user) -> ImportRecord:
    """Write a checked upload (all or nothing) and drop it with its files. Raises ImportErrors or ValidationError."""
    data = _stored_file(pending)
    with transaction.atomic():
        record = file_import(
            school=pending.school,
            user=user,
            kind=pending.kind,
            data=data,
            filename=pending.filename,
            replace=pending.replace,
            plan=_stored_plan(pending),
            state=pending.school_state,
        )
        PendingUpload.objects.filter(pk=pending.pk).delete()
    return record


def upload_in_background(*, pending: PendingUpload) -> bool:
    """A file this large is written by a background job (kanvas.import_jobs), a smaller one inside the request."""
    return file_imports.in_background(pending.size)


def upload_discard(*, pending: PendingUpload) -> None:
    PendingUpload.objects.filter(pk=pending.pk).delete()


def pending_uploads_erase(*, school: School, codes: list[str]) -> None:
    """Retention: files uploaded but never confirmed may name removed pupils, and a spreadsheet cannot be searched
    for a code; every file the school has in hand goes (the user uploads it again to import it)."""
    PendingUpload.objects.filter(school=school).delete()


# --- Follow-up ---------------------------------------------------------------------------------------------


def _check_owner(owner, allowed) -> None:
    if owner is not None and owner.pk not in {u.pk for u in allowed}:
        raise ValidationError(
            _("%(user)s kan geen eigenaar zijn: kies de IB'er, de directeur of een leerkracht van de groep.")
            % {"user": owner.get_full_name() or owner.username}
        )


@transaction.atomic
def followup_create(
    *,
    school: School,
    user,
    pupil: Pupil,
    action: str,
    note: str,
    owner=None,
    moment: Moment | None = None,
    due=None,
) -> FollowUp:
    followup = FollowUp(
        school=school,
        pupil=pupil,
        action=action,
        note=note,
        owner=owner,
        moment=moment,
        due=due,
        created_by=user,
    )
    followup.full_clean()
    followup.save()
    audit_record(
        user=user,
        school=school,
        action="kanvas.followup.create",
        summary=_("Vervolgactie '%(action)s' voor leerling %(pupil)s")
        % {"action": followup.get_action_display(), "pupil": pupil.code},
        target=followup,
        data={"owner": getattr(owner, "username", None), "due": due.isoformat() if due else None},
    )
    return followup


@transaction.atomic
def followups_plan(
    *,
    school: School,
    user,
    pupils: list[Pupil],
    action: str,
    note: str,
    owner=None,
    moment: Moment | None = None,
    due=None,
    allowed_owners=None,
) -> list[FollowUp]:
    """One action for several pupils at once (all or none), each pupil its own follow-up, each audited."""
    if not pupils:
        raise ValidationError(_("Kies ten minste één leerling."))
    if allowed_owners is not None:
        _check_owner(owner, allowed_owners)
    return [
        followup_create(
            school=school,
            user=user,
            pupil=pupil,
            action=action,
            note=note,
            owner=owner,
            moment=moment,
            due=due,
        )
        for pupil in pupils
    ]


def may_update(*, followup: FollowUp, user, role: str) -> bool:
    """The IB'er and the directeur update every follow-up of the school; anyone else only the ones they own."""
    return role in MANAGEMENT or (followup.owner_id is not None and followup.owner_id == user.pk)


@transaction.atomic
def followup_update(
    *,
    followup: FollowUp,
    user,
    version: int,
    status: str,
    note: str,
    owner=None,
    due=None,
    allowed_owners=None,
) -> FollowUp:
    """Change status, owner and date; a note is added to the history as a new row (never overwrites one).
    Refuses (EditConflict) when the version is not the one the user saw."""
    if allowed_owners is not None and owner != followup.owner:
        _check_owner(owner, allowed_owners)
    followup = lock_for_edit(
        FollowUp.objects.filter(pk=followup.pk),
        seen=version,
        message=_(
            "Iemand anders heeft deze vervolgactie intussen gewijzigd. Bekijk de nieuwe stand en probeer opnieuw."
        ),
    )
    before: dict[str, Any] = {"status": followup.status, "owner": followup.owner_id, "due": followup.due}
    followup.status = status
    followup.owner = owner
    followup.due = due
    if status == FollowUpStatus.DONE and followup.closed_at is None:
        followup.closed_at = timezone.now()
    elif status != FollowUpStatus.DONE:
        followup.closed_at = None
    followup.full_clean()
    followup.save()
    if note.strip():
        entry = FollowUpNote(
            school=followup.school, followup=followup, text=note.strip(), status=status, author=user
        )
        entry.full_clean()
        entry.save()
    audit_record(
        user=user,
        school=followup.school,
        action="kanvas.followup.update",
        summary=_("Vervolgactie voor leerling %(pupil)s: %(status)s")
        % {"pupil": followup.pupil.code, "status": FollowUpStatus(status).label},
        target=followup,
        data={
            "before": {**before, "due": before["due"].isoformat() if before["due"] else None},
            "after": {"status": status, "owner": followup.owner_id, "due": due.isoformat() if due else None},
            "note_added": bool(note.strip()),
        },
    )
    return followup


# --- Instruments -------------------------------------------------------------------------------------------


def rescore(*, questionnaire_ids, user=None, progress=None) -> int:
    """Score every stored response of these questionnaires again with the instruments as they are now: after an
    administrator changed a threshold, a reversed item, the items of a scale or the concern-score scales, both
    moments of every comparison follow the same rules. Returns the number of responses scored.

    Runs as a background job (kanvas.import_jobs). Batches of RESCORE_BATCH responses follow the primary key
    (`id > last`, never an OFFSET, which reads every skipped row again) and each is committed on its own, so
    `progress(done, total)` is seen as it goes; scoring is idempotent, so a failed run is simply run again."""
    instruments = {q.id: q for q in load_instruments().values()}
    wanted = [i for i in sorted(set(questionnaire_ids)) if i in instruments]
    total = Response.objects.filter(questionnaire_id__in=wanted).count()
    count = 0
    if progress:
        progress(0, total)
    for questionnaire_id in wanted:
        questionnaire = instruments[questionnaire_id]
        item_ids = list(questionnaire.items.values())
        scored, last = 0, 0
        while True:
            with transaction.atomic():
                batch = list(
                    Response.objects.filter(questionnaire_id=questionnaire_id, id__gt=last)
                    .only("id", "answers")
                    .order_by("id")[:RESCORE_BATCH]
                )
                if not batch:
                    break
                values = np.array(
                    [[response.answers.get(i) or 0 for i in item_ids] for response in batch], dtype=np.int8
                ).reshape(len(batch), len(item_ids))
                for response, text in zip(batch, writers.scores_texts(values, questionnaire), strict=True):
                    response.scores = text
                Response.objects.bulk_update(batch, ["scores"])
            last = batch[-1].id
            scored += len(batch)
            if progress:
                progress(count + scored, total)
        count += scored
        audit_record(
            user=user,
            school=None,
            action="kanvas.rescore",
            summary=_("Vragenlijst %(q)s opnieuw gescoord: %(n)s ingevulde vragenlijsten")
            % {"q": questionnaire.code, "n": scored},
            data={"questionnaire": questionnaire.code},
        )
    rescored_charts_redraw(wanted)
    return count


def safety_instrument_set(*, school: School, label: str, instrument: str, user) -> Moment:
    """Record which instrument the safety data of the moment `label` came from (audited)."""
    moment = Moment.objects.get(school=school, label=label)
    before = moment.safety_instrument
    moment.safety_instrument = instrument
    moment.full_clean()
    moment.save(update_fields=["safety_instrument"])
    audit_record(
        user=user,
        school=school,
        action="kanvas.safety_instrument",
        summary=_("Instrument sociale veiligheid van %(moment)s: %(instrument)s")
        % {"moment": label, "instrument": moment.get_safety_instrument_display() or "-"},
        target=moment,
        data={"before": before, "after": instrument},
    )
    return moment

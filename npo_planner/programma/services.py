"""Writes of the school programme. Every change checks the optimistic lock, reopens a submitted or consented
programme (it then needs the consent of the MR, and where needed the GMR, again) and leaves an audit entry."""

import datetime
import hashlib
from collections.abc import Collection

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from npo_planner.lib.edit_conflict import EditConflict, bump_version, check_version, lock_for_edit
from npo_planner.programma import notifications, selectors, sources
from npo_planner.programma.models import (
    ITEM_FIELDS,
    Council,
    Export,
    Item,
    ItemOutcome,
    Programme,
    Submission,
)
from npo_planner.programma.snapshot import programme_json
from npo_planner.scholen.access import membership_for
from npo_planner.scholen.models import School, SchoolYear
from npo_planner.scholen.pupil_mentions import refuse_pupil_mentions, refuse_pupil_mentions_in
from npo_planner.scholen.roles import Role
from npo_planner.scholen.services import audit_record


def _locked(programme: Programme, expected_version: int | None, *, bump: bool = False) -> Programme:
    """The programme locked for this change, refused when it is no longer the version the user saw. Bumped only
    with `bump` (else by `_change`, once the save turns out to change something)."""
    return lock_for_edit(
        Programme.objects.select_related("school", "first_year", "second_year").filter(pk=programme.pk),
        seen=expected_version,
        message=_(
            "Iemand anders heeft het programma intussen gewijzigd. Bekijk de nieuwe stand en voer uw "
            "wijziging opnieuw in."
        ),
        bump=bump,
    )


class PastedItemError(ValidationError):
    """A pasted row the item's own checks refused; `index` is its place among the pasted rows."""

    def __init__(self, index: int, error: ValidationError):
        super().__init__(error.messages)
        self.index = index


class ReopenNotConfirmedError(ValidationError):
    """A real change to a submitted or consented programme withdraws the consent: the user must say so first."""

    def __init__(self):
        super().__init__(
            {
                "confirm_reopen": _(
                    "Deze wijziging trekt de instemming in. Vink aan dat u dat wilt, of annuleer de wijziging."
                )
            },
            code="confirm_reopen",
        )


def _change(programme: Programme, *, confirm_reopen: bool) -> None:
    """About to change the plan: on a programme that is not in concept the user must have confirmed that the
    change withdraws the consent (or the version awaiting it); then the version is bumped."""
    if programme.status != Programme.Status.CONCEPT and not confirm_reopen:
        raise ReopenNotConfirmedError()
    bump_version(programme)


def _reopen(programme: Programme, *, user) -> bool:
    """A change to a submitted or consented programme sends it back to concept; the decisions still awaited on
    a pending submission are withdrawn (one council may have decided already: that decision stays on record).
    Returns True when the status changed."""
    if programme.status == Programme.Status.CONCEPT:
        return False
    withdrawn = Submission.Decision.WITHDRAWN
    programme.submissions.filter(decision=Submission.Decision.PENDING).update(decision=withdrawn)
    programme.submissions.filter(needs_gmr=True, gmr_decision=Submission.Decision.PENDING).update(
        gmr_decision=withdrawn
    )
    previous = programme.get_status_display()
    programme.status = Programme.Status.CONCEPT
    programme.save(update_fields=["status", "updated_at"])
    audit_record(
        user=user,
        school=programme.school,
        action="programme.reopen",
        summary=_("Programma gewijzigd na '%(status)s': terug naar concept, opnieuw instemming nodig")
        % {"status": previous},
        target=programme,
    )
    return True


@transaction.atomic
def programme_create(*, school: School, first_year: SchoolYear, second_year: SchoolYear, user) -> Programme:
    programme = Programme(school=school, first_year=first_year, second_year=second_year)
    programme.full_clean()
    programme.save()
    audit_record(
        user=user,
        school=school,
        action="programme.create",
        summary=_("Schoolprogramma %(years)s aangemaakt") % {"years": programme.years_label},
        target=programme,
    )
    return programme


def _changed(obj, before: dict) -> list[str]:
    """The fields whose cleaned value differs from what was stored (Decimal 1000 equals 1000.00)."""
    return sorted(name for name, value in before.items() if getattr(obj, name) != value)


@transaction.atomic
def programme_update(
    *, programme: Programme, user, expected_version: int, confirm_reopen: bool = False, **fields
) -> Programme:
    """Save the programme's own texts. A save that changes nothing changes nothing: no new version, no status
    change, no audit entry (the returned programme keeps `expected_version`)."""
    fresh = _locked(programme, expected_version)
    refuse_pupil_mentions_in(school=fresh.school, model=Programme, values=fields)  # the MR and board read it
    before = {name: getattr(fresh, name) for name in fields}
    for name, value in fields.items():
        setattr(fresh, name, value)
    fresh.full_clean()
    changed = _changed(fresh, before)
    if not changed:
        return fresh
    _change(fresh, confirm_reopen=confirm_reopen)
    fresh.save()
    _reopen(fresh, user=user)
    audit_record(
        user=user,
        school=fresh.school,
        action="programme.update",
        summary=_("Gegevens van het schoolprogramma gewijzigd"),
        target=fresh,
        data={"fields": changed},
    )
    return fresh


# What a service may set on an item: the one field list of models.py (foreign keys by id)
ITEM_EDITABLE = {field.attname for field in Item._meta.concrete_fields if field.name in ITEM_FIELDS}


# the free text of an item is read by the MR, the board and in the PDF: no pupil codes or first names, except in
# the field that names the responsible staff member
ITEM_STAFF_NAMES = ("responsible",)


def _check_fields(fields: dict) -> None:
    unknown = set(fields) - ITEM_EDITABLE
    if unknown:
        raise ValueError(f"unknown item fields: {sorted(unknown)}")


@transaction.atomic
def item_create(
    *, programme: Programme, user, expected_version: int, confirm_reopen: bool = False, **fields
) -> Item:
    _check_fields(fields)
    fresh = _locked(programme, expected_version)
    refuse_pupil_mentions_in(school=fresh.school, model=Item, values=fields, staff_names=ITEM_STAFF_NAMES)
    _change(fresh, confirm_reopen=confirm_reopen)
    position = (fresh.items.aggregate(m=Max("position"))["m"] or 0) + 1
    item = Item(programme=fresh, position=position, **fields)
    item.full_clean()
    item.save()
    _reopen(fresh, user=user)
    audit_record(
        user=user,
        school=fresh.school,
        action="programme.item_create",
        summary=_("Onderdeel '%(name)s' toegevoegd") % {"name": item.name},
        target=item,
    )
    return item


@transaction.atomic
def items_paste(
    *, programme: Programme, user, expected_version: int, rows: list[dict], confirm_reopen: bool = False
) -> list[Item]:
    """Several new items at once (rows pasted from a spreadsheet): all of them or, on any error, none. The
    version check is the one of a single item; each item is created and audited as `item_create` does."""
    items = []
    for index, fields in enumerate(rows):
        try:
            item = item_create(
                programme=programme,
                user=user,
                expected_version=expected_version + index,  # each item raised the version by one
                confirm_reopen=confirm_reopen,
                **fields,
            )
        except (EditConflict, ReopenNotConfirmedError):
            raise
        except ValidationError as error:
            raise PastedItemError(index, error) from error
        items.append(item)
    return items


@transaction.atomic
def item_update(*, item: Item, user, expected_version: int, confirm_reopen: bool = False, **fields) -> Item:
    """Save an item. A save that changes nothing changes nothing: no new version, no status change, no audit
    entry (`item.programme.version` stays `expected_version`)."""
    _check_fields(fields)
    fresh = _locked(item.programme, expected_version)
    refuse_pupil_mentions_in(school=fresh.school, model=Item, values=fields, staff_names=ITEM_STAFF_NAMES)
    item = Item.objects.select_for_update().get(pk=item.pk, programme=fresh)
    item.programme = fresh
    before = {name: getattr(item, name) for name in fields}
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean()
    changed = _changed(item, before)
    if not changed:
        return item
    _change(fresh, confirm_reopen=confirm_reopen)
    item.save()
    _reopen(fresh, user=user)
    audit_record(
        user=user,
        school=fresh.school,
        action="programme.item_update",
        summary=_("Onderdeel '%(name)s' gewijzigd") % {"name": item.name},
        target=item,
        data={"fields": changed},
    )
    return item


@transaction.atomic
def item_delete(*, item: Item, user, expected_version: int, confirm_reopen: bool = False) -> None:
    fresh = _locked(item.programme, expected_version)
    _change(fresh, confirm_reopen=confirm_reopen)
    name = item.name
    if spent := item.spendings.count():
        raise ValidationError(
            _(
                "Op '%(name)s' is al geld besteed (%(n)s bestedingsregels): dat onderdeel blijft staan. Wijzig "
                "het zo nodig, of verwijder eerst de bestedingen."
            )
            % {"name": name, "n": spent}
        )
    Item.objects.filter(pk=item.pk, programme=fresh).delete()
    _reopen(fresh, user=user)
    audit_record(
        user=user,
        school=fresh.school,
        action="programme.item_delete",
        summary=_("Onderdeel '%(name)s' verwijderd") % {"name": name},
        target=fresh,
    )


@transaction.atomic
def item_outcome_save(
    *, item: Item, user, expected_version: int, verdict: str, next_step: str, findings: str, evaluated_on
) -> ItemOutcome:
    """Record what the school concluded about an item. Evaluating is not changing the plan: the programme keeps
    its status and version. `expected_version` is the outcome's version the user saw (0: there was none)."""
    item = Item.objects.select_for_update().select_related("programme__school").get(pk=item.pk)
    school = item.programme.school
    outcome = ItemOutcome.objects.filter(item=item).first() or ItemOutcome(item=item, version=0)
    check_version(
        outcome,
        seen=expected_version,
        message=_(
            "Iemand anders heeft de uitkomst intussen vastgelegd. Bekijk de nieuwe stand en voer uw "
            "wijziging opnieuw in."
        ),
    )
    refuse_pupil_mentions(school=school, texts={"findings": findings})
    first = outcome.pk is None
    outcome.verdict, outcome.next_step, outcome.findings = verdict, next_step, findings
    outcome.evaluated_on = evaluated_on
    outcome.version += 1
    outcome.updated_by = user
    outcome.full_clean()
    outcome.save()
    audit_record(
        user=user,
        school=school,
        action="programme.item_outcome",
        summary=(
            _("Uitkomst van '%(name)s' vastgelegd: %(verdict)s")
            if first
            else _("Uitkomst van '%(name)s' gewijzigd: %(verdict)s")
        )
        % {"name": item.name, "verdict": outcome.get_verdict_display()},
        target=outcome,
        data={"verdict": verdict, "next_step": next_step},
    )
    return outcome


class WarningsNotConfirmedError(ValidationError):
    """The programme has problems the directeur has not confirmed (or they changed since they were shown)."""

    def __init__(self, warnings):
        super().__init__(
            [_("Bevestig eerst dat u het programma ondanks deze punten ter instemming voorlegt:")]
            + [w.message for w in warnings],
            code="confirm_warnings",
        )


@transaction.atomic
def programme_submit(
    *, programme: Programme, user, expected_version: int, accepted_warnings: Collection[str] = ()
) -> Submission:
    """Send the programme for consent: status 'ter instemming' and a frozen, numbered version. The version needs
    the GMR too when any item spends money above school level (frozen here: later edits reopen the programme).
    Every warning of `selectors.submit_warnings` must be in `accepted_warnings` (their keys); the confirmed
    warnings are kept with the version the MR receives."""
    fresh = _locked(programme, expected_version, bump=True)
    if fresh.status != Programme.Status.CONCEPT:
        raise ValidationError(_("Alleen een programma in concept kan ter instemming worden voorgelegd."))
    items = list(fresh.items.all())
    if not items:
        raise ValidationError(_("Voeg eerst minstens één onderdeel toe."))
    warnings = selectors.submit_warnings(
        programme=fresh, budget=selectors.programme_budget(programme=fresh, items=items)
    )
    unconfirmed = [w for w in warnings if w.key not in set(accepted_warnings)]
    if unconfirmed:
        raise WarningsNotConfirmedError(unconfirmed)
    number = (fresh.submissions.aggregate(m=Max("number"))["m"] or 0) + 1
    agreements = sources.agreements(school=fresh.school, school_year=fresh.first_year)
    submission = Submission(
        programme=fresh,
        number=number,
        submitted_by=user,
        snapshot=programme_json(fresh, items, agreements),
        needs_gmr=any(item.above_school_level for item in items),
        accepted_warnings=[{"code": w.code, "message": w.message} for w in warnings],
    )
    submission.full_clean()
    submission.save()
    fresh.status = Programme.Status.SUBMITTED
    fresh.save(update_fields=["status", "updated_at"])
    summary = (
        _("Versie %(n)s ter instemming aan de MR en de GMR voorgelegd")
        if submission.needs_gmr
        else _("Versie %(n)s ter instemming aan de MR voorgelegd")
    )
    audit_record(
        user=user,
        school=fresh.school,
        action="programme.submit",
        summary=summary % {"n": number},
        target=submission,
        data={"needs_gmr": submission.needs_gmr, "accepted_warnings": [w.code for w in warnings]},
    )
    notifications.version_submitted(submission)
    return submission


NOT_AWAITED = {
    Council.MR: _lazy("Er ligt geen versie ter instemming bij de MR."),
    Council.GMR: _lazy("Er ligt geen versie ter instemming bij de GMR."),
}
DECIDE_ACTIONS = {Council.MR: "programme.decide", Council.GMR: "programme.gmr_decide"}
DECIDE_SUMMARIES = {
    Council.MR: _lazy("MR-besluit over versie %(n)s: %(d)s"),
    Council.GMR: _lazy("GMR-besluit over versie %(n)s: %(d)s"),
}


def _check_decider(user, programme: Programme, council: Council) -> None:
    """The board's secretary records the GMR's decision: only a bestuur member of the school's own board."""
    if council != Council.GMR:
        return
    membership = membership_for(user, programme.school.brin)
    if membership is None or membership.role != Role.BESTUUR:
        raise PermissionDenied


def _awaiting(programme: Programme, council: Council) -> Submission:
    """The submitted version (the latest) whose decision by this council is still to come, locked."""
    submission = None
    if programme.status == Programme.Status.SUBMITTED:
        submission = (
            Submission.objects.select_for_update().filter(programme=programme).order_by("-number").first()
        )
    if submission is None or not submission.awaits(council):
        raise ValidationError(str(NOT_AWAITED[council]))
    return submission


def _status_after(submission: Submission) -> str:
    """A refusal by either council: back to concept; consent by every council needed: vastgesteld; else the
    programme keeps waiting for the other council."""
    if submission.refused:
        return Programme.Status.CONCEPT
    if submission.consented:
        return Programme.Status.APPROVED
    return Programme.Status.SUBMITTED


def _check_decision(
    submission: Submission, *, consent: bool, decided_on: datetime.date, remarks: str
) -> None:
    """A council decides on a version it received: not dated before the version was submitted; a refusal says
    why (the directeur reads the reason at the top of the programme)."""
    errors = {}
    submitted_on = timezone.localdate(submission.submitted_at)
    if decided_on < submitted_on:
        errors["decided_on"] = _(
            "De datum van het besluit ligt voor %(day)s, de dag waarop versie %(n)s is voorgelegd."
        ) % {"day": submitted_on.strftime("%d-%m-%Y"), "n": submission.number}
    if not consent and not remarks.strip():
        errors["remarks"] = _(
            "Schrijf bij 'geen instemming' de reden op: de directeur leest die bij het programma."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def programme_decide(
    *,
    programme: Programme,
    user,
    expected_version: int,
    consent: bool,
    decided_on: datetime.date,
    remarks: str = "",
    council: Council = Council.MR,
) -> Submission:
    """A council's decision on the submitted version (the MR's, or the GMR's recorded by the board), in either
    order. The programme is 'vastgesteld' once every council it needs consented; a refusal by either sends it
    back to concept and the other council's awaited decision lapses."""
    fresh = _locked(programme, expected_version, bump=True)
    _check_decider(user, fresh, council)
    refuse_pupil_mentions(school=fresh.school, texts={"remarks": remarks})  # the board and the PDF read them
    submission = _awaiting(fresh, council)
    _check_decision(submission, consent=consent, decided_on=decided_on, remarks=remarks)
    decision = Submission.Decision.CONSENT if consent else Submission.Decision.REFUSED
    submission.record(council, decision=decision, decided_on=decided_on, remarks=remarks, decided_by=user)
    if not consent:
        for other in submission.awaited:
            submission.record(
                other, decision=Submission.Decision.LAPSED, decided_on=None, remarks="", decided_by=None
            )
    submission.full_clean()
    submission.save()
    fresh.status = _status_after(submission)
    fresh.save(update_fields=["status", "updated_at"])
    audit_record(
        user=user,
        school=fresh.school,
        action=DECIDE_ACTIONS[council],
        summary=str(DECIDE_SUMMARIES[council])
        % {"n": submission.number, "d": submission.Decision(decision).label},
        target=submission,
        data={"decided_on": decided_on.isoformat(), "consent": consent, "status": fresh.status},
    )
    notifications.decision_taken(submission, council)
    return submission


def _latest_submission(programme: Programme) -> Submission | None:
    return programme.submissions.exclude(decision=Submission.Decision.WITHDRAWN).order_by("-number").first()


def stored_programme_pdf(*, programme: Programme) -> Export | None:
    """The stored PDF of the programme as it stands, when it may be handed out again: a frozen version (submitted
    or consented), stored at this version and status. Every change bumps the version, a council's decision too
    (`programme_decide`: the MR's while the GMR's is awaited changes what the PDF shows but not the status), so
    the version tells whether the stored PDF still shows the programme and its decisions. A concept is live (its
    KanVAS and survey figures change with the data): never reused."""
    if programme.status == Programme.Status.CONCEPT:
        return None
    return (
        Export.objects.filter(
            programme=programme, programme_version=programme.version, status=programme.status
        )
        .order_by("-created_at", "-id")
        .first()
    )


def programme_pdf(*, programme: Programme, user, via: str = "browser") -> Export:
    """The PDF to hand out: the stored one of a frozen version (`stored_programme_pdf`), else rendered now and
    kept. Slow (seconds): a request does not call it for a PDF not yet stored, a background job does
    (`pdf_jobs`)."""
    return stored_programme_pdf(programme=programme) or programme_export(
        programme=programme, user=user, via=via
    )


@transaction.atomic
def programme_export(*, programme: Programme, user, via: str = "browser", pdf: bytes | None = None) -> Export:
    """Render the PDF (unless `pdf` was rendered already, as the board's batch does side by side), keep it (per
    version) and record the export in the audit log."""
    from npo_planner.programma.pdf import render_pdf

    if pdf is None:
        pdf = render_pdf(programme=programme)
    submission = _latest_submission(programme)
    filename = (
        f"schoolprogramma-{programme.school.brin}-{programme.first_year.label}-v{programme.version}.pdf"
    )
    export = Export(
        programme=programme,
        submission=submission,
        programme_version=programme.version,
        status=programme.status,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        filename=filename,
        pdf=pdf,
        size=len(pdf),
        sha256=hashlib.sha256(pdf).hexdigest(),
    )
    export.full_clean(exclude=["pdf"])
    export.save()
    audit_record(
        user=user,
        school=programme.school,
        action="programme.export",
        summary=_("PDF van het schoolprogramma gemaakt (%(via)s)") % {"via": via},
        target=export,
        data={"filename": filename, "size": len(pdf), "sha256": export.sha256},
    )
    return export

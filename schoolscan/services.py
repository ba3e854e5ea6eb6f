"""Writes of the schoolscan: create (empty or copied), save a section (optimistic locking), establish, new version.

Every write is atomic, validated with full_clean() and recorded in the audit log.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from npo_planner.lib.edit_conflict import lock_for_edit
from npo_planner.scholen.pupil_mentions import free_text_fields, refuse_pupil_mentions
from npo_planner.scholen.services import audit_record
from schoolscan.kanvas_adapter import kanvas_summary, moment_start, school_moments
from schoolscan.models import Scan, ScanSection, Status
from schoolscan.sections import (
    REVIEW,
    SECTIONS,
    can_edit,
    describe,
    missing_for,
    rows_of,
    spec_for,
    values_of,
)


def _audit(*, user, scan: Scan, action: str, summary: str, target=None, data=None):
    audit_record(
        user=user,
        school=scan.school,
        action=action,
        summary=summary,
        target=target or scan,
        data={"school_year": scan.school_year.label, "scan_version": scan.number, **(data or {})},
    )


def _fill(scan: Scan, source: Scan | None, *, review: bool = False) -> None:
    """Create the content of every section (copied from `source` when given) and its bookkeeping row.

    With `review` (a copy of an earlier year) every section must be saved once before it counts as complete."""
    sections = []
    for spec in SECTIONS:
        values = values_of(source, spec) if source else {}
        rows = rows_of(source, spec) if source else []
        content = spec.model(scan=scan, **{k: v for k, v in values.items() if v is not None})
        content.full_clean()
        content.save()
        if rows:
            spec.row_model.objects.bulk_create(_row_objects(spec, scan, rows))
        sections.append(
            ScanSection(
                scan=scan,
                key=spec.key,
                version=0,
                missing=missing_for(spec, values, rows) + ([REVIEW] if review else []),
            )
        )
    ScanSection.objects.bulk_create(sections)


def _normalised(spec, values: dict) -> dict:
    """The section's fields only; an empty text field is "" (not None)."""
    result = {}
    for name in spec.fields:
        value = values.get(name)
        if value is None and not spec.field(name).null:
            value = ""
        result[name] = value
    return result


def _row_objects(spec, scan: Scan, rows: list[dict]) -> list:
    objects = []
    for position, row in enumerate(rows):
        obj = spec.row_model(scan=scan, **{name: row.get(name) for name in spec.row_fields})
        if hasattr(obj, "position"):
            obj.position = position
        obj.full_clean(validate_unique=False, validate_constraints=False)
        objects.append(obj)
    if spec.row_unique:
        seen = set()
        for obj in objects:
            ident = tuple(getattr(obj, name) for name in spec.row_unique)
            if ident in seen:
                raise ValidationError(_("Twee regels voor hetzelfde domein en dezelfde groep."))
            seen.add(ident)
    return objects


def _refuse_pupil_mentions(spec, scan: Scan, values: dict, rows: list[dict]) -> None:
    """The scan's text is read by the MR, the board and the programme's PDF: no pupil codes or first names in any
    free-text field or row ('rows-<index>-<field>' for a row's field)."""
    texts = {name: values.get(name) for name in free_text_fields(spec.model) & set(spec.fields)}
    if spec.row_model:
        row_fields = free_text_fields(spec.row_model) & set(spec.row_fields)
        for index, row in enumerate(rows):
            texts.update({f"rows-{index}-{name}": row.get(name) for name in row_fields})
    refuse_pupil_mentions(school=scan.school, texts=texts)


def _load(scan: Scan) -> Scan:
    from schoolscan.sections import CONTENT_RELATED, ROW_RELATED

    return (
        Scan.objects.select_related("school", "school_year", *CONTENT_RELATED)
        .prefetch_related(*ROW_RELATED)
        .get(pk=scan.pk)
    )


@transaction.atomic
def scan_create(*, school, school_year, user, copy_from: Scan | None = None) -> Scan:
    """Start the year's scan: empty, or as a copy of an earlier year's scan of the same school."""
    if Scan.objects.filter(school=school, school_year=school_year).exists():
        raise ValidationError(
            _("Er is al een schoolscan voor schooljaar %(year)s.") % {"year": school_year.label}
        )
    if copy_from is not None:
        if copy_from.school_id != school.pk:
            raise ValidationError(_("Je kunt alleen een scan van je eigen school overnemen."))
        if copy_from.school_year.start >= school_year.start:
            raise ValidationError(_("Je kunt alleen een scan van een eerder schooljaar overnemen."))
        copy_from = _load(copy_from)
    scan = Scan(school=school, school_year=school_year, number=1, created_by=user, copied_from=copy_from)
    scan.full_clean()
    scan.save()
    _fill(scan, copy_from, review=copy_from is not None)
    if copy_from is None:
        summary = _("Schoolscan %(year)s aangemaakt") % {"year": school_year.label}
    else:
        summary = _("Schoolscan %(year)s aangemaakt als kopie van %(source)s") % {
            "year": school_year.label,
            "source": copy_from.school_year.label,
        }
    _audit(
        user=user,
        scan=scan,
        action="schoolscan.create",
        summary=summary,
        data={"copied_from": copy_from.pk if copy_from else None},
    )
    return scan


@transaction.atomic
def scan_new_version(*, scan: Scan, user) -> Scan:
    """An established scan cannot change; to change it, start a new concept version that copies it."""
    scan = Scan.objects.select_for_update().select_related("school", "school_year").get(pk=scan.pk)
    latest = Scan.objects.filter(school=scan.school, school_year=scan.school_year).order_by("-number").first()
    if scan.status != Status.VASTGESTELD or latest.pk != scan.pk:
        raise ValidationError(_("Alleen van de laatste, vastgestelde versie kun je een nieuwe versie maken."))
    source = _load(scan)
    new = Scan(
        school=scan.school,
        school_year=scan.school_year,
        number=scan.number + 1,
        created_by=user,
        copied_from=scan,
        # the moments the established version drew on, until the directeur chooses others
        kanvas_moment=scan.kanvas_moment,
        kanvas_compare=scan.kanvas_compare,
    )
    new.full_clean()
    new.save()
    _fill(new, source)
    _audit(
        user=user,
        scan=new,
        action="schoolscan.new_version",
        summary=_("Schoolscan %(year)s: versie %(n)s gestart (kopie van de vastgestelde versie %(old)s)")
        % {"year": scan.school_year.label, "n": new.number, "old": scan.number},
    )
    return new


@transaction.atomic
def section_save(
    *, scan: Scan, key: str, user, role: str, base_version: int, values: dict, rows: list[dict] | None = None
) -> ScanSection:
    """Save one section as a draft. `base_version` is the version the user started from: when someone saved the
    section in between, EditConflict is raised and nothing is written."""
    spec = spec_for(key)
    if spec is None:
        raise ValidationError(_("Onbekend onderdeel."))
    if not can_edit(role, key):
        raise PermissionDenied
    scan = Scan.objects.select_for_update().select_related("school", "school_year").get(pk=scan.pk)
    if scan.status != Status.CONCEPT:
        raise ValidationError(
            _("Deze schoolscan is vastgesteld en kan niet meer worden gewijzigd. Maak een nieuwe versie.")
        )
    section = lock_for_edit(
        ScanSection.objects.filter(scan=scan, key=key),
        seen=base_version,
        message=_(
            "Iemand anders heeft dit onderdeel intussen gewijzigd; uw wijzigingen zijn niet opgeslagen."
        ),
    )
    section.updated_at, section.updated_by = timezone.now(), user
    section.save(update_fields=["updated_at", "updated_by"])
    scan = _load(scan)
    before = describe(spec, values_of(scan, spec), rows_of(scan, spec))

    values = _normalised(spec, values)
    _refuse_pupil_mentions(spec, scan, values, rows or [])
    content = spec.model.objects.get(scan=scan)
    for name in spec.fields:
        setattr(content, name, values[name])
    content.full_clean()
    content.save()

    rows = list(rows or []) if spec.row_model else []
    if spec.row_model:
        objects = _row_objects(spec, scan, rows)
        getattr(scan, spec.row_related).all().delete()
        spec.row_model.objects.bulk_create(objects)

    after = describe(spec, values, rows)
    section.missing = missing_for(spec, values, rows)
    section.save(update_fields=["missing"])
    changed = sorted(
        {label for label, text in after if (label, text) not in before}
        | {label for label, text in before if (label, text) not in after}
    )
    _audit(
        user=user,
        scan=scan,
        action="schoolscan.section_save",
        summary=_("Schoolscan %(year)s: %(section)s opgeslagen (versie %(version)s)")
        % {"year": scan.school_year.label, "section": spec.title, "version": section.version},
        target=section,
        data={"section": key, "version": section.version, "changed": changed},
    )
    return section


@transaction.atomic
def scan_establish(*, scan: Scan, user) -> Scan:
    """concept → vastgesteld, when every section is complete. The KanVAS summary is kept as it is now."""
    scan = Scan.objects.select_for_update().select_related("school", "school_year").get(pk=scan.pk)
    if scan.status != Status.CONCEPT:
        raise ValidationError(_("Deze schoolscan is al vastgesteld."))
    missing = dict(ScanSection.objects.filter(scan=scan).values_list("key", "missing"))
    incomplete = [spec.title for spec in SECTIONS if missing.get(spec.key, True)]
    if incomplete:
        raise ValidationError(
            _("Vul eerst alle onderdelen volledig in. Nog niet volledig: %(sections)s.")
            % {"sections": ", ".join(incomplete)}
        )
    from schoolscan.selectors import scan_moments

    scan.established_at = timezone.now()
    chosen = scan_moments(scan=scan)  # the choice, or the proposal for today: kept with the scan from now on
    scan.kanvas_moment, scan.kanvas_compare = chosen["moment"], chosen["compare"]
    wellbeing = scan.wellbeing
    wellbeing.kanvas_snapshot = kanvas_summary(
        school=scan.school, moment=scan.kanvas_moment, compare=scan.kanvas_compare
    )
    wellbeing.save(update_fields=["kanvas_snapshot"])
    scan.status = Status.VASTGESTELD
    scan.established_by = user
    scan.full_clean()
    scan.save(update_fields=["status", "established_at", "established_by", "kanvas_moment", "kanvas_compare"])
    _audit(
        user=user,
        scan=scan,
        action="schoolscan.establish",
        summary=_("Schoolscan %(year)s versie %(n)s vastgesteld")
        % {"year": scan.school_year.label, "n": scan.number},
    )
    return scan


@transaction.atomic
def scan_choose_moments(*, scan: Scan, user, moment: str, compare: str) -> Scan:
    """The directeur chooses the KanVAS moments a concept scan draws on: `moment` and an earlier `compare` (or
    none). Both empty: back to the proposal."""
    scan = Scan.objects.select_for_update().select_related("school", "school_year").get(pk=scan.pk)
    if scan.status != Status.CONCEPT:
        raise ValidationError(
            _("Deze schoolscan is vastgesteld en kan niet meer worden gewijzigd. Maak een nieuwe versie.")
        )
    known = school_moments(school=scan.school)
    for label in (moment, compare):
        if label and label not in known:
            raise ValidationError(
                _("Meetmoment %(moment)s heeft geen KanVAS-gegevens van deze school.") % {"moment": label}
            )
    if compare and not moment:
        raise ValidationError(_("Kies eerst het meetmoment waar de scan op steunt."))
    if compare and moment_start(compare) >= moment_start(moment):
        raise ValidationError(
            _("Vergelijk met een eerder meetmoment dan %(moment)s; %(compare)s is niet eerder.")
            % {"moment": moment, "compare": compare}
        )
    scan.kanvas_moment, scan.kanvas_compare = moment, compare
    scan.save(update_fields=["kanvas_moment", "kanvas_compare"])
    _audit(
        user=user,
        scan=scan,
        action="schoolscan.kanvas_moments",
        summary=_("Schoolscan %(year)s: KanVAS-meetmomenten %(moments)s")
        % {
            "year": scan.school_year.label,
            "moments": " / ".join(label for label in (moment, compare) if label) or _("voorstel"),
        },
        data={"moment": moment, "compare": compare},
    )
    return scan

"""Reads of the schoolscan; `scan_for`, `priorities_for`, `budget_basis`, `budget_basis_of`, `scans_for_schools`,
`delays_for` and `scan_summary` are the contract other apps use (docs/conventions.md)."""

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from npo_planner.scholen.models import AuditEntry
from npo_planner.scholen.selectors import pupils_per_grade
from schoolscan.kanvas_adapter import kanvas_summary, proposed_moments, protect, school_moments
from schoolscan.models import CognitiveResult, Priority, Scan, ScanSection, SectionKey
from schoolscan.sections import (
    BY_KEY,
    CONTENT_RELATED,
    PUPIL_FIELDS,
    ROW_RELATED,
    SECTIONS,
    format_value,
    row_text,
    small_grades,
    values_of,
)


def _scans(*, school, school_year):
    return Scan.objects.filter(school=school, school_year=school_year).order_by("-number")


def scan_for(*, school, school_year) -> Scan | None:
    """The current (latest) version of the school's scan for the year, or None."""
    if school_year is None:
        return None
    return _scans(school=school, school_year=school_year).select_related("school_year").first()


def scan_with_content(*, school, school_year) -> Scan | None:
    """`scan_for` with every section's content and rows loaded (a fixed number of queries)."""
    if school_year is None:
        return None
    return (
        _scans(school=school, school_year=school_year)
        .select_related("school_year", "established_by", *CONTENT_RELATED)
        .prefetch_related(*ROW_RELATED)
        .first()
    )


def scan_with_content_by_id(*, school, scan_id: int) -> Scan:
    """One version of the school's scan by id, with its content (as `scan_with_content`); another school's: error."""
    return (
        Scan.objects.filter(school=school, pk=scan_id)
        .select_related("school", "school_year", "established_by", *CONTENT_RELATED)
        .prefetch_related(*ROW_RELATED)
        .get()
    )


def priorities_for(*, school, school_year) -> list[Priority]:
    """The speerpunten of the current version of the scan, in their order."""
    if school_year is None:
        return []
    scan = scan_for(school=school, school_year=school_year)
    if scan is None:
        return []
    return list(Priority.objects.filter(scan=scan).order_by("position", "id"))


def budget_basis(*, school, school_year) -> dict:
    """Pupils and achterstandsscore units from section 1; None where the scan does not say."""
    scan = (
        _scans(school=school, school_year=school_year).select_related("context").first()
        if school_year
        else None
    )
    return budget_basis_of(scan=scan)


def budget_basis_of(*, scan: Scan | None) -> dict:
    """`budget_basis` of a scan loaded with its context (e.g. from `scans_for_schools`): no query."""
    basis: dict = {"pupils": None, "disadvantage_units": None}
    if scan is None:
        return basis
    context = values_of(scan, BY_KEY[SectionKey.CONTEXT])
    counts = [context[f"pupils_{grade}"] for grade in range(1, 9)]
    known = [n for n in counts if n is not None]
    basis["pupils"] = sum(known) if known else None
    units = context["disadvantage_units"]
    basis["disadvantage_units"] = Decimal(units) if units is not None else None
    return basis


def scans_for_schools(*, schools, school_year) -> dict[int, Scan]:
    """`scan_for` of many schools at once (the board overview): {school id: current scan}, with section 1 loaded
    for `budget_basis_of`. One query whatever the number of schools."""
    if school_year is None:
        return {}
    result: dict[int, Scan] = {}
    rows = (
        Scan.objects.filter(school__in=schools, school_year=school_year)
        .select_related("school_year", "context")
        .order_by("school_id", "-number")
    )
    for scan in rows:
        result.setdefault(scan.school_id, scan)
    return result


def delays_for(*, school, school_year) -> list[dict]:
    """Section 2 of the current scan per domain and grade: delay in months (negative = delay, positive = growth)
    and the share under the norm (None for a grade under 5 pupils). Aggregates, for the programme's monitoring;
    [] without a scan. Two queries."""
    scan = (
        _scans(school=school, school_year=school_year).select_related("context").first()
        if school_year
        else None
    )
    if scan is None:
        return []
    hidden = small_grades(scan)
    return [
        {
            "domain": str(row.get_domain_display()),
            "grade": row.grade,
            "delay_months": None if row.delay_months is None else float(row.delay_months),
            "share_below_norm": None
            if row.share_below_norm is None or row.grade in hidden
            else float(row.share_below_norm),
        }
        for row in CognitiveResult.objects.filter(scan=scan).order_by("domain", "grade", "id")
    ]


def pupils_per_grade_from_groups(*, school, school_year) -> dict[int, int]:
    """Pupils per grade according to the school's groups of the year (a suggestion for section 1), by each pupil's
    own grade: a combination group 5/6 counts in grade 5 and grade 6."""
    return pupils_per_grade(school=school, school_year=school_year)


def sections_for(*, scan: Scan | None) -> list[ScanSection]:
    """The section bookkeeping of a scan in the scan's order (who changed it last, complete or not)."""
    if scan is None:
        return []
    order = {spec.key: spec.number for spec in SECTIONS}
    rows = list(ScanSection.objects.filter(scan=scan).select_related("updated_by"))
    return sorted(rows, key=lambda s: order.get(s.key, 99))


def previous_scan(*, school, school_year) -> Scan | None:
    """The latest scan of the nearest earlier school year that has one (the start for this year's copy)."""
    if school_year is None:
        return None
    return (
        Scan.objects.filter(school=school, school_year__start__lt=school_year.start)
        .select_related("school_year")
        .order_by("-school_year__start", "-number")
        .first()
    )


def other_versions(*, scan: Scan) -> list[Scan]:
    return list(
        Scan.objects.filter(school=scan.school_id, school_year=scan.school_year_id)
        .exclude(pk=scan.pk)
        .select_related("established_by")
        .order_by("-number")
    )


def section_history(*, school, section: ScanSection, limit: int = 10) -> list[AuditEntry]:
    """The latest audit entries of one section, newest first."""
    return list(
        AuditEntry.objects.filter(
            school=school,
            object_type=ScanSection._meta.label_lower,
            object_id=str(section.pk),
        ).order_by("-at", "-id")[:limit]
    )


def scan_date(scan: Scan) -> datetime.date:
    """The date the scan's data should come before: the day it was established, else today."""
    return timezone.localdate(scan.established_at) if scan.established_at else timezone.localdate()


def scan_moments(*, scan: Scan) -> dict:
    """The KanVAS moments the scan draws on: {"moment", "compare", "proposed", "choices"}. The directeur's choice
    when made (an established scan keeps what it was established with), else the proposal for the scan's date."""
    choices = school_moments(school=scan.school)
    if scan.kanvas_moment:
        return {
            "moment": scan.kanvas_moment,
            "compare": scan.kanvas_compare,
            "proposed": False,
            "choices": choices,
        }
    moment, compare = proposed_moments(school=scan.school, on=scan_date(scan), moments=choices)
    return {"moment": moment, "compare": compare, "proposed": True, "choices": choices}


def kanvas_for_scan(*, scan: Scan) -> dict | None:
    """An established scan shows the KanVAS summary it was established with (marked `snapshot`); a concept shows
    the figures of the moments it draws on (`scan_moments`); a scan established before any KanVAS data existed
    shows the latest moments, marked `after_established`."""
    if scan.status == "vastgesteld":
        try:
            snapshot = scan.wellbeing.kanvas_snapshot
        except Scan.wellbeing.RelatedObjectDoesNotExist:
            snapshot = None
        if snapshot:
            return {**(protect(snapshot) or {}), "snapshot": True}
        moment, compare = proposed_moments(school=scan.school, on=timezone.localdate())
        current = kanvas_summary(school=scan.school, moment=moment, compare=compare)
        # measured after the scan was established: shown, but said to be newer than the scan
        return {**current, "after_established": True} if current else None
    chosen = scan_moments(scan=scan)
    summary = kanvas_summary(school=scan.school, moment=chosen["moment"], compare=chosen["compare"])
    return {**summary, "proposed": chosen["proposed"]} if summary else None


def scan_summary(*, school, school_year) -> list[tuple[str, list[str]]]:
    """Every section as (title, lines of text) for the programme and its PDF; aggregates only, small cells hidden."""
    scan = scan_with_content(school=school, school_year=school_year)
    if scan is None:
        return []
    hidden = small_grades(scan)
    result = []
    for spec in SECTIONS:
        values = values_of(scan, spec)
        lines = []
        for name in spec.fields:
            text = format_value(spec.field(name), values[name])
            if text and name not in PUPIL_FIELDS:
                lines.append(f"{capfirst(spec.label(name))}: {text}")
        if spec.key == SectionKey.CONTEXT:
            counts = [(grade, values[f"pupils_{grade}"]) for grade in range(1, 9)]
            known = [n for _grade, n in counts if n is not None]
            if known:
                per_grade = ", ".join(f"{grade}: {n}" for grade, n in counts if n is not None)
                lines.insert(
                    0,
                    _("Leerlingen: %(n)s (per groep %(per_grade)s)")
                    % {"n": sum(known), "per_grade": per_grade},
                )
        if spec.key == SectionKey.WELLBEING:
            lines = _kanvas_lines(kanvas_for_scan(scan=scan)) + lines
        if spec.row_model:
            for row in getattr(scan, spec.row_related).all():
                row_values = {name: getattr(row, name) for name in spec.row_fields}
                hide = getattr(row, "grade", None) in hidden
                lines.append(row_text(spec, row_values, hide_share=hide))
        result.append((spec.title, lines))
    return result


def _kanvas_lines(summary: dict | None) -> list[str]:
    if not summary:
        return [_("Nog geen KanVAS-gegevens.")]
    lines = []
    for metric in summary["school"]:
        if metric["value"] is None:
            continue
        line = f"KanVAS {summary['moment']}, {metric['label']}: {format_value_plain(metric['value'])}"
        if metric["change"] is not None and summary.get("previous"):
            line += " " + _("(verandering sinds %(moment)s: %(change)s)") % {
                "moment": summary["previous"],
                "change": format_value_plain(metric["change"], signed=True),
            }
        lines.append(line)
    if lines and summary.get("previous"):
        lines.insert(
            0,
            _(
                "KanVAS: meetmoment %(moment)s vergeleken met %(previous)s; per groep met dezelfde leerlingen, "
                "in de groep waar ze toen in zaten."
            )
            % {"moment": summary["moment"], "previous": summary["previous"]},
        )
    return lines or [
        _("KanVAS %(moment)s: te weinig leerlingen om te tonen.") % {"moment": summary["moment"]}
    ]


def format_value_plain(value: float, *, signed: bool = False) -> str:
    text = f"{value:+.1f}" if signed else f"{value:.1f}"
    return text.replace(".", ",")

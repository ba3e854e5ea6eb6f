"""The six sections of the scan as data: which model and fields each has, who may edit it, what makes it complete,
and how its contents read as text (for the read-only view, the conflict comparison, the audit log and the
programme's summary)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from npo_planner.lib.delay_text import delay_text
from npo_planner.lib.privacy import SUPPRESSED_LABEL, is_small
from npo_planner.scholen.roles import Role
from schoolscan.models import (
    CognitiveResult,
    Priority,
    ScanCognitive,
    ScanConclusions,
    ScanConditions,
    ScanContext,
    ScanExecutive,
    ScanWellbeing,
    SectionKey,
)

ROWS = "rows"  # the name used in `missing` for "at least one row"
REVIEW = "review"  # in `missing` of a section copied from an earlier year until someone saves it
PUPIL_FIELDS = tuple(f"pupils_{grade}" for grade in range(1, 9))


@dataclass(frozen=True)
class SectionSpec:
    key: str
    number: int
    model: type[models.Model]  # the one-to-one content model
    related_name: str  # Scan.<related_name> is the content
    fields: tuple[str, ...]
    editors: frozenset
    optional_fields: tuple[str, ...] = ()  # may stay empty in a complete section
    row_model: type[models.Model] | None = None
    row_related: str = ""
    row_fields: tuple[str, ...] = ()
    row_unique: tuple[str, ...] = ()
    rows_required: bool = False
    extra_rows: int = 2

    @property
    def title(self) -> str:
        return str(SectionKey(self.key).label)

    @property
    def required(self) -> tuple[str, ...]:
        """Fields to fill in before the section counts as complete."""
        return tuple(name for name in self.fields if name not in self.optional_fields)

    def field(self, name):
        return self.model._meta.get_field(name)

    def row_field(self, name):
        return self.row_model._meta.get_field(name)

    def label(self, name: str) -> str:
        if name == ROWS:
            return str(self.row_model._meta.verbose_name_plural)
        if name == REVIEW:
            return _("nalopen (overgenomen uit een eerder schooljaar)")
        return str(self.field(name).verbose_name)


DIRECTEUR_ONLY = frozenset({Role.DIRECTEUR})
DIRECTEUR_AND_IB = frozenset({Role.DIRECTEUR, Role.IB})

SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        key=SectionKey.CONTEXT,
        number=1,
        model=ScanContext,
        related_name="context",
        fields=(*PUPIL_FIELDS, "population", "disadvantage_units", "notes"),
        optional_fields=("notes",),
        editors=DIRECTEUR_ONLY,
    ),
    SectionSpec(
        key=SectionKey.COGNITIVE,
        number=2,
        model=ScanCognitive,
        related_name="cognitive",
        fields=("analysis",),
        editors=DIRECTEUR_AND_IB,
        row_model=CognitiveResult,
        row_related="cognitive_results",
        row_fields=(
            "domain",
            "grade",
            "instrument",
            "result",
            "delay_months",
            "share_below_norm",
            "trend",
            "note",
        ),
        row_unique=("domain", "grade"),
        rows_required=True,
        extra_rows=3,
    ),
    SectionSpec(
        key=SectionKey.WELLBEING,
        number=3,
        model=ScanWellbeing,
        related_name="wellbeing",
        fields=("step_groups", "step_safety", "step_sociogram", "step_plan"),
        editors=DIRECTEUR_AND_IB,
    ),
    SectionSpec(
        key=SectionKey.EXECUTIVE,
        number=4,
        model=ScanExecutive,
        related_name="executive",
        fields=(
            "motivation",
            "work_attitude",
            "attention",
            "planning",
            "working_memory",
            "emotion_regulation",
        ),
        editors=DIRECTEUR_AND_IB,
    ),
    SectionSpec(
        key=SectionKey.CONDITIONS,
        number=5,
        model=ScanConditions,
        related_name="conditions",
        fields=("staff", "vacancies", "absence_pct", "current_measures"),
        editors=DIRECTEUR_ONLY,
    ),
    SectionSpec(
        key=SectionKey.CONCLUSIONS,
        number=6,
        model=ScanConclusions,
        related_name="conclusions",
        fields=("summary",),
        editors=DIRECTEUR_ONLY,
        row_model=Priority,
        row_related="priorities",
        row_fields=("title", "goal_area", "grades", "aim"),
        rows_required=True,
    ),
)
BY_KEY = {spec.key: spec for spec in SECTIONS}
CONTENT_RELATED = tuple(spec.related_name for spec in SECTIONS)
ROW_RELATED = tuple(spec.row_related for spec in SECTIONS if spec.row_model)


def spec_for(key: str) -> SectionSpec | None:
    return BY_KEY.get(key)


def can_edit(role: str, key: str) -> bool:
    spec = BY_KEY.get(key)
    return spec is not None and role in spec.editors


# --- reading the stored contents as plain values -------------------------------------------------------------


def content_of(scan, spec: SectionSpec):
    try:
        return getattr(scan, spec.related_name)
    except spec.model.DoesNotExist:
        return None


def values_of(scan, spec: SectionSpec) -> dict:
    content = content_of(scan, spec)
    return {name: (getattr(content, name) if content else None) for name in spec.fields}


def rows_of(scan, spec: SectionSpec) -> list[dict]:
    if not spec.row_model:
        return []
    return [
        {name: getattr(row, name) for name in spec.row_fields}
        for row in getattr(scan, spec.row_related).all()
    ]


def _empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def missing_for(spec: SectionSpec, values: dict, rows: list[dict]) -> list[str]:
    missing = [name for name in spec.required if _empty(values.get(name))]
    if spec.rows_required and not rows:
        missing.append(ROWS)
    return missing


# --- turning values into text --------------------------------------------------------------------------------


def format_value(field, value) -> str:
    if _empty(value):
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, Decimal):
        return formats.number_format(value, decimal_pos=field.decimal_places, use_l10n=True)
    return str(value)


def describe(spec: SectionSpec, values: dict, rows: list[dict]) -> list[tuple[str, str]]:
    """Every field and row of a section as (label, text); empty fields read "—"."""
    lines = [
        (spec.label(name), format_value(spec.field(name), values.get(name)) or "—") for name in spec.fields
    ]
    for index, row in enumerate(rows, start=1):
        lines.append((f"{capfirst(spec.row_model._meta.verbose_name)} {index}", row_text(spec, row)))
    return lines


def row_text(spec: SectionSpec, row: dict, *, hide_share: bool = False) -> str:
    if spec.row_model is Priority:
        return _("%(title)s (doelgebied %(area)s, groep %(grades)s): %(aim)s") % {
            "title": row["title"],
            "area": row["goal_area"],
            "grades": row["grades"],
            "aim": row["aim"],
        }
    if spec.row_model is CognitiveResult:
        return _cognitive_text(spec, row, hide_share=hide_share)
    parts = []
    for name in spec.row_fields:
        field = spec.row_field(name)
        text = format_value(field, row.get(name))
        if text:
            parts.append(f"{field.verbose_name}: {text}")
    return "; ".join(parts)


def _cognitive_text(spec: SectionSpec, row: dict, *, hide_share: bool) -> str:
    def text(name):
        return format_value(spec.row_field(name), row.get(name))

    parts = [text("instrument")]
    if text("result"):
        parts.append(text("result"))
    if text("delay_months"):
        parts.append(delay_text(row.get("delay_months")))
    if text("share_below_norm"):
        share = SUPPRESSED_LABEL if hide_share else text("share_below_norm") + "%"
        parts.append(_("%(share)s onder de norm") % {"share": share})
    if row.get("trend") and row.get("trend") != "onbekend":
        parts.append(_("trend %(trend)s") % {"trend": text("trend").lower()})
    line = _("%(domain)s groep %(grade)s: %(parts)s") % {
        "domain": text("domain"),
        "grade": row.get("grade"),
        "parts": ", ".join(parts),
    }
    if text("note"):
        line += f". {text('note')}"
    return line


def row_table(spec: SectionSpec, rows: list[dict], *, small_grades: set[int] = frozenset()) -> dict:
    """Rows as a table: column labels and formatted cells. Shares for grades in `small_grades` are suppressed."""
    columns = [str(spec.row_field(name).verbose_name) for name in spec.row_fields]
    data = []
    for row in rows:
        cells = []
        for name in spec.row_fields:
            text = format_value(spec.row_field(name), row.get(name))
            if name == "share_below_norm" and text and row.get("grade") in small_grades:
                text = SUPPRESSED_LABEL
            cells.append(text or "—")
        data.append(cells)
    return {"columns": columns, "data": data}


def small_grades(scan) -> set[int]:
    """Grades whose shares are not shown to bestuur/MR: fewer than 5 pupils according to section 1, or no number
    filled in there (an empty count must not switch the small-cell rule off)."""
    values = values_of(scan, BY_KEY[SectionKey.CONTEXT])
    return {grade for grade in range(1, 9) if is_small(values[f"pupils_{grade}"])}


def display(spec: SectionSpec, scan, *, hidden_grades: set[int] = frozenset()) -> dict:
    """A section's stored contents ready for a read-only page: text fields, a grade table, a row table."""
    values = values_of(scan, spec)
    names = [name for name in spec.fields if name not in PUPIL_FIELDS]
    result = {
        "fields": [(spec.label(name), format_value(spec.field(name), values[name])) for name in names],
        "grades": None,
        "table": None,
    }
    if spec.key == SectionKey.CONTEXT:
        counts = [(grade, values[f"pupils_{grade}"]) for grade in range(1, 9)]
        known = [n for _g, n in counts if n is not None]
        result["grades"] = {"counts": counts, "total": sum(known) if known else None}
    if spec.row_model:
        result["table"] = row_table(spec, rows_of(scan, spec), small_grades=hidden_grades)
    return result

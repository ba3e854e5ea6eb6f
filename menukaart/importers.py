"""CSV export and import of the whole menukaart catalogue (CONTRACT §1: all or nothing, row-numbered errors).

One row per catalogue item, keyed on `code`. An import updates existing items and adds new ones; it never
deletes (programmes may refer to an item), and names the catalogue codes the file lacks in a warning. The figure
columns are one figure set with its source and date: a set with a date the item already has corrects that set,
a set with a new date is added beside the older ones, and the newest set becomes the item's current figures.
"""

import datetime
import hashlib
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from menukaart.models import GoalArea, Intervention, InterventionFigures, LglLevel, NjiLevel, SchoolLevel
from menukaart.services import newest_figures_sync
from npo_planner.lib.csv_export import FORMULA_START
from npo_planner.lib.import_errors import ImportErrors
from npo_planner.lib.tabular import read_table
from npo_planner.scholen.services import audit_record

CODE_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
UNKNOWN = {"", "onbekend", "?"}

# column → model field (text fields taken as they are)
TEXT_COLUMNS = {
    "naam": "name",
    "samenvatting": "summary",
    "beschrijving": "description",
    "nji_bron": "nji_source",
    "nji_samenvatting": "nji_summary",
    "lgl_bron": "lgl_source",
    "aanbieder_tekst": "supplier_text",
    "onderwerpen": "subjects",
    "vraagt_personeel": "asks_staff",
    "vraagt_tijd": "asks_time",
    "vraagt_ruimte": "asks_space",
    "praktisch": "practical",
    "npo_vergoeding": "npo_may_pay",
}
FIGURE_COLUMNS = ["impact_maanden", "bewijs", "kosten", "bron_cijfers", "datum_cijfers"]
REQUIRED = ["code", "doelgebied", "naam"]
OPTIONAL = [
    "samenvatting",
    "beschrijving",
    "schoolsoort",
    *FIGURE_COLUMNS,
    "kosten_bron",
    "nji_niveau",
    "nji_datum",
    "nji_bron",
    "nji_samenvatting",
    "lgl_niveau",
    "lgl_bron",
    "aanbieder_tekst",
    "onderwerpen",
    "vraagt_personeel",
    "vraagt_tijd",
    "vraagt_ruimte",
    "praktisch",
    "npo_vergoeding",
    "links",
]
HEADER = REQUIRED[:1] + ["doelgebied", "naam"] + OPTIONAL
MAX_LENGTH = {field.name: field.max_length for field in Intervention._meta.fields if field.max_length}


def _blank_if_none(value):
    return "" if value is None else value


def export_rows() -> tuple[list[str], list[list]]:
    """The catalogue as (header, rows) for npo_planner.lib.csv_export (the figures: the newest set)."""
    items = Intervention.objects.filter(school__isnull=True).order_by("goal_area", "code")
    newest = {}
    for figures in InterventionFigures.objects.filter(intervention__school__isnull=True).order_by("date"):
        newest[figures.intervention_id] = figures
    rows = []
    for item in items:
        values = {
            "code": item.code,
            "doelgebied": item.goal_area,
            "schoolsoort": item.school_type,
            "impact_maanden": _blank_if_none(item.impact_months),
            "bewijs": _blank_if_none(item.evidence),
            "kosten": _blank_if_none(item.cost),
            "bron_cijfers": item.figures_source,
            "datum_cijfers": item.figures_date.isoformat() if item.figures_date else "",
            "kosten_bron": newest[item.pk].cost_source if item.pk in newest else "",
            "nji_niveau": item.nji_level,
            "nji_datum": item.nji_date.isoformat() if item.nji_date else "",
            "lgl_niveau": item.lgl_level,
            "links": " | ".join(item.link_list),
        }
        values.update({column: getattr(item, name) for column, name in TEXT_COLUMNS.items()})
        rows.append([values[column] for column in HEADER])
    return HEADER, rows


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    figure_sets: int = 0
    warnings: list[str] = field(default_factory=list)


def _text(value: str) -> str:
    """Undo the export's formula neutralising (a leading apostrophe before = + - @)."""
    if value.startswith("'") and value[1:2] in FORMULA_START:
        return value[1:]
    return value


def _int(errors, row, column, raw, low, high):
    value = _text(raw).strip().replace("−", "-")
    if value.lower() in UNKNOWN:
        return None
    if value.startswith("+"):
        value = value[1:]
    if not re.fullmatch(r"-?\d+", value):
        errors.add(
            _("geen heel getal; laat leeg of schrijf 'onbekend' als het niet bekend is."),
            row=row,
            column=column,
            value=raw,
        )
        return None
    number = int(value)
    if not low <= number <= high:
        errors.add(
            _("moet tussen %(low)s en %(high)s liggen.") % {"low": low, "high": high},
            row=row,
            column=column,
            value=raw,
        )
        return None
    return number


def _date(errors, row, column, raw):
    value = raw.strip()
    if not value:
        return None
    for pattern in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(value[:10], pattern).date()
        except ValueError:
            continue
    errors.add(_("geen datum; schrijf JJJJ-MM-DD of DD-MM-JJJJ."), row=row, column=column, value=raw)
    return None


def _choice(errors, row, column, raw, choices, *, empty_ok):
    value = raw.strip()
    if not value and empty_ok:
        return ""
    by_label = {str(label).lower(): code for code, label in choices}
    codes = [code for code, _label in choices]
    if value in codes:
        return value
    if value.lower() in by_label:
        return by_label[value.lower()]
    allowed = ", ".join(code for code in codes if code)
    errors.add(
        _("onbekende waarde; kies uit %(allowed)s.") % {"allowed": allowed}, row=row, column=column, value=raw
    )
    return None


def _too_long(limit: int) -> str:
    return _("langer dan %(limit)s tekens.") % {"limit": limit}


def _parse(table, errors: ImportErrors) -> list[dict]:
    columns = set(table.columns)
    has_figures = any(c in columns for c in FIGURE_COLUMNS)
    if has_figures:
        for column in FIGURE_COLUMNS:
            if column not in columns:
                errors.add(_("de cijferkolommen horen bij elkaar; deze ontbreekt."), row=1, column=column)
        errors.raise_if_any()
    parsed, seen = [], {}
    for row, cells in table.rows:
        item = {"row": row}
        code = cells["code"].strip()
        if not CODE_RE.match(code):
            errors.add(
                _("een code bestaat uit kleine letters, cijfers en streepjes."),
                row=row,
                column="code",
                value=code,
            )
        elif code in seen:
            errors.add(
                _("deze code staat ook in rij %(row)s.") % {"row": seen[code]},
                row=row,
                column="code",
                value=code,
            )
        seen.setdefault(code, row)
        item["code"] = code
        item["goal_area"] = _choice(
            errors, row, "doelgebied", cells["doelgebied"], GoalArea.choices, empty_ok=False
        )
        if not cells["naam"].strip():
            errors.add(_("de naam is verplicht."), row=row, column="naam", value="")
        for column, name in TEXT_COLUMNS.items():
            if column in columns:
                text = _text(cells[column]).strip()
                if name in MAX_LENGTH and len(text) > MAX_LENGTH[name]:
                    errors.add(_too_long(MAX_LENGTH[name]), row=row, column=column, value=text)
                item[name] = text
        if "schoolsoort" in columns:
            item["school_type"] = _choice(
                errors,
                row,
                "schoolsoort",
                cells["schoolsoort"] or "po_vo",
                SchoolLevel.choices,
                empty_ok=False,
            )
        if "nji_niveau" in columns:
            if cells["nji_niveau"].strip().lower().replace("_", " ") == "goed beschreven":
                errors.add(
                    _(
                        "‘goed beschreven’ is een niveau van Loket Gezond Leven, geen NJi-erkenning; "
                        "zet het in de kolom lgl_niveau."
                    ),
                    row=row,
                    column="nji_niveau",
                    value=cells["nji_niveau"],
                )
            else:
                item["nji_level"] = _choice(
                    errors, row, "nji_niveau", cells["nji_niveau"], NjiLevel.choices, empty_ok=True
                )
        if "lgl_niveau" in columns:
            item["lgl_level"] = _choice(
                errors, row, "lgl_niveau", cells["lgl_niveau"], LglLevel.choices, empty_ok=True
            )
        if "nji_datum" in columns:
            item["nji_date"] = _date(errors, row, "nji_datum", cells["nji_datum"])
        if "links" in columns:
            links = [part.strip() for part in re.split(r"[|\n]", cells["links"]) if part.strip()]
            bad = [link for link in links if not re.match(r"^https?://\S+$", link)]
            if bad:
                errors.add(_("een link moet beginnen met https://."), row=row, column="links", value=bad[0])
            item["links"] = "\n".join(links)
        if has_figures:
            figures = {
                "impact_months": _int(errors, row, "impact_maanden", cells["impact_maanden"], -12, 24),
                "evidence": _int(errors, row, "bewijs", cells["bewijs"], 0, 5),
                "cost": _int(errors, row, "kosten", cells["kosten"], 1, 5),
                "source": _text(cells["bron_cijfers"]).strip(),
                "date": _date(errors, row, "datum_cijfers", cells["datum_cijfers"]),
            }
            if len(figures["source"]) > 300:
                errors.add(_too_long(300), row=row, column="bron_cijfers", value=figures["source"])
            if "kosten_bron" in columns:
                figures["cost_source"] = _text(cells["kosten_bron"]).strip()
                if len(figures["cost_source"]) > 300:
                    errors.add(_too_long(300), row=row, column="kosten_bron", value=figures["cost_source"])
            known = any(figures[k] is not None for k in ("impact_months", "evidence", "cost"))
            if (known or cells["datum_cijfers"].strip()) and not figures["source"]:
                errors.add(_("bij cijfers hoort een bron."), row=row, column="bron_cijfers", value="")
            if known and not cells["datum_cijfers"].strip():
                errors.add(_("bij cijfers hoort een datum."), row=row, column="datum_cijfers", value="")
            if known or cells["datum_cijfers"].strip():
                item["figures"] = figures
            else:  # no figures: the source column only says why (e.g. "geen EEF-cijfers")
                item["figures_note"] = figures["source"]
        item["name"] = cells["naam"].strip()
        parsed.append(item)
        if errors.full:
            break
    return parsed


FIELDS = ["goal_area", "school_type", "nji_level", "nji_date", "lgl_level", "links", *TEXT_COLUMNS.values()]


def catalogue_import(*, data: bytes, filename: str, user) -> ImportResult:
    """Validate the whole file first; write everything in one transaction or nothing (raises ImportErrors)."""
    errors = ImportErrors()
    table = read_table(data, filename, required=REQUIRED, optional=OPTIONAL)
    items = _parse(table, errors)
    errors.raise_if_any()
    result = ImportResult(warnings=list(table.warnings))
    with transaction.atomic():
        result = _write(items, result)
        audit_record(
            user=user,
            school=None,
            action="menukaart.catalogue_import",
            summary=_("Menukaart ingelezen uit %(filename)s: %(created)s nieuw, %(updated)s bijgewerkt")
            % {"filename": filename, "created": result.created, "updated": result.updated},
            data={
                "filename": filename,
                "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
                "rows": len(items),
                "created": result.created,
                "updated": result.updated,
            },
        )
    return result


def _write(items: list[dict], result: ImportResult) -> ImportResult:
    existing = {i.code: i for i in Intervention.objects.select_for_update().filter(school__isnull=True)}
    new, changed = [], []
    for item in items:
        obj = existing.get(item["code"]) or Intervention(code=item["code"], school=None)
        for name in FIELDS:
            if name in item:
                setattr(obj, name, item[name])
        if obj.pk:
            changed.append(obj)
        else:
            new.append(obj)
    for obj in new + changed:
        obj.full_clean(exclude=["checklist"], validate_unique=False, validate_constraints=False)
    Intervention.objects.bulk_create(new)
    if changed:
        Intervention.objects.bulk_update(changed, FIELDS)
    result.created, result.updated = len(new), len(changed)
    missing = sorted(set(existing) - {item["code"] for item in items})
    if missing:
        result.warnings.append(
            _("Niet in het bestand (ongewijzigd gelaten, niet verwijderd): %(codes)s.")
            % {"codes": ", ".join(missing)}
        )

    by_code = {obj.code: obj for obj in new + changed}
    noted = [item for item in items if "figures_note" in item]
    if noted:
        with_sets = set(
            InterventionFigures.objects.filter(
                intervention_id__in=[by_code[item["code"]].pk for item in noted]
            ).values_list("intervention_id", flat=True)
        )
        for item in noted:
            obj = by_code[item["code"]]
            if obj.pk not in with_sets:
                obj.figures_source = item["figures_note"]
        Intervention.objects.bulk_update([by_code[item["code"]] for item in noted], ["figures_source"])
    with_figures = [item for item in items if item.get("figures")]
    if not with_figures:
        return result
    ids = [by_code[item["code"]].pk for item in with_figures]
    sets = {
        (f.intervention_id, f.date): f for f in InterventionFigures.objects.filter(intervention_id__in=ids)
    }
    to_create, to_update = [], []
    for item in with_figures:
        intervention = by_code[item["code"]]
        figures = item["figures"]
        current = sets.get((intervention.pk, figures["date"]))
        values = {
            k: figures[k]
            for k in ("impact_months", "evidence", "cost", "source", "cost_source")
            if k in figures
        }
        if current is None:
            current = InterventionFigures(intervention=intervention, date=figures["date"], **values)
            to_create.append(current)
            sets[(intervention.pk, figures["date"])] = current
        elif any(getattr(current, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(current, k, v)
            to_update.append(current)
    InterventionFigures.objects.bulk_create(to_create)
    if to_update:
        InterventionFigures.objects.bulk_update(
            to_update, ["impact_months", "evidence", "cost", "source", "cost_source"]
        )
    result.figure_sets = len(to_create) + len(to_update)

    newest_figures_sync(interventions=[by_code[item["code"]] for item in with_figures])
    return result

"""Rows pasted from Excel into a section's table (cognitive results, speerpunten): read and checked row by row
with the table's own row form, then saved through the section's normal save — the same version check, all rows or
none."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from npo_planner.lib.edit_conflict import EditConflict
from npo_planner.lib.paste import check_rows, read_pasted
from schoolscan.forms import SectionPasteForm, row_form_class
from schoolscan.sections import SectionSpec, rows_of, values_of
from schoolscan.services import section_save

MAX_TABLE_ROWS = 100  # as the formset's max_num


def _duplicates(spec: SectionSpec, kept: list[dict], pasted: list[tuple[int, dict]]) -> list[str]:
    if not spec.row_unique:
        return []
    seen = {tuple(row.get(name) for name in spec.row_unique): None for row in kept}
    errors = []
    for number, row in pasted:
        ident = tuple(row.get(name) for name in spec.row_unique)
        if ident in seen:
            where = (
                _("regel %(n)s van de plakselectie") % {"n": seen[ident]} if seen[ident] else _("de tabel")
            )
            errors.append(
                _("Regel %(n)s: deze combinatie van domein en groep staat al in %(where)s.")
                % {"n": number, "where": where}
            )
        else:
            seen[ident] = number
    return errors


def _saved_errors(error: ValidationError, numbers: list[int | None]) -> list[str]:
    """A refused save's messages; a row's ('rows-<index>-<field>') names the pasted line when it was pasted."""
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    lines = []
    for key, messages in error.message_dict.items():
        parts = key.split("-")
        if len(parts) == 3 and parts[0] == "rows" and parts[1].isdigit() and int(parts[1]) < len(numbers):
            number = numbers[int(parts[1])]
            prefix = (
                _("Regel %(n)s") % {"n": number}
                if number
                else _("Bestaande regel %(n)s") % {"n": int(parts[1]) + 1}
            )
            lines.extend(f"{prefix}: {message}" for message in messages)
        else:
            lines.extend(messages)
    return lines


def paste_into_section(request, spec: SectionSpec, scan) -> dict:
    """Paste the posted rows. Returns {"saved": n} or {"paste_errors": [...], "conflict": …}."""
    form = SectionPasteForm(request.POST)
    if not form.is_valid():
        return {"paste_errors": [e for errors in form.errors.values() for e in errors]}
    Row = row_form_class(spec)
    rows, errors = read_pasted(form.cleaned_data["plakken"], Row.base_fields, list(spec.row_fields))
    valid, row_errors = check_rows(rows, lambda data: Row(data=data))
    errors += row_errors
    kept = [] if form.cleaned_data["vervangen"] else rows_of(scan, spec)
    pasted = [(number, {name: f.cleaned_data.get(name) for name in spec.row_fields}) for number, f in valid]
    errors += _duplicates(spec, kept, pasted) if not errors else []
    if not errors and len(kept) + len(pasted) > MAX_TABLE_ROWS:
        errors.append(
            _("De tabel kan ten hoogste %(n)s regels hebben; er staan er %(kept)s en u plakt er %(new)s.")
            % {"n": MAX_TABLE_ROWS, "kept": len(kept), "new": len(pasted)}
        )
    if errors:
        return {"paste_errors": errors}
    try:
        section_save(
            scan=scan,
            key=spec.key,
            user=request.user,
            role=request.role,
            base_version=form.cleaned_data["version"],
            values=values_of(scan, spec),
            rows=kept + [row for _number, row in pasted],
        )
    except EditConflict:
        return {
            "paste_errors": [
                _(
                    "Niet opgeslagen: iemand anders heeft dit onderdeel intussen gewijzigd. Er is niets geplakt; "
                    "bekijk de tabel zoals die nu is en plak de regels opnieuw."
                )
            ],
            "paste_conflict": True,
        }
    except ValidationError as error:
        numbers = [None] * len(kept) + [number for number, _row in pasted]
        return {"paste_errors": _saved_errors(error, numbers)}
    return {"saved": len(pasted)}

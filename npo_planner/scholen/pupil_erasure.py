"""Erasing a removed pupil's code from the records that outlive the pupil.

Deleting a pupil removes every row that hangs on it. Its code may still be written elsewhere: in the audit log's
summaries and data, in the access log, in notes about classmates, in import summaries, in uploaded files that were
never confirmed. Apps declare those places:

- `register_pupil_text(model, fields, school=lookup)`: text or JSON fields where a code, as a whole word, is
  replaced by "[verwijderde leerling]" (only in rows of the pupil's school);
- `register_pupil_erasure(eraser)`: anything else, `eraser(school=..., codes=[...])` (e.g. delete files in hand).

A test searches the whole database for the code after a retention run, so a place nobody declared shows up.
"""

import re
from collections.abc import Callable, Iterable

from django.db import models
from django.db.models import Q, TextField
from django.db.models.functions import Cast

# the optimistic lock: a form opened before the erasure must not write the code back
from npo_planner.lib.edit_conflict import VERSION_FIELD
from npo_planner.scholen.models import AuditEntry, PupilAccess, School

PLACEHOLDER = "[verwijderde leerling]"

_texts: list[tuple[type[models.Model], tuple[str, ...], str]] = []
_erasers: list[Callable[..., None]] = []


def register_pupil_text(model: type[models.Model], fields: Iterable[str], *, school: str) -> None:
    entry = (model, tuple(fields), school)
    if entry not in _texts:
        _texts.append(entry)


def register_pupil_erasure(eraser: Callable[..., None]) -> None:
    if eraser not in _erasers:
        _erasers.append(eraser)


def code_pattern(codes: Iterable[str]) -> re.Pattern:
    """The codes as whole words: not inside a longer run of letters and digits ("A50" is not in "A501")."""
    alternatives = "|".join(re.escape(code) for code in sorted(set(codes), key=len, reverse=True))
    return re.compile(rf"(?<![A-Za-z0-9])(?:{alternatives})(?![A-Za-z0-9])")


def scrubbed(value, pattern: re.Pattern):
    """The value (text, or JSON: dicts, lists, strings) with every code replaced by the placeholder."""
    if isinstance(value, str):
        return pattern.sub(PLACEHOLDER, value)
    if isinstance(value, list):
        return [scrubbed(item, pattern) for item in value]
    if isinstance(value, dict):
        return {scrubbed(key, pattern): scrubbed(item, pattern) for key, item in value.items()}
    return value


def _rows_mentioning(model, fields, school_lookup, school, codes):
    """Rows of the school whose fields contain one of the codes somewhere (the pattern decides, in Python)."""
    texts, matches = {}, Q()
    for name in fields:
        target = name
        if isinstance(model._meta.get_field(name), models.JSONField):
            target = f"{name}_as_text"
            texts[target] = Cast(name, TextField())
        for code in codes:
            matches |= Q(**{f"{target}__contains": code})
    return model._base_manager.alias(**texts).filter(matches, **{school_lookup: school}).order_by("pk")


def _erase_in(model, fields, school_lookup, school: School, codes: list[str], pattern) -> None:
    versioned = any(f.name == VERSION_FIELD for f in model._meta.concrete_fields)
    changed = []
    for obj in _rows_mentioning(model, fields, school_lookup, school, codes):
        dirty = False
        for name in fields:
            value = getattr(obj, name)
            new = scrubbed(value, pattern)
            if new != value:
                setattr(obj, name, new)
                dirty = True
        if dirty:
            if versioned:
                obj.version += 1
            changed.append(obj)
    if changed:
        update = [*fields, VERSION_FIELD] if versioned else list(fields)
        model._base_manager.bulk_update(changed, update, batch_size=500)


def pupil_codes_erase(*, school: School, codes: list[str]) -> None:
    """Replace the codes of the school's removed pupils wherever they are still written (call after deleting)."""
    if not codes:
        return
    pattern = code_pattern(codes)
    for model, fields, school_lookup in _texts:
        _erase_in(model, fields, school_lookup, school, codes, pattern)
    for eraser in _erasers:
        eraser(school=school, codes=codes)


register_pupil_text(AuditEntry, ["summary", "data"], school="school")
register_pupil_text(PupilAccess, ["pupil_code", "what"], school="school")

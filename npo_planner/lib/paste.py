"""Rows pasted from a spreadsheet into one of the app's tables.

Excel, LibreOffice and Google Sheets put copied cells on the clipboard as tab-separated text (a cell holding a
line break, a tab or a quote between double quotes). `read_pasted` turns that text into one dict of field name →
cell text per row, in the table's column order or, when the first line names the columns, in the order it names
them. Choices are read by their Dutch label ("Rekenen", "Ja"), dates the Dutch way (1-9-2021). The table's own
form then checks every row as it checks typed input (Dutch numbers: 12,5 · € 18.500), and `check_rows` collects
the errors per row and column, in Dutch, so the caller saves all rows or none.
"""

import csv
import io
import re
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_ROWS = 100
MAX_CHARS = 200_000
_DATE = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*$")
_YES = {"ja", "j", "x", "waar", "1", "yes", "true", "✓"}
_NO = {"nee", "n", "", "onwaar", "0", "no", "false"}


class PasteForm(forms.Form):
    """The paste box: a textarea for the copied rows; views add their version field."""

    plakken = forms.CharField(
        label=gettext_lazy("Regels uit Excel"),
        max_length=MAX_CHARS,
        widget=forms.Textarea(
            attrs={
                "rows": 5,
                "class": "form-control font-monospace",
                "spellcheck": "false",
                "data-paste": "1",
            }
        ),
        help_text=gettext_lazy(
            "Kopieer de regels in Excel (met of zonder de kopregel) en plak ze hier. Zonder kopregel staan de "
            "kolommen in de volgorde van de tabel."
        ),
    )


@dataclass
class PastedRow:
    number: int  # the line of the paste, counted as the spreadsheet's rows (a header line is line 1)
    data: dict[str, str]
    unread: frozenset[str] = frozenset()  # fields whose cell could not be read (already reported)


def _key(text: str) -> str:
    return " ".join(str(text).replace("*", "").split()).casefold()


def _header_map(cells: list[str], fields: dict[str, forms.Field]) -> list[str | None] | None:
    """The field of every column when the line names the table's columns (by label or field name), else None."""
    names = {}
    for name, field in fields.items():
        label = str(field.label or name)
        names[_key(name)] = name
        names[_key(re.sub(r"\s*\([^)]*\)", "", label))] = name  # "Doelgroep" for "Doelgroep (groepen …)"
        names[_key(label)] = name
    keys = [_key(cell) for cell in cells]
    if not any(key in names for key in keys):
        return None
    return [names.get(key) if key else None for key in keys]


def _choice_value(field: forms.ChoiceField, text: str) -> str | None:
    """The choice's value for its label or value as typed in a spreadsheet, or None when nothing matches."""
    wanted = _key(text)
    options = []
    for value, label in field.choices:
        if isinstance(label, list | tuple):  # a group of choices
            options.extend(label)
        elif value not in ("", None):
            options.append((value, label))
    for value, label in options:
        label = str(label)
        # "C – Sociaal-emotionele …" is also found by its code (C) and by its words alone.
        words = label.split(" – ", 1)[1] if label.startswith(f"{value} – ") else label
        if wanted in (_key(label), _key(value), _key(words)):
            return str(value)
    return None


def _choice_labels(field: forms.ChoiceField) -> str:
    labels = []
    for value, label in field.choices:
        if isinstance(label, list | tuple):
            labels.extend(str(inner) for _v, inner in label)
        elif value not in ("", None):
            labels.append(str(label))
    return ", ".join(labels)


def _cell(field: forms.Field, text: str) -> tuple[str, str | None]:
    """(the text the form reads, or an error) for one cell."""
    text = text.strip()
    if isinstance(field, forms.BooleanField):
        if _key(text) in _YES:
            return "on", None
        if _key(text) in _NO:
            return "", None
        return "", _("schrijf ja of nee, niet “%(text)s”.") % {"text": text}
    if isinstance(field, forms.ChoiceField) and text and not isinstance(field, forms.ModelChoiceField):
        value = _choice_value(field, text)
        if value is None:
            return text, _("“%(text)s” is geen keuze; kies uit: %(choices)s.") % {
                "text": text,
                "choices": _choice_labels(field),
            }
        return value, None
    if isinstance(field, forms.DateField) and (match := _DATE.match(text)):
        day, month, year = match.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}", None
    return text, None


def _label(fields: dict[str, forms.Field], name: str) -> str:
    return str(fields[name].label or name)


def read_pasted(
    text: str, fields: dict[str, forms.Field], columns: list[str]
) -> tuple[list[PastedRow], list[str]]:
    """The pasted rows (name → text for the form) and the errors found while reading them.

    `fields` are the form fields of a row by name; `columns` the order of the table's columns when the paste
    has no header line. Empty lines are skipped."""
    if len(text) > MAX_CHARS:
        return [], [
            _("De geplakte tekst is te lang: plak ten hoogste %(n)s regels tegelijk.") % {"n": MAX_ROWS}
        ]
    lines = list(csv.reader(io.StringIO(text.strip("\r\n")), delimiter="\t"))
    lines = [(number, cells) for number, cells in enumerate(lines, start=1) if any(c.strip() for c in cells)]
    if not lines:
        return [], [_("Er is niets geplakt. Kopieer de regels in Excel en plak ze in het vak.")]
    errors = []
    order: list[str | None] = list(columns)
    header = _header_map(lines[0][1], fields)
    if header is not None:
        unknown = [cell for cell, name in zip(lines[0][1], header, strict=True) if cell.strip() and not name]
        if unknown:
            errors.append(
                _("Regel 1: de kolom %(columns)s hoort niet bij deze tabel; de kolommen zijn: %(known)s.")
                % {
                    "columns": ", ".join(f"“{c.strip()}”" for c in unknown),
                    "known": ", ".join(_label(fields, name) for name in columns),
                }
            )
        order = header
        lines = lines[1:]
    if len(lines) > MAX_ROWS:
        return [], [_("Plak ten hoogste %(n)s regels tegelijk.") % {"n": MAX_ROWS}]
    rows = []
    for number, cells in lines:
        while cells and not cells[-1].strip():
            cells = cells[:-1]
        if len(cells) > len(order):
            errors.append(
                _("Regel %(n)s: %(cells)s kolommen, de tabel heeft er %(columns)s (%(known)s).")
                % {
                    "n": number,
                    "cells": len(cells),
                    "columns": len(columns),
                    "known": ", ".join(_label(fields, name) for name in columns),
                }
            )
            continue
        data, unread = {}, set()
        for name, cell in zip(order, cells, strict=False):
            if name is None:
                continue
            value, error = _cell(fields[name], cell)
            data[name] = value
            if error:
                unread.add(name)
                errors.append(
                    _("Regel %(n)s, kolom %(column)s: %(error)s")
                    % {"n": number, "column": _label(fields, name), "error": error}
                )
        for name in columns:  # an empty or missing cell takes the table's default (a new row's "Onbekend")
            initial = fields[name].initial
            if not data.get(name) and initial not in (None, "") and not callable(initial):
                data[name] = str(initial)
        rows.append(PastedRow(number=number, data=data, unread=frozenset(unread)))
    return rows, errors


def form_errors(number: int, form: forms.BaseForm, skip=frozenset()) -> list[str]:
    """A row form's errors as 'Regel n, kolom X: …' lines (not for the fields in `skip`)."""
    lines = []
    for name, messages in form.errors.items():
        if name in skip:
            continue
        for message in messages:
            if name in form.fields:
                lines.append(
                    _("Regel %(n)s, kolom %(column)s: %(error)s")
                    % {"n": number, "column": form.fields[name].label or name, "error": message}
                )
            else:
                lines.append(_("Regel %(n)s: %(error)s") % {"n": number, "error": message})
    return lines


def check_rows(rows: list[PastedRow], make_form) -> tuple[list[tuple[int, forms.BaseForm]], list[str]]:
    """Every row through its form (`make_form(data)`): the (line, valid form) of the valid rows, in order, and
    the errors per row."""
    valid, errors = [], []
    for row in rows:
        form = make_form(row.data)
        if form.is_valid():
            valid.append((row.number, form))
        else:
            errors.extend(form_errors(row.number, form, row.unread))
    return valid, errors

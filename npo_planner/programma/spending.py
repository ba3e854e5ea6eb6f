"""Writes of the money spent on a programme's items (typed in by the directeur, or imported). Recording spending is
not changing the plan: the programme keeps its status and version. Every write leaves an audit entry."""

import datetime
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from npo_planner.lib.column_mapping import Mapping, MappingHint
from npo_planner.lib.dutch_numbers import parse_dutch_number
from npo_planner.lib.import_errors import ImportErrors
from npo_planner.lib.tabular import read_table
from npo_planner.programma import selectors
from npo_planner.programma.budget import euro
from npo_planner.programma.models import Item, Programme, Spending
from npo_planner.scholen.models import MappingKind, SchoolYear
from npo_planner.scholen.pupil_mentions import pupil_mention_message, pupil_mentions, refuse_pupil_mentions
from npo_planner.scholen.selectors import import_mapping_for
from npo_planner.scholen.services import audit_record


def _date_problem(programme: Programme, spent_on: datetime.date) -> str | None:
    """Why this date cannot carry spending of this programme (Dutch), or None."""
    first, last = programme.first_year.start, programme.last_year.end
    if spent_on > timezone.localdate():
        return _("De datum %(date)s ligt in de toekomst.") % {"date": spent_on.strftime("%d-%m-%Y")}
    if spent_on < first or spent_on > last:
        return _("De datum %(date)s valt buiten de looptijd van het programma (%(a)s – %(b)s).") % {
            "date": spent_on.strftime("%d-%m-%Y"),
            "a": first.strftime("%d-%m-%Y"),
            "b": last.strftime("%d-%m-%Y"),
        }
    if year_of(programme, spent_on) is None:
        return _("Schooljaar %(year)s is nog niet ingericht; vraag de beheerder het aan te maken.") % {
            "year": SchoolYear.label_for(spent_on)
        }
    return None


def year_of(programme: Programme, spent_on: datetime.date) -> SchoolYear | None:
    """The programme's school year the date falls in (None: not set up). One query per programme."""
    label = SchoolYear.label_for(spent_on)
    return next((y for y in selectors.programme_years(programme) if y.label == label), None)


@transaction.atomic
def spending_record(
    *, item: Item, user, spent_on: datetime.date, amount: Decimal, external_hire: bool, description: str = ""
) -> Spending:
    item = Item.objects.select_related(
        "programme__school", "programme__first_year", "programme__last_year", "programme__stream"
    ).get(pk=item.pk)
    programme = item.programme
    errors = {}
    if amount is None or amount <= 0:
        errors["amount"] = _("Het bestede bedrag moet groter dan 0 zijn.")
    if problem := _date_problem(programme, spent_on):
        errors["spent_on"] = problem
    if errors:
        raise ValidationError(errors)
    refuse_pupil_mentions(school=programme.school, texts={"description": description})
    spending = Spending(
        item=item,
        school_year=year_of(programme, spent_on),
        spent_on=spent_on,
        amount=amount,
        external_hire=external_hire,
        description=description,
        created_by=user,
    )
    spending.full_clean()
    spending.save()
    audit_record(
        user=user,
        school=programme.school,
        action="programme.spending_record",
        summary=_("Besteding op '%(name)s' vastgelegd: %(amount)s op %(date)s")
        % {
            "name": item.name,
            "amount": euro(amount),
            "date": spent_on.strftime("%d-%m-%Y"),
        },
        target=spending,
        data={"amount": str(amount), "external_hire": external_hire, "spent_on": spent_on.isoformat()},
    )
    return spending


@transaction.atomic
def spending_delete(*, spending: Spending, user) -> None:
    school = spending.item.programme.school
    summary = _("Besteding op '%(name)s' van %(amount)s op %(date)s verwijderd") % {
        "name": spending.item.name,
        "amount": euro(spending.amount),
        "date": spending.spent_on.strftime("%d-%m-%Y"),
    }
    data = {"amount": str(spending.amount), "spent_on": spending.spent_on.isoformat()}
    Spending.objects.filter(pk=spending.pk).delete()
    audit_record(
        user=user, school=school, action="programme.spending_delete", summary=summary, target=None, data=data
    )


# --- import from the administration's export (CONTRACT §1: all or nothing) -----------------------------------

IMPORT_REQUIRED = ["onderdeel", "datum", "bedrag", "pnil"]
IMPORT_OPTIONAL = ["omschrijving"]
IMPORT_WORD_VALUES = ["ja", "nee"]
_YES = {"ja", "j", "1", "true", "waar", "x"}
_NO = {"nee", "n", "0", "false", "onwaar", ""}


def _parse_date(text: str) -> datetime.date:
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def _import_row(programme, items_by_name, row, values, errors) -> Spending | None:
    start = errors.total
    name = values.get("onderdeel", "").strip()
    item = items_by_name.get(name.lower())
    if item is None:
        errors.add(
            _("geen onderdeel van dit programma met deze naam."), row=row, column="onderdeel", value=name
        )
    elif item is _AMBIGUOUS:
        errors.add(
            _("meer onderdelen van dit programma heten zo; geef ze eerst verschillende namen."),
            row=row,
            column="onderdeel",
            value=name,
        )
    spent_on = amount = None
    try:
        spent_on = _parse_date(values.get("datum", ""))
    except ValueError:
        errors.add(
            _("geen datum; schrijf 2022-03-01 of 01-03-2022."), row=row, column="datum", value=values["datum"]
        )
    else:
        if problem := _date_problem(programme, spent_on):
            errors.add(problem, row=row, column="datum", value=values["datum"])
    try:
        amount = parse_dutch_number(values.get("bedrag", ""))
    except ValueError:
        errors.add(_("geen bedrag; schrijf 1.250,50."), row=row, column="bedrag", value=values["bedrag"])
    else:
        if amount <= 0 or amount != amount.quantize(Decimal("0.01")):
            errors.add(
                _("het bedrag moet groter dan 0 zijn, met hoogstens twee decimalen."),
                row=row,
                column="bedrag",
                value=values["bedrag"],
            )
    pnil = values.get("pnil", "").strip().lower()
    if pnil not in _YES | _NO:
        errors.add(_("vul ja of nee in."), row=row, column="pnil", value=values["pnil"])
    description = values.get("omschrijving", "").strip()
    if len(description) > 200:
        errors.add(
            _("de omschrijving is langer dan 200 tekens."), row=row, column="omschrijving", value=description
        )
    if errors.total > start:
        return None
    return Spending(
        item=item,
        school_year=year_of(programme, spent_on),
        spent_on=spent_on,
        amount=amount,
        external_hire=pnil in _YES,
        description=description,
    )


_AMBIGUOUS = object()


@dataclass
class SpendingFile:
    """A checked spending file: its rows (the known columns only, words mapped), the lines they record, and what
    the preview shows. The confirm checks the rows again against the programme as it is then."""

    rows: list[tuple[int, dict[str, str]]]
    lines: list[Spending]
    filename: str
    size: int
    sha256: str
    warnings: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # file columns not read (never stored)

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal(0))

    def as_dict(self) -> dict:
        return {
            "rows": [[row, values] for row, values in self.rows],
            "filename": self.filename,
            "size": self.size,
            "sha256": self.sha256,
            "warnings": self.warnings,
            "ignored": self.ignored,
        }


def _check_rows(programme: Programme, rows, errors: ImportErrors) -> list[Spending]:
    """Every row checked against the programme (its items, its years, what is recorded already)."""
    items_by_name: dict[str, object] = {}
    for item in programme.items.all():
        key = item.name.strip().lower()
        items_by_name[key] = _AMBIGUOUS if key in items_by_name else item
    existing = set(
        Spending.objects.filter(item__programme=programme).values_list("item_id", "spent_on", "amount")
    )
    lines = []
    unknown_words = set()
    for row, values in rows:
        line = _import_row(programme, items_by_name, row, values, errors)
        pnil = values.get("pnil", "").strip()
        if pnil.lower() not in _YES | _NO:
            unknown_words.add(pnil)
        if line is None:
            continue
        key = (line.item.pk, line.spent_on, line.amount)
        if key in existing:
            errors.add(
                _("deze besteding (onderdeel, datum en bedrag) staat er al."),
                row=row,
                column="bedrag",
                value=values["bedrag"],
            )
            continue
        existing.add(key)
        lines.append(line)
    if not rows:
        errors.add(_("het bestand bevat geen bestedingen."))
    texts = {str(row): values.get("omschrijving", "") for row, values in rows}
    for row, words in pupil_mentions(school=programme.school, texts=texts).items():
        errors.add(pupil_mention_message(words), row=int(row), column="omschrijving")
    if unknown_words:
        errors.mapping_hint = MappingHint(missing=[], columns=[], words=unknown_words)
    return lines


def spending_file_read(
    *, programme: Programme, data: bytes, filename: str, mapping: Mapping | None = None
) -> SpendingFile:
    """Read and check the administration's export (onderdeel; datum; bedrag; pnil; optional omschrijving) with
    `mapping`, else the school's saved mapping; raises ImportErrors listing every error. Writes nothing."""
    if mapping is None:
        mapping = import_mapping_for(school=programme.school, kind=MappingKind.SPENDING)
    table = read_table(
        data, filename, required=IMPORT_REQUIRED, optional=IMPORT_OPTIONAL, mapping=mapping, words_in={"pnil"}
    )
    errors = ImportErrors()
    lines = _check_rows(programme, table.rows, errors)
    errors.raise_if_any()
    return SpendingFile(
        rows=table.rows,
        lines=lines,
        filename=filename,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        warnings=table.warnings,
        ignored=[c for c in table.columns if c and c not in table.known],
    )


def spending_file_from_dict(checked: dict) -> SpendingFile:
    """A file checked at the preview (`SpendingFile.as_dict`); `spending_file_write` checks its rows again."""
    return SpendingFile(
        rows=[(int(row), {str(k): str(v) for k, v in values.items()}) for row, values in checked["rows"]],
        lines=[],
        filename=str(checked["filename"]),
        size=int(checked["size"]),
        sha256=str(checked["sha256"]),
        warnings=list(checked["warnings"]),
        ignored=list(checked["ignored"]),
    )


@transaction.atomic
def spending_file_write(*, programme: Programme, user, checked: SpendingFile) -> list[Spending]:
    """Record every line of a checked file, or none (CONTRACT §1). The rows are checked again under the
    programme's lock, so a line recorded meanwhile (same item, date and amount) refuses the file."""
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    errors = ImportErrors()
    lines = _check_rows(programme, checked.rows, errors)
    errors.raise_if_any()
    for line in lines:
        line.created_by = user
    Spending.objects.bulk_create(lines)
    audit_record(
        user=user,
        school=programme.school,
        action="programme.spending_import",
        summary=_("%(n)s bestedingen ingelezen uit %(file)s") % {"n": len(lines), "file": checked.filename},
        target=programme,
        data={
            "file": checked.filename,
            "size": checked.size,
            "sha256": checked.sha256,
            "rows": len(lines),
            "warnings": checked.warnings,
        },
    )
    return lines


def spending_import(
    *, programme: Programme, user, data: bytes, filename: str, mapping: Mapping | None = None
) -> list[Spending]:
    """Read, check and record a file in one go (every line or none). A line already recorded (same item, date
    and amount) is refused, so importing a file twice adds nothing."""
    checked = spending_file_read(programme=programme, data=data, filename=filename, mapping=mapping)
    return spending_file_write(programme=programme, user=user, checked=checked)

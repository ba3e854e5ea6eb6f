"""Writes of the money spent on a programme's items (typed in by the directeur, or imported). Recording spending is
not changing the plan: the programme keeps its status and version. Every write leaves an audit entry."""

import datetime
import hashlib
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from npo_planner.lib.dutch_numbers import parse_dutch_number
from npo_planner.lib.import_errors import ImportErrors
from npo_planner.lib.tabular import read_table
from npo_planner.programma import selectors
from npo_planner.programma.budget import euro
from npo_planner.programma.models import Item, Programme, Spending
from npo_planner.scholen.models import SchoolYear
from npo_planner.scholen.pupil_mentions import pupil_mention_message, pupil_mentions, refuse_pupil_mentions
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


@transaction.atomic
def spending_import(*, programme: Programme, user, data: bytes, filename: str) -> list[Spending]:
    """Read the administration's export (onderdeel; datum; bedrag; pnil; optional omschrijving) and record every
    line, or none: any error refuses the whole file with every error listed (CONTRACT §1). A line already recorded
    (same item, date and amount) is refused, so importing a file twice adds nothing."""
    table = read_table(data, filename, required=IMPORT_REQUIRED, optional=IMPORT_OPTIONAL)
    items_by_name: dict[str, object] = {}
    for item in programme.items.all():
        key = item.name.strip().lower()
        items_by_name[key] = _AMBIGUOUS if key in items_by_name else item
    existing = set(
        Spending.objects.filter(item__programme=programme).values_list("item_id", "spent_on", "amount")
    )
    errors = ImportErrors()
    lines = []
    for row, values in table.rows:
        line = _import_row(programme, items_by_name, row, values, errors)
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
    if not table.rows:
        errors.add(_("het bestand bevat geen bestedingen."))
    texts = {str(row): values.get("omschrijving", "") for row, values in table.rows}
    for row, words in pupil_mentions(school=programme.school, texts=texts).items():
        errors.add(pupil_mention_message(words), row=int(row), column="omschrijving")
    errors.raise_if_any()
    for line in lines:
        line.created_by = user
    Spending.objects.bulk_create(lines)
    audit_record(
        user=user,
        school=programme.school,
        action="programme.spending_import",
        summary=_("%(n)s bestedingen ingelezen uit %(file)s") % {"n": len(lines), "file": filename},
        target=programme,
        data={
            "file": filename,
            "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
            "rows": len(lines),
            "warnings": table.warnings,
        },
    )
    return lines

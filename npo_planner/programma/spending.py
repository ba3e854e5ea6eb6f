"""Writes of the money spent on a programme's items (typed in by the directeur, or imported). Recording spending is
not changing the plan: the programme keeps its status and version. Every write leaves an audit entry."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from npo_planner.programma.models import Item, Programme, Spending
from npo_planner.scholen.models import SchoolYear
from npo_planner.scholen.pupil_mentions import refuse_pupil_mentions
from npo_planner.scholen.services import audit_record


def _date_problem(programme: Programme, spent_on: datetime.date) -> str | None:
    """Why this date cannot carry spending of this programme (Dutch), or None."""
    first, last = programme.first_year.start, programme.second_year.end
    if spent_on > timezone.localdate():
        return _("De datum %(date)s ligt in de toekomst.") % {"date": spent_on.strftime("%d-%m-%Y")}
    if spent_on < first or spent_on > last:
        return _("De datum %(date)s valt buiten de looptijd van het programma (%(a)s – %(b)s).") % {
            "date": spent_on.strftime("%d-%m-%Y"),
            "a": first.strftime("%d-%m-%Y"),
            "b": last.strftime("%d-%m-%Y"),
        }
    return None


def year_of(programme: Programme, spent_on: datetime.date) -> SchoolYear:
    """The programme's school year the date falls in (the date was checked to lie within the programme)."""
    return programme.first_year if spent_on <= programme.first_year.end else programme.second_year


@transaction.atomic
def spending_record(
    *, item: Item, user, spent_on: datetime.date, amount: Decimal, external_hire: bool, description: str = ""
) -> Spending:
    item = Item.objects.select_related(
        "programme__school", "programme__first_year", "programme__second_year"
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
        summary=_("Besteding op '%(name)s' vastgelegd: € %(amount)s op %(date)s")
        % {
            "name": item.name,
            "amount": f"{amount:.2f}".replace(".", ","),
            "date": spent_on.strftime("%d-%m-%Y"),
        },
        target=spending,
        data={"amount": str(amount), "external_hire": external_hire, "spent_on": spent_on.isoformat()},
    )
    return spending


@transaction.atomic
def spending_delete(*, spending: Spending, user) -> None:
    school = spending.item.programme.school
    summary = _("Besteding op '%(name)s' van € %(amount)s op %(date)s verwijderd") % {
        "name": spending.item.name,
        "amount": f"{spending.amount:.2f}".replace(".", ","),
        "date": spending.spent_on.strftime("%d-%m-%Y"),
    }
    data = {"amount": str(spending.amount), "spent_on": spending.spent_on.isoformat()}
    Spending.objects.filter(pk=spending.pk).delete()
    audit_record(
        user=user, school=school, action="programme.spending_delete", summary=summary, target=None, data=data
    )

"""Writes of the menukaart: a school's own interventions and its shortlist. Each leaves an audit entry."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from menukaart.models import ConsideredIntervention, Intervention
from npo_planner.lib.edit_conflict import lock_for_edit
from npo_planner.scholen.services import audit_record

OWN_FIELDS = [
    "goal_area",
    "combined_with",
    "name",
    "summary",
    "description",
    "school_type",
    "asks_staff",
    "asks_time",
    "asks_space",
    "practical",
    "links",
]


def _summary_data(intervention: Intervention) -> dict:
    result = intervention.checklist_result
    return {
        "name": intervention.name,
        "unclear": [p.key for p in result.unclear],
        "doubtful": result.doubtful,
    }


@transaction.atomic
def own_intervention_create(*, school, user, values: dict, checklist: dict) -> Intervention:
    intervention = Intervention(school=school, created_by=user, checklist=checklist)
    for name in OWN_FIELDS:
        setattr(intervention, name, values.get(name, "") or "")
    intervention.full_clean()
    intervention.save()
    audit_record(
        user=user,
        school=school,
        action="menukaart.own_create",
        summary=_("Eigen interventie toegevoegd: %(name)s") % {"name": intervention.name},
        target=intervention,
        data=_summary_data(intervention),
    )
    return intervention


@transaction.atomic
def own_intervention_update(
    *, intervention: Intervention, user, values: dict, checklist: dict, version: int
) -> Intervention:
    """Save the edit unless someone saved in between (`EditConflict`, optimistic locking on `version`)."""
    if intervention.school_id is None:
        raise ValidationError(_("Een menukaart-item wordt in het beheer gewijzigd, niet door een school."))
    intervention = lock_for_edit(
        Intervention.objects.filter(pk=intervention.pk),
        seen=version,
        message=_(
            "Iemand anders heeft deze interventie intussen gewijzigd. Open de pagina opnieuw; "
            "uw wijzigingen zijn niet opgeslagen."
        ),
    )
    for name in OWN_FIELDS:
        setattr(intervention, name, values.get(name, "") or "")
    intervention.checklist = checklist
    intervention.full_clean()
    intervention.save()
    audit_record(
        user=user,
        school=intervention.school,
        action="menukaart.own_update",
        summary=_("Eigen interventie gewijzigd: %(name)s") % {"name": intervention.name},
        target=intervention,
        data=_summary_data(intervention),
    )
    return intervention


@transaction.atomic
def own_intervention_delete(*, intervention: Intervention, user) -> None:
    if intervention.school_id is None:
        raise ValidationError(_("Een menukaart-item wordt in het beheer verwijderd, niet door een school."))
    audit_record(
        user=user,
        school=intervention.school,
        action="menukaart.own_delete",
        summary=_("Eigen interventie verwijderd: %(name)s") % {"name": intervention.name},
        target=intervention,
    )
    intervention.delete()


@transaction.atomic
def consideration_set(*, school, school_year, intervention: Intervention, user, considered: bool) -> bool:
    """Put the intervention on (or take it off) the school's shortlist for the year; True when it changed."""
    if intervention.school_id not in (None, school.pk):
        raise ValidationError(_("Deze interventie hoort niet bij deze school."))
    existing = ConsideredIntervention.objects.filter(
        school=school, school_year=school_year, intervention=intervention
    )
    if considered and not existing.exists():
        item = ConsideredIntervention(
            school=school, school_year=school_year, intervention=intervention, added_by=user
        )
        item.full_clean()
        item.save()
        summary = _("Interventie overwogen: %(name)s")
    elif not considered and existing.exists():
        existing.delete()
        summary = _("Interventie niet meer overwogen: %(name)s")
    else:
        return False
    audit_record(
        user=user,
        school=school,
        action="menukaart.consider" if considered else "menukaart.unconsider",
        summary=summary % {"name": intervention.name},
        target=intervention,
        data={"school_year": school_year.label},
    )
    return True


@transaction.atomic
def figures_sync(*, intervention: Intervention) -> None:
    """Make the newest figure set the item's current figures (after an administrator edits the sets)."""
    newest = intervention.figure_sets.order_by("-date").first()
    if newest is None:
        return
    Intervention.objects.filter(pk=intervention.pk).update(
        impact_months=newest.impact_months,
        evidence=newest.evidence,
        cost=newest.cost,
        figures_source=newest.source,
        figures_date=newest.date,
    )

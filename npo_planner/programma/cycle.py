"""The programme's step on the dashboard's yearly cycle (order 50): status, MR and GMR decisions, budget use, and
once consented how far its items are evaluated."""

from django.urls import reverse
from django.utils.translation import gettext as _

from npo_planner.programma import selectors
from npo_planner.programma.models import Programme, Submission
from npo_planner.programma.templatetags.programma_tags import euro
from npo_planner.scholen.registry import CycleStep


def _consent_lines(latest: Submission | None) -> list[str]:
    """Per council that decides on the latest version: its decision, or that the version waits for it."""
    if latest is None:
        return [_("Nog niet ter instemming voorgelegd.")]
    lines = []
    for d in latest.council_decisions():
        values = {"council": d["council"], "d": d["label"], "n": latest.number}
        if d["awaited"]:
            lines.append(_("Versie %(n)s ligt ter instemming bij de %(council)s.") % values)
        elif d["superseded"]:
            lines.append(
                _("%(council)s: %(d)s (versie %(n)s), geldt niet voor het programma zoals het nu is") % values
            )
        else:
            lines.append(_("%(council)s: %(d)s (versie %(n)s)") % values)
    return lines


def programme_steps(*, school, school_year, role) -> list[CycleStep]:
    url = reverse("programma:index", kwargs={"brin": school.brin})
    programme = selectors.programme_for(school=school, school_year=school_year)
    if programme is None:
        return [
            CycleStep(
                title=_("Schoolprogramma"), state="todo", status=_("Nog geen schoolprogramma."), url=url
            )
        ]
    items = selectors.items_of(programme)
    budget = selectors.programme_budget(programme=programme, items=items)
    latest = selectors.latest_submission(programme)
    state = {
        Programme.Status.APPROVED: "done",
        Programme.Status.SUBMITTED: "busy",
    }.get(programme.status, "busy" if items else "todo")
    details = [
        *_consent_lines(latest),
        _("%(planned)s gepland van %(budget)s NPO-budget")
        % {
            "planned": euro(budget.planned_total),
            "budget": euro(budget.allocation_total),
        },
    ]
    if budget.over_budget:
        details.append(_("Let op: meer gepland dan het budget."))
    if programme.status == Programme.Status.APPROVED and items:
        # carrying it out: how far the school has evaluated what it does (items_of loaded the outcomes)
        results = selectors.first_results(items)
        details.append(
            _("Evaluatie: %(e)s van %(t)s onderdelen geëvalueerd")
            % {"e": results["evaluated"], "t": results["total"]}
        )
    return [
        CycleStep(
            title=_("Schoolprogramma"),
            state=state,
            status=_("%(status)s · %(years)s")
            % {"status": programme.get_status_display(), "years": programme.years_label},
            url=url,
            details=details,
        )
    ]

"""The programme's step on the dashboard's yearly cycle (order 50): status, MR decision, budget use."""

from django.urls import reverse
from django.utils.translation import gettext as _

from npo_planner.programma import selectors
from npo_planner.programma.models import Programme, Submission
from npo_planner.programma.templatetags.programma_tags import euro
from npo_planner.scholen.registry import CycleStep


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
    if latest is None:
        mr = _("Nog niet aan de MR voorgelegd.")
    elif latest.decision == Submission.Decision.PENDING:
        mr = _("Versie %(n)s ligt ter instemming bij de MR.") % {"n": latest.number}
    else:
        mr = _("MR: %(d)s (versie %(n)s)") % {"d": latest.get_decision_display(), "n": latest.number}
    details = [
        mr,
        _("%(planned)s gepland van %(budget)s NPO-budget")
        % {
            "planned": euro(budget.planned_total),
            "budget": euro(budget.allocation_total),
        },
    ]
    if budget.over_budget:
        details.append(_("Let op: meer gepland dan het budget."))
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

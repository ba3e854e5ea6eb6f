"""The dashboard's cycle step for parent surveys (register_cycle order 40)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from npo_planner.scholen.registry import CycleStep
from ouderbetrokkenheid.selectors import cycle_summary


def cycle_steps(*, school, school_year, role) -> list[CycleStep]:
    summary = cycle_summary(school=school, school_year=school_year)
    n_surveys, n_open = summary["n_surveys"], summary["n_open"]
    if n_surveys == 0:
        state, status = "todo", _("Nog geen ouderpeiling dit schooljaar.")
    elif n_open:
        state = "busy"
        status = ngettext(
            "%(n)d peiling, waarvan %(o)d open.", "%(n)d peilingen, waarvan %(o)d open.", n_surveys
        ) % {
            "n": n_surveys,
            "o": n_open,
        }
    else:
        state = "done"
        status = ngettext("%(n)d peiling, gesloten.", "%(n)d peilingen, alle gesloten.", n_surveys) % {
            "n": n_surveys
        }
    details = [
        ngettext("%(n)d respondent", "%(n)d respondenten", summary["n_respondents"])
        % {"n": summary["n_respondents"]},
        ngettext(
            "%(n)d afspraak over ouderbetrokkenheid",
            "%(n)d afspraken over ouderbetrokkenheid",
            summary["n_agreements"],
        )
        % {"n": summary["n_agreements"]},
    ]
    return [
        CycleStep(
            title=_("Ouderbetrokkenheid"),
            state=state,
            status=status,
            url=reverse("ouderbetrokkenheid:index", kwargs={"brin": school.brin}),
            details=details,
        )
    ]

"""The menukaart's step on the dashboard (registered with order 20)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from menukaart import checklist, selectors
from npo_planner.scholen.registry import CycleStep


def menukaart_steps(*, school, school_year, role) -> list[CycleStep]:
    counts = selectors.cycle_counts(school=school, school_year=school_year)
    n = counts["considered"]
    if n:
        state = "done"
        status = ngettext(
            "%(n)s interventie overwogen voor het schoolprogramma",
            "%(n)s interventies overwogen voor het schoolprogramma",
            n,
        ) % {"n": n}
    else:
        state = "todo"
        status = _("Nog geen interventies overwogen")
    details = []
    n_own = counts["own"]
    if n_own:
        doubtful = sum(1 for data in counts["own_checklists"] if checklist.evaluate(data).doubtful)
        details.append(
            ngettext("%(n)s eigen interventie", "%(n)s eigen interventies", n_own) % {"n": n_own}
            + (
                ngettext(", waarvan %(d)s twijfelachtig", ", waarvan %(d)s twijfelachtig", doubtful)
                % {"d": doubtful}
                if doubtful
                else ""
            )
        )
    return [
        CycleStep(
            title=_("Menukaart"),
            state=state,
            status=status,
            url=reverse("menukaart:index", kwargs={"brin": school.brin}),
            details=details,
        )
    ]

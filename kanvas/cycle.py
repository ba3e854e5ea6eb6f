"""The KanVAS step of the yearly cycle on the dashboard (at most three queries). The Inspectie's yearly safety
measurement counts as done only with a validated instrument the school recorded (kanvas.safety.inspectie_status)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kanvas.models import FollowUp
from kanvas.pupil_reads import OPEN_STATUSES
from kanvas.safety import inspectie_status
from kanvas.selectors import moments_for
from npo_planner.scholen.registry import CycleStep
from npo_planner.scholen.roles import MANAGEMENT, PUPIL_LEVEL


def kanvas_steps(*, school, school_year, role) -> list[CycleStep]:
    moments = moments_for(school=school, school_year=school_year)
    status = inspectie_status(school=school, school_year=school_year)
    measured = ", ".join(m.label for m in status["measurements"])
    safety = status["met"]
    if safety:
        line = _("Sociale veiligheidslijst (Inspectie): gedaan (%(m)s)") % {"m": measured}
    elif measured:
        line = _(
            "Sociale veiligheidslijst (Inspectie): niet aangetoond — gegevens van %(m)s, maar geen gevalideerd "
            "instrument vastgelegd"
        ) % {"m": measured}
    else:
        line = _("Sociale veiligheidslijst (Inspectie): ontbreekt")
    details = [
        _("Meetmomenten ingelezen: %(m)s") % {"m": ", ".join(moments)}
        if moments
        else _("Nog geen meetmoment ingelezen dit schooljaar"),
        line,
    ]
    if role in MANAGEMENT:
        n_open = FollowUp.objects.filter(school=school, status__in=OPEN_STATUSES).count()
        details.append(
            ngettext("%(n)s open vervolgactie", "%(n)s open vervolgacties", n_open) % {"n": n_open}
        )
    if len(moments) >= 2 and safety:
        state, status = "done", _("Twee meetmomenten en de veiligheidslijst zijn ingelezen")
    elif moments:
        state, status = (
            "busy",
            _("Eén meetmoment ingelezen") if len(moments) == 1 else _("Veiligheidslijst ontbreekt"),
        )
    else:
        state, status = "todo", _("Nog geen KanVAS-resultaten dit schooljaar")
    url = reverse("kanvas:index", args=[school.brin]) if role in PUPIL_LEVEL else ""
    return [CycleStep(title=_("KanVAS-monitoring"), state=state, status=status, url=url, details=details)]

"""The dashboard's card for a decision on the programme (registered first in the cycle): to an MR member when a
version awaits the MR, to the board when it awaits the GMR, to the directeur when a version awaits a council and
when a council decided (a refusal until the programme is sent again; a consent for two weeks)."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from npo_planner.programma import selectors
from npo_planner.programma.models import Council, Programme, Submission
from npo_planner.scholen.registry import CycleStep
from npo_planner.scholen.roles import Role

CONSENT_SHOWN = datetime.timedelta(days=14)
COUNCIL_OF_ROLE = {Role.MR: Council.MR, Role.BESTUUR: Council.GMR}


def _decide_url(programme: Programme, council: Council) -> str:
    if council == Council.GMR:
        return reverse("bestuur:gmr_decide", kwargs={"programme_id": programme.pk})
    return reverse("programma:decide", kwargs={"brin": programme.school.brin, "programme_id": programme.pk})


def _awaiting_card(programme: Programme, latest: Submission, council: Council) -> CycleStep:
    values = {"n": latest.number, "council": council.label, "day": _day(latest.submitted_at)}
    return CycleStep(
        title=_("Besluit van de %(council)s") % values,
        state="todo",
        status=_(
            "Uw besluit wordt gevraagd: versie %(n)s van het schoolprogramma wacht sinds %(day)s op het besluit "
            "van de %(council)s."
        )
        % values,
        url=_decide_url(programme, council),
        details=[_("Op de pagina van het besluit staat wat er is veranderd sinds de vorige versie.")]
        if latest.number > 1
        else [],
    )


def _day(moment) -> str:
    day = timezone.localdate(moment) if isinstance(moment, datetime.datetime) else moment
    return f"{day.day}-{day.month}-{day.year}"


def _directeur_cards(programme: Programme, latest: Submission) -> list[CycleStep]:
    url = reverse("programma:detail", kwargs={"brin": programme.school.brin, "programme_id": programme.pk})
    awaited = selectors.awaited_councils(programme, latest)
    if awaited:
        status = _("Versie %(n)s wacht op het besluit van de %(councils)s.") % {
            "n": latest.number,
            "councils": _(" en de ").join(str(c.label) for c in awaited),
        }
        return [CycleStep(title=_("Ter instemming"), state="busy", status=status, url=url)]
    cards = []
    for d in latest.council_decisions():
        values = {
            "council": d["council"],
            "n": latest.number,
            "day": _day(d["decided_on"]) if d["decided_on"] else "",
        }
        if d["decision"] == Submission.Decision.REFUSED:  # latest version refused: not sent again yet
            status = _("De %(council)s stemde op %(day)s niet in met versie %(n)s.") % values
            details = [d["remarks"]] if d["remarks"] else []
            cards.append(CycleStep(_("Besluit genomen"), "todo", status, url, details))
        elif (
            d["decision"] == Submission.Decision.CONSENT
            and d["decided_on"]
            and timezone.localdate() - d["decided_on"] <= CONSENT_SHOWN
        ):
            status = _("De %(council)s stemde op %(day)s in met versie %(n)s.") % values
            cards.append(CycleStep(_("Besluit genomen"), "done", status, url))
    return cards


def decision_steps(*, school, school_year, role) -> list[CycleStep]:
    """At most one query for the programme and one for its latest version."""
    if role not in (Role.MR, Role.BESTUUR, Role.DIRECTEUR):
        return []
    programme = selectors.programme_for(school=school, school_year=school_year)
    if programme is None:
        return []
    latest = selectors.latest_submission(programme)
    if latest is None:
        return []
    if role == Role.DIRECTEUR:
        return _directeur_cards(programme, latest)
    council = COUNCIL_OF_ROLE[role]
    if council in selectors.awaited_councils(programme, latest):
        return [_awaiting_card(programme, latest, council)]
    return []

"""What KanVAS holds about one pupil, for the school's right-of-access export (npo_planner.scholen.pupil_data).

Sociogram choices are given as counts: the codes of the classmates chosen or choosing are their data, not this
pupil's.
"""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from kanvas.models import Answer, FollowUp, Participation, ScaleScore


def scores(pupil) -> list[dict]:
    rows = ScaleScore.objects.filter(participation__pupil=pupil).select_related(
        "participation__moment", "participation__group", "scale__questionnaire"
    )
    return [
        {
            _("meetmoment"): s.participation.moment.label,
            _("groep"): s.participation.group.name,
            _("vragenlijst"): s.scale.questionnaire.code,
            _("schaal"): f"{s.scale.code} {s.scale.name}",
            _("score"): "" if s.score is None else f"{s.score:.1f}".replace(".", ","),
            _("opvallend"): _("ja") if s.signal else _("nee"),
        }
        for s in rows.order_by("participation__moment__sort_key", "scale__questionnaire__code", "scale__code")
    ]


def answers(pupil) -> list[dict]:
    rows = Answer.objects.filter(participation__pupil=pupil).select_related(
        "participation__moment", "item__questionnaire"
    )
    return [
        {
            _("meetmoment"): a.participation.moment.label,
            _("vragenlijst"): a.item.questionnaire.code,
            _("vraag"): a.item.code,
            _("antwoord"): "" if a.value is None else a.value,
        }
        for a in rows.order_by("participation__moment__sort_key", "item__questionnaire__code", "item__code")
    ]


def sociogram(pupil) -> list[dict]:
    rows = (
        Participation.objects.filter(pupil=pupil)
        .select_related("moment")
        .annotate(
            made_positive=Count("choices_made", filter=Q(choices_made__positive=True), distinct=True),
            made_negative=Count("choices_made", filter=Q(choices_made__positive=False), distinct=True),
            received_positive=Count(
                "choices_received", filter=Q(choices_received__positive=True), distinct=True
            ),
            received_negative=Count(
                "choices_received", filter=Q(choices_received__positive=False), distinct=True
            ),
        )
        .order_by("moment__sort_key")
    )
    return [
        {
            _("meetmoment"): p.moment.label,
            _("positieve keuzes gemaakt"): p.made_positive,
            _("negatieve keuzes gemaakt"): p.made_negative,
            _("positief gekozen door"): p.received_positive,
            _("negatief gekozen door"): p.received_negative,
        }
        for p in rows
    ]


def followups(pupil) -> list[dict]:
    rows = FollowUp.objects.filter(pupil=pupil).select_related("owner", "moment").order_by("created_at")
    return [
        {
            _("aangemaakt"): f.created_at.isoformat(timespec="minutes"),
            _("actie"): f.get_action_display(),
            _("notitie"): f.note,
            _("eigenaar"): f.owner.username if f.owner else "",
            _("status"): f.get_status_display(),
        }
        for f in rows
    ]

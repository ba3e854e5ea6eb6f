"""What KanVAS holds about one pupil, for the school's right-of-access export (npo_planner.scholen.pupil_data).

Sociogram choices are given as counts: the codes of the classmates chosen or choosing are their data, not this
pupil's.
"""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from kanvas.models import FollowUp, Item, Participation, Response
from kanvas.stored_scores import scale_results, scales_where


def scores(pupil) -> list[dict]:
    rows = scale_results(
        scales_where(),
        ["participation__moment__label", "participation__moment__sort_key", "participation__group__name"],
        participation__pupil=pupil,
    )
    return [
        {
            _("meetmoment"): label,
            _("groep"): group,
            _("vragenlijst"): scale.questionnaire.code,
            _("schaal"): f"{scale.code} {scale.name}",
            _("score"): "" if result.score is None else f"{result.score:.1f}".replace(".", ","),
            _("opvallend"): _("ja") if result.signal else _("nee"),
        }
        for label, _sort, group, scale, result in sorted(
            rows, key=lambda r: (r[1], r[3].questionnaire.code, r[3].code)
        )
    ]


def answers(pupil) -> list[dict]:
    items = {
        item.id: item
        for item in Item.objects.select_related("questionnaire").order_by("questionnaire", "code")
    }
    rows = Response.objects.filter(participation__pupil=pupil).values_list(
        "participation__moment__label", "participation__moment__sort_key", "answers"
    )
    found = [
        (sort_key, items[item_id].questionnaire.code, items[item_id].code, label, value)
        for label, sort_key, given in rows
        for item_id, value in given.items()
        if item_id in items
    ]
    return [
        {
            _("meetmoment"): label,
            _("vragenlijst"): questionnaire,
            _("vraag"): code,
            _("antwoord"): "" if value is None else value,
        }
        for _sort, questionnaire, code, label, value in sorted(found, key=lambda r: r[:3])
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
    rows = (
        FollowUp.objects.filter(pupil=pupil)
        .select_related("owner", "moment")
        .prefetch_related("notes")
        .order_by("created_at")
    )
    return [
        {
            _("aangemaakt"): f.created_at.isoformat(timespec="minutes"),
            _("actie"): f.get_action_display(),
            _("notitie"): f.note,
            _("eigenaar"): f.owner.username if f.owner else "",
            _("status"): f.get_status_display(),
            _("uiterlijk op"): f.due.isoformat() if f.due else "",
            _("afgerond op"): f.closed_at.isoformat(timespec="minutes") if f.closed_at else "",
            _("notities"): " | ".join(
                f"{n.at.isoformat(timespec='minutes')}: {n.text}" for n in f.notes.all()
            ),
        }
        for f in rows
    ]

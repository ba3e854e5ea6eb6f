"""Pupil-level reads for the KanVAS pages of school staff (never for other apps, bestuur or MR).

The views check who may see which group or pupil (npo_planner.scholen.access.teacher_group_ids) before calling
these. Each function costs a fixed number of queries.
"""

from collections import defaultdict
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone

from kanvas.models import FollowUp, FollowUpStatus, Item, Participation, Response
from kanvas.safety import INCIDENT_FROM, INCIDENT_SCALE
from kanvas.scoring import change, load_instruments
from kanvas.selectors import concern_figures_suppressed
from kanvas.stored_scores import scale_results, scales_where
from npo_planner.scholen.models import Enrollment

OPEN_STATUSES = (FollowUpStatus.OPEN, FollowUpStatus.BUSY)
SCALE_ORDER = ("OS", "OV", "NI", "HS")  # seed 000: look at OS and OV first


def ordered_scales(codes) -> list[str]:
    codes = list(codes)
    return [c for c in SCALE_ORDER if c in codes] + [c for c in codes if c not in SCALE_ORDER]


def group_pupils(*, school, group, moment: str, compare: str | None) -> dict:
    """The group's pupils at `moment` with their leerling scale scores at both moments, change and signals, and
    the group's klassenzorgscore computed from the same scores (`concern`, None when no pupil of the group has a
    scored leerling questionnaire at `moment`), so the page's figures and its table always agree."""
    participations = list(
        Participation.objects.filter(moment__school=school, moment__label=moment, group=group)
        .select_related("pupil")
        .order_by("pupil__code")
    )
    pupil_ids = [p.pupil_id for p in participations]
    labels = [moment] + ([compare] if compare else [])
    scales = scales_where(questionnaire__code="leerling")
    scores = scale_results(
        scales,
        [
            "participation__pupil_id",
            "participation__moment__label",
            "participation__group__name",
            "participation__group__grade",
        ],
        participation__moment__school=school,
        participation__moment__label__in=labels,
        participation__pupil_id__in=pupil_ids,
    )
    by_pupil: dict[int, dict] = defaultdict(lambda: defaultdict(dict))
    group_before: dict[int, tuple[int, str]] = {}  # pupil id → (grade, name) of the group at `compare`
    codes: set[str] = set()
    for pupil_id, label, group_name, grade, scale, result in scores:
        codes.add(scale.code)
        key = "now" if label == moment else "before"
        by_pupil[pupil_id][scale.code][key] = (result.score, result.signal)
        if key == "before":
            group_before[pupil_id] = (grade, group_name)
    open_followups = defaultdict(int)
    for pupil_id in FollowUp.objects.filter(
        school=school, pupil_id__in=pupil_ids, status__in=OPEN_STATUSES
    ).values_list("pupil_id", flat=True):
        open_followups[pupil_id] += 1
    order = ordered_scales(codes)
    rows = []
    for participation in participations:
        cells = []
        signals = 0
        for code in order:
            now_score, now_signal = by_pupil[participation.pupil_id][code].get("now", (None, False))
            before_score, before_signal = by_pupil[participation.pupil_id][code].get("before", (None, False))
            signals += int(now_signal)
            cells.append(
                {
                    "code": code,
                    "now": now_score,
                    "now_signal": now_signal,
                    "before": before_score,
                    "before_signal": before_signal,
                    "change": change(now_score, before_score),
                }
            )
        rows.append(
            {
                "pupil": participation.pupil,
                "group_before": group_before.get(participation.pupil_id, (None, None))[1],
                "cells": cells,
                "signals": signals,
                "open_followups": open_followups[participation.pupil_id],
            }
        )
    rows.sort(key=lambda r: (-r["signals"], r["pupil"].code))
    concern_codes = [s.code for s in scales if s.in_concern_score]
    concern = _group_concern(participations, by_pupil, concern_codes, group_before)
    return {"scales": order, "rows": rows, "concern": concern}


def _scores_at(participations, by_pupil, codes: list[str], key: str) -> dict:
    return {
        p.pupil_id: {
            code: by_pupil[p.pupil_id][code][key] for code in codes if key in by_pupil[p.pupil_id][code]
        }
        for p in participations
    }


def _group_concern(participations, by_pupil, codes: list[str], group_before) -> dict | None:
    """The klassenzorgscore of the group's pupils now and of the same pupils at the compared moment, whatever
    group they were in then (kanvas.selectors' figures and suppression, as the overview shows them)."""
    n, score, scale_figures, suppressed = concern_figures_suppressed(
        _scores_at(participations, by_pupil, codes, "now"), codes
    )
    if not n:
        return None
    before = {
        pupil_id: scores
        for pupil_id, scores in _scores_at(participations, by_pupil, codes, "before").items()
        if any(score is not None for score, _signal in scores.values())
    }
    n_before, score_before, _scales_before, suppressed_before = concern_figures_suppressed(before, codes)
    return {
        "n": n,
        "score": score,
        "scales": scale_figures,
        "suppressed": suppressed,
        "previous_n": n_before or None,
        "previous": score_before if n_before else None,
        "previous_suppressed": suppressed_before if n_before else None,
        "previous_groups": [name for _grade, name in sorted({group_before[p] for p in before})],
        "change": change(score, score_before) if n_before else None,
    }


def pupil_groups(*, pupil, labels: list[str]) -> dict[str, str]:
    return dict(
        Participation.objects.filter(pupil=pupil, moment__label__in=labels).values_list(
            "moment__label", "group__name"
        )
    )


def pupil_profile(*, pupil, moment: str, compare: str | None) -> dict:
    """Scale scores of every questionnaire at both moments, and for the leerling scales that stand out (a signal
    at either moment) the answers per item beside the teacher's and the parent's answers on the same items."""
    labels = [moment] + ([compare] if compare else [])
    instruments = load_instruments()
    scores = defaultdict(dict)  # (questionnaire, scale) → {"now"/"before": (score, signal)}
    answers = {}  # ("now" or "before", item id) → value
    for label, given in Response.objects.filter(
        participation__pupil=pupil, participation__moment__label__in=labels
    ).values_list("participation__moment__label", "answers"):
        when = "now" if label == moment else "before"
        answers.update({(when, item_id): value for item_id, value in given.items()})
    for label, scale, result in scale_results(
        scales_where(),
        ["participation__moment__label"],
        participation__pupil=pupil,
        participation__moment__label__in=labels,
    ):
        scores[(scale.questionnaire.code, scale.code)]["now" if label == moment else "before"] = (
            result.score,
            result.signal,
        )
    texts = dict(Item.objects.values_list("id", "text"))

    questionnaires = []
    for q in instruments.values():
        scale_rows = []
        for scale in q.scales:
            entry = scores.get((q.code, scale.code))
            if not entry:
                continue
            now, before = entry.get("now", (None, False)), entry.get("before", (None, False))
            scale_rows.append(
                {
                    "code": scale.code,
                    "name": scale.name,
                    "kind": scale.kind,
                    "now": now[0],
                    "now_signal": now[1],
                    "before": before[0],
                    "before_signal": before[1],
                    "change": change(now[0], before[0]),
                }
            )
        if scale_rows:
            questionnaires.append({"code": q.code, "name": q.name, "scales": scale_rows})

    standing_out = []
    leerling = instruments.get("leerling")
    others = [instruments[c] for c in ("docent", "ouder") if c in instruments]
    if leerling:
        by_code = {s.code: s for s in leerling.scales}
        flagged = [
            code
            for code in ordered_scales(by_code)
            if any(v[1] for v in scores.get(("leerling", code), {}).values())
        ]
        for code in flagged:
            scale = by_code[code]
            other_scales = {o.code: next((s for s in o.scales if s.code == code), None) for o in others}
            items = []
            for position, item_id in enumerate(scale.item_ids):
                row = {
                    "text": texts.get(item_id, ""),
                    "reversed": item_id in scale.reversed_ids,
                    "answers": [answers.get(("before", item_id)), answers.get(("now", item_id))],
                }
                for other_code, other_scale in other_scales.items():
                    other_id = (
                        other_scale.item_ids[position]
                        if other_scale and position < len(other_scale.item_ids)
                        else None
                    )
                    row[other_code] = [answers.get(("before", other_id)), answers.get(("now", other_id))]
                items.append(row)
            standing_out.append(
                {
                    "code": code,
                    "name": scale.name,
                    "scores": {q: scores.get((q, code), {}) for q in ["leerling", *[o.code for o in others]]},
                    "items": items,
                }
            )
    return {
        "questionnaires": questionnaires,
        "standing_out": standing_out,
        "incidents": _incidents(instruments.get("veiligheid"), answers, texts),
    }


def _incidents(veiligheid, answers, texts) -> list[dict]:
    """The incident items (IN) the pupil answered with 3 or 4 at either moment: each is a signal in itself
    (CONTRACT §2), whatever the scale's mean."""
    if veiligheid is None:
        return []
    codes = {item_id: code for code, item_id in veiligheid.items.items()}
    rows = []
    for scale in veiligheid.scales:
        if scale.code != INCIDENT_SCALE:
            continue
        for item_id in scale.item_ids:
            before, now = answers.get(("before", item_id)), answers.get(("now", item_id))
            if any(v is not None and v >= INCIDENT_FROM for v in (before, now)):
                rows.append(
                    {"code": codes[item_id], "text": texts.get(item_id, ""), "answers": [before, now]}
                )
    return rows


def pupil_visible_to(*, pupil, group_ids: set[int] | None) -> bool:
    """A leerkracht sees a pupil who is (or was, at a moment) in one of own groups."""
    if group_ids is None:
        return True
    return (
        Enrollment.objects.filter(pupil=pupil, group_id__in=group_ids).exists()
        or Participation.objects.filter(pupil=pupil, group_id__in=group_ids).exists()
    )


def followups_of_year(followups, school_year):
    """The follow-ups that belong to the school year: made at one of its moments or, without a moment, during it.
    A leerkracht sees only these (her groups are that year's)."""
    if school_year is None:
        return followups.none()
    return followups.filter(
        Q(moment__school_year=school_year)
        | Q(
            moment__isnull=True,
            created_at__date__gte=school_year.start,
            created_at__date__lte=school_year.end,
        )
    )


SHOWN_STATES = {
    "open": OPEN_STATUSES,
    "afgerond": (FollowUpStatus.DONE,),
    "alle": (*OPEN_STATUSES, FollowUpStatus.DONE),
}


def open_followups(
    *, school, school_year, group_ids: set[int] | None = None, shown: str = "open", today=None
) -> list[dict]:
    """Follow-ups grouped by the pupil's group in the school year (4 queries), `shown` = "open", "afgerond" or
    "alle"; per group the number open and overdue. With `group_ids` (a leerkracht's) only those of pupils in these
    groups and of this school year. Overdue first, then by date."""
    today = today or timezone.localdate()
    followups = FollowUp.objects.filter(school=school, status__in=SHOWN_STATES[shown])
    if group_ids is not None:
        followups = followups_of_year(followups, school_year)
    followups = list(
        followups.select_related("pupil", "owner", "moment")
        .annotate(n_notes=Count("notes"))
        .order_by("pupil__code", "created_at")
    )
    groups = defaultdict(list)
    for pupil_id, group_id, name, grade in Enrollment.objects.filter(
        pupil_id__in=[f.pupil_id for f in followups], group__school_year=school_year
    ).values_list("pupil_id", "group_id", "group__name", "group__grade"):
        groups[pupil_id].append((grade, name, group_id))
    result = defaultdict(list)
    for followup in followups:
        placed = sorted(groups.get(followup.pupil_id, []))
        if group_ids is not None and not any(g[2] in group_ids for g in placed):
            continue
        followup.overdue = followup.is_overdue(today)
        key = (placed[0][0], placed[0][1]) if placed else (99, "")
        result[key].append(followup)
    return [
        {
            "group": name or None,
            "followups": sorted(items, key=lambda f: (not f.overdue, f.due or date.max, f.pupil.code)),
            "n_open": sum(1 for f in items if f.is_open),
            "n_overdue": sum(1 for f in items if f.overdue),
        }
        for (_grade, name), items in sorted(result.items())
    ]


def my_actions(*, school, user, today=None) -> list[FollowUp]:
    """The open follow-ups `user` owns in `school`: overdue first, then by date (those without a date last)."""
    today = today or timezone.localdate()
    actions = list(
        FollowUp.objects.filter(school=school, owner=user, status__in=OPEN_STATUSES).select_related("pupil")
    )
    for action in actions:
        action.overdue = action.is_overdue(today)
    return sorted(actions, key=lambda f: (not f.overdue, f.due or date.max, f.created_at))


def pupil_group_ids(*, pupil, school_year) -> set[int]:
    """The pupil's groups in the school year (their leerkrachten may own the pupil's follow-ups)."""
    if school_year is None:
        return set()
    return set(
        Enrollment.objects.filter(pupil=pupil, group__school_year=school_year).values_list(
            "group_id", flat=True
        )
    )


def signals_since(*, school, group_ids: set[int], moment: str, compare: str | None) -> dict[int, dict]:
    """Per group of `group_ids` measured at `moment`: {"signalled": pupils with a signal on a leerling scale then,
    "new": those of them without one at `compare` (following the pupils; not measured then counts as new, None
    without `compare`)}. The teacher's start page; three queries."""
    scales = scales_where(questionnaire__code="leerling")
    group_of = {}
    signalled = defaultdict(set)  # label → pupils with a signal
    for pupil_id, group_id, label, _scale, result in scale_results(
        scales,
        ["participation__pupil_id", "participation__group_id", "participation__moment__label"],
        participation__moment__school=school,
        participation__moment__label__in=[m for m in (moment, compare) if m],
        participation__pupil_id__in=Participation.objects.filter(
            moment__school=school, moment__label=moment, group_id__in=group_ids
        ).values("pupil_id"),
    ):
        if label == moment:
            group_of[pupil_id] = group_id
        if result.signal:
            signalled[label].add(pupil_id)
    result = {}
    for group_id in sorted(set(group_of.values())):
        now = {p for p in signalled[moment] if group_of.get(p) == group_id}
        result[group_id] = {
            "signalled": len(now),
            "new": len(now - signalled[compare]) if compare else None,
        }
    return result

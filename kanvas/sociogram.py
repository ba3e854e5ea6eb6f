"""Sociogram reads and the rules of CONTRACT §4 (pupil-level: for the KanVAS pages of staff only).

Per pupil and moment: positive and negative choices received and mutual positive choices. A pupil is
**valued differently** between two moments when positive choices received changed by 3 or more, fell to 0 from
1 or more, or negative choices received rose by 3 or more.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from kanvas.models import Nomination, Participation

CHANGE_LIMIT = 3


@dataclass
class PupilChoices:
    pupil_id: int
    code: str
    group: str
    group_id: int
    positive: int = 0
    negative: int = 0
    mutual: int = 0
    chose: list[str] = field(default_factory=list)  # codes chosen positively
    rejected: list[str] = field(default_factory=list)  # codes chosen negatively
    first_name: str = ""
    isolated: bool = False  # set by kanvas.sociogram_picture.group_network
    newly_isolated: bool = False


def choices_at(*, school, moment: str, group_ids: set[int] | None = None) -> dict[int, PupilChoices]:
    """{pupil id: PupilChoices} for every pupil of a group that has a sociogram at `moment` (two queries)."""
    nominations = Nomination.objects.filter(moment__school=school, moment__label=moment)
    if group_ids is not None:
        nominations = nominations.filter(chooser__group_id__in=group_ids)
    edges = list(nominations.values_list("chooser_id", "chosen_id", "positive"))
    participations = Participation.objects.filter(moment__school=school, moment__label=moment).filter(
        group_id__in=Nomination.objects.filter(moment__school=school, moment__label=moment).values(
            "chooser__group_id"
        )
    )
    if group_ids is not None:
        participations = participations.filter(group_id__in=group_ids)
    by_participation = {
        pk: PupilChoices(pupil_id=pupil_id, code=code, group=group, group_id=group_id, first_name=first_name)
        for pk, pupil_id, code, first_name, group, group_id in participations.values_list(
            "id", "pupil_id", "pupil__code", "pupil__first_name", "group__name", "group_id"
        )
    }
    positive_pairs = {(a, b) for a, b, positive in edges if positive}
    for chooser, chosen, positive in edges:
        target = by_participation.get(chosen)
        if target is None:
            continue
        if positive:
            target.positive += 1
            if (chosen, chooser) in positive_pairs:
                target.mutual += 1
            source = by_participation.get(chooser)
            if source is not None:
                source.chose.append(target.code)
        else:
            target.negative += 1
            source = by_participation.get(chooser)
            if source is not None:
                source.rejected.append(target.code)
    return {c.pupil_id: c for c in by_participation.values()}


def valued_differently(before: PupilChoices, after: PupilChoices) -> list[str]:
    """The reasons (Dutch) why the pupil is valued differently now; empty when not."""
    reasons = []
    if before.positive >= 1 and after.positive == 0:
        reasons.append(_("krijgt geen positieve keuzes meer (eerst %(n)s)") % {"n": before.positive})
    elif abs(after.positive - before.positive) >= CHANGE_LIMIT:
        reasons.append(
            _("positieve keuzes van %(a)s naar %(b)s") % {"a": before.positive, "b": after.positive}
        )
    if after.negative - before.negative >= CHANGE_LIMIT:
        reasons.append(
            _("negatieve keuzes van %(a)s naar %(b)s") % {"a": before.negative, "b": after.negative}
        )
    return reasons


def changes_between(*, school, moment: str, compare: str, group_ids: set[int] | None = None) -> list[dict]:
    """Pupils valued differently at `moment` compared with `compare`, ordered by group and code."""
    now = choices_at(school=school, moment=moment, group_ids=group_ids)
    earlier = choices_at(school=school, moment=compare)
    result = []
    for pupil_id, after in now.items():
        before = earlier.get(pupil_id)
        if before is None:
            continue
        reasons = valued_differently(before, after)
        if reasons:
            result.append({"before": before, "after": after, "reasons": reasons})
    return sorted(result, key=lambda r: (r["after"].group, r["after"].code))


def pupil_choices(*, pupil, moment: str, compare: str | None) -> dict:
    """The pupil's received choices at both moments and the reasons it is valued differently (two queries)."""
    labels = [m for m in (moment, compare) if m]
    received = list(
        Nomination.objects.filter(chosen__pupil=pupil, moment__label__in=labels).values_list(
            "moment__label", "chooser__pupil_id", "positive"
        )
    )
    chose = set(
        Nomination.objects.filter(chooser__pupil=pupil, moment__label__in=labels, positive=True).values_list(
            "moment__label", "chosen__pupil_id"
        )
    )
    result = {}
    for label in labels:
        choices = PupilChoices(pupil_id=pupil.pk, code=pupil.code, group="", group_id=0)
        for moment_label, chooser, positive in received:
            if moment_label != label:
                continue
            if positive:
                choices.positive += 1
                choices.mutual += int((label, chooser) in chose)
            else:
                choices.negative += 1
        result[label] = choices
    has_data = {label for label, _c, _p in received} | {label for label, _c in chose}
    now = result.get(moment) if moment in has_data else None
    before = result.get(compare) if compare in has_data else None
    return {
        "now": now,
        "before": before,
        "reasons": valued_differently(before, now) if now and before else [],
    }


def sociogram_groups(*, school, moment: str, group_ids: set[int] | None = None) -> list[tuple[str, int]]:
    """(name, id) of the groups with a sociogram at `moment`, by name; only `group_ids` when given (one query)."""
    nominations = Nomination.objects.filter(moment__school=school, moment__label=moment)
    if group_ids is not None:
        nominations = nominations.filter(chooser__group_id__in=group_ids)
    return sorted(set(nominations.values_list("chooser__group__name", "chooser__group_id")))

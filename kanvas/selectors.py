"""Aggregate reads of KanVAS results: the contract with other apps (docs/conventions.md) and the group overview.

Aggregates only; a group (or school) figure that rests on fewer than 5 pupils is suppressed (None,
`suppressed: True`), and so is the next smallest group when the school total beside them would otherwise give the
small group away by subtraction (`npo_planner.lib.privacy.suppress_parts`; such a row has `complement: True`).
`hidden_label` is what a hidden row shows instead of its figures. Each function costs a fixed number of queries
whatever the number of groups and pupils.
"""

from collections import defaultdict

from kanvas.models import Moment, Participation
from kanvas.models import moment_parts as moment_parts  # for other apps: a label's year and season
from kanvas.scoring import change, concern_figures, is_notable_change
from kanvas.stored_scores import scale_results, scales_where
from npo_planner.lib.privacy import hidden_label, is_small, suppress_parts

SAFETY_SCALES = ("WB", "VB")  # welbevinden, veiligheidsbeleving (school_summary)


def moments_for(*, school, school_year) -> list[str]:
    """Moment labels of the school year that hold data, oldest first."""
    if school_year is None:
        return []
    return list(
        Moment.objects.filter(school=school, school_year=school_year)
        .order_by("sort_key")
        .values_list("label", flat=True)
    )


def all_moments(*, school) -> list[str]:
    return list(Moment.objects.filter(school=school).order_by("sort_key").values_list("label", flat=True))


def _concern_scores(school, moment: str, scales):
    """{group name: {"grade", "group_id", "pupils": {pupil id: {scale code: (score, signal)}}}}, codes."""
    rows = scale_results(
        [s for s in scales if s.in_concern_score],
        [
            "participation__group__name",
            "participation__group__grade",
            "participation__group_id",
            "participation__pupil_id",
        ],
        participation__moment__school=school,
        participation__moment__label=moment,
    )
    groups: dict[str, dict] = {}
    codes: list[str] = []
    for name, grade, group_id, pupil_id, scale, result in rows:
        group = groups.setdefault(name, {"grade": grade, "group_id": group_id, "pupils": defaultdict(dict)})
        group["pupils"][pupil_id][scale.code] = (result.score, result.signal)
        if scale.code not in codes:
            codes.append(scale.code)
    return groups, codes


def _figures(pupils, codes, hidden: bool = False):
    figures = concern_figures(pupils.values(), codes)
    if hidden or is_small(figures.n):
        return figures.n, None, dict.fromkeys(codes), True
    return figures.n, figures.score, figures.scales, False


def _concern_counts(groups: dict, codes) -> dict[str, int]:
    """Pupils with a concern score per group: the parts of the school total (`school_summary`)."""
    return {name: concern_figures(group["pupils"].values(), codes).n for name, group in groups.items()}


def _hidden_label(n: int, hidden: bool) -> str | None:
    return hidden_label(n) if hidden else None


def concern_figures_suppressed(pupils: dict, codes):
    """n, klassenzorgscore, percent per scale and whether suppressed, of {pupil: {scale code: (score, signal)}}:
    the figures of one group as the overview computes them (the group page uses it)."""
    return _figures(pupils, codes)


def group_members(*, school, moment: str) -> dict[str, set[int]]:
    """{group name: the ids of the pupils in that group at `moment`} (one query)."""
    members: dict[str, set[int]] = defaultdict(set)
    for name, pupil_id in Participation.objects.filter(
        moment__school=school, moment__label=moment
    ).values_list("group__name", "pupil_id"):
        members[name].add(pupil_id)
    return members


def followed_pupils(pupil_ids, before: dict[int, tuple[str, int, dict]]) -> tuple[dict, list[str]]:
    """The earlier scores of the pupils `pupil_ids` that have a scored questionnaire in `before` ({pupil id:
    (group name, grade, {scale code: (score, signal)})}), and the groups they were in then, by grade and name."""
    scores = {}
    groups = set()
    for pupil_id in pupil_ids:
        found = before.get(pupil_id)
        if found is None or not any(score is not None for score, _signal in found[2].values()):
            continue
        scores[pupil_id] = found[2]
        groups.add((found[1], found[0]))
    return scores, [name for _grade, name in sorted(groups)]


def _by_pupil(groups: dict) -> dict[int, tuple[str, int, dict]]:
    return {
        pupil_id: (name, group["grade"], scores)
        for name, group in groups.items()
        for pupil_id, scores in group["pupils"].items()
    }


def klassenzorgscore_per_group(*, school, moment: str, compare: str | None = None) -> list[dict]:
    """One dict per group with data at `moment`: n, klassenzorgscore, per scale the percent with a signal, and
    with `compare` the previous figures of the same pupils (the group's pupils at `moment` as measured at
    `compare`, whatever group they were in then: `previous_groups`) and the change. Groups under 5 pupils are
    hidden, and with them as many others as keep them from following out of the school total (`school_summary`);
    the same rule holds for the previous figures."""
    scales = scales_where()
    groups, codes = _concern_scores(school, moment, scales)
    previous_groups, previous_codes = _concern_scores(school, compare, scales) if compare else ({}, [])
    codes = codes or previous_codes
    hidden = suppress_parts(_concern_counts(groups, codes))
    before_by_pupil = _by_pupil(previous_groups)
    members = group_members(school=school, moment=moment) if compare else {}
    followed = (
        {name: followed_pupils(members.get(name, ()), before_by_pupil) for name in groups} if compare else {}
    )
    # The followed pupils are part of the whole school then (shown beside them), pupils since left are the rest.
    previous_hidden = suppress_parts(
        {
            name: concern_figures(before.values(), codes).n
            for name, (before, _g) in followed.items()
            if before
        },
        total=sum(_concern_counts(previous_groups, codes).values()),
    )
    result = []
    for name, group in sorted(groups.items(), key=lambda kv: (kv[1]["grade"], kv[0])):
        n, score, scales, suppressed = _figures(group["pupils"], codes, name in hidden)
        entry = {
            "group": name,
            "group_id": group["group_id"],
            "grade": group["grade"],
            "n": n,
            "score": score,
            "scales": scales,
            "suppressed": suppressed,
            "complement": suppressed and not is_small(n),
            "hidden_label": _hidden_label(n, suppressed),
            "previous": None,
            "previous_n": None,
            "previous_suppressed": None,
            "previous_label": None,
            "previous_groups": [],
            "change": None,
            "scale_changes": dict.fromkeys(codes),
            "notable": False,
        }
        if compare:
            before, before_groups = followed[name]
            if before:
                n_prev, score_prev, scales_prev, suppressed_prev = _figures(
                    before, codes, name in previous_hidden
                )
                entry.update(
                    previous=score_prev,
                    previous_n=n_prev,
                    previous_suppressed=suppressed_prev,
                    previous_label=_hidden_label(n_prev, suppressed_prev),
                    previous_groups=before_groups,
                )
                entry["change"] = change(score, score_prev)
                entry["scale_changes"] = {c: change(scales[c], scales_prev.get(c)) for c in codes}
                entry["notable"] = is_notable_change(entry["change"])
        result.append(entry)
    return result


def group_concern_for(*, school, group_names, moment: str) -> list[dict]:
    wanted = set(group_names)
    return [row for row in klassenzorgscore_per_group(school=school, moment=moment) if row["group"] in wanted]


def concern_scale_names() -> dict[str, str]:
    from kanvas.models import Scale

    return dict(
        Scale.objects.filter(in_concern_score=True).order_by("order", "code").values_list("code", "name")
    )


def _safety_means(school, moment: str, scales) -> dict[str, tuple[int, float | None]]:
    rows = scale_results(
        [s for s in scales if s.questionnaire.code == "veiligheid" and s.code in SAFETY_SCALES],
        [],
        participation__moment__school=school,
        participation__moment__label=moment,
    )
    sums: dict[str, list[float]] = defaultdict(list)
    for scale, result in rows:
        if result.score is not None:
            sums[scale.code].append(result.score)
    return {
        code: (len(sums[code]), sum(sums[code]) / len(sums[code]) if sums[code] else None)
        for code in SAFETY_SCALES
    }


def _school_concern(school, moment: str, scales):
    groups, codes = _concern_scores(school, moment, scales)
    pupils = {}
    for group in groups.values():
        pupils.update(group["pupils"])
    return concern_figures(pupils.values(), codes)


def school_summary(*, school, moment: str, compare: str | None = None) -> dict:
    """School-wide klassenzorgscore and the welbevinden and veiligheidsbeleving means, with their change."""
    scales = scales_where()
    current = _school_concern(school, moment, scales)
    safety = _safety_means(school, moment, scales)
    result = {
        "moment": moment,
        "compare": compare,
        "n": current.n,
        "suppressed": is_small(current.n),
        "klassenzorgscore": None if is_small(current.n) else current.score,
        "scales": dict.fromkeys(current.scales) if is_small(current.n) else current.scales,
    }
    for code, key in (("WB", "welbevinden"), ("VB", "veiligheidsbeleving")):
        n, mean = safety[code]
        result[key] = None if is_small(n) else mean
        result[f"{key}_n"] = n
    if compare:
        before = _school_concern(school, compare, scales)
        safety_before = _safety_means(school, compare, scales)
        result["klassenzorgscore_previous"] = None if is_small(before.n) else before.score
        result["klassenzorgscore_change"] = change(
            result["klassenzorgscore"], result["klassenzorgscore_previous"]
        )
        for code, key in (("WB", "welbevinden"), ("VB", "veiligheidsbeleving")):
            n, mean = safety_before[code]
            result[f"{key}_previous"] = None if is_small(n) else mean
            result[f"{key}_change"] = change(result[key], result[f"{key}_previous"])
    return result


def safety_per_group(*, school, moment: str, compare: str | None = None) -> dict:
    """Sociale veiligheidslijst per group and for the school (kanvas.safety): the shares of pupils who feel safe,
    are bullied and report any incident beside the scale means, with the change for the same pupils."""
    from kanvas.safety import safety_per_group as figures

    return figures(school=school, moment=moment, compare=compare)


def safety_moments(*, school, school_year) -> list[str]:
    """Moments of the school year with a Sociale veiligheidslijst: the Inspectie's yearly measurement."""
    if school_year is None:
        return []
    return list(
        Moment.objects.filter(
            school=school,
            school_year=school_year,
            participations__responses__questionnaire__code="veiligheid",
        )
        .order_by("sort_key")
        .values_list("label", flat=True)
        .distinct()
    )

"""Aggregate reads of KanVAS results: the contract with other apps (docs/conventions.md) and the group overview.

Aggregates only; a group (or school) figure that rests on fewer than 5 pupils is suppressed (None,
`suppressed: True`). Each function costs a fixed number of queries whatever the number of groups and pupils.
"""

from collections import defaultdict

from kanvas.models import Moment
from kanvas.scoring import change, concern_figures, is_notable_change
from kanvas.stored_scores import scale_results, scales_where
from npo_planner.lib.privacy import is_small

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
    """{group name: {"grade", "group_id", "pupils": {participation id: {scale code: (score, signal)}}}}, codes."""
    rows = scale_results(
        [s for s in scales if s.in_concern_score],
        [
            "participation__group__name",
            "participation__group__grade",
            "participation__group_id",
            "participation_id",
        ],
        participation__moment__school=school,
        participation__moment__label=moment,
    )
    groups: dict[str, dict] = {}
    codes: list[str] = []
    for name, grade, group_id, participation_id, scale, result in rows:
        group = groups.setdefault(name, {"grade": grade, "group_id": group_id, "pupils": defaultdict(dict)})
        group["pupils"][participation_id][scale.code] = (result.score, result.signal)
        if scale.code not in codes:
            codes.append(scale.code)
    return groups, codes


def _figures(pupils, codes):
    figures = concern_figures(pupils.values(), codes)
    if is_small(figures.n):
        return figures.n, None, dict.fromkeys(codes), True
    return figures.n, figures.score, figures.scales, False


def concern_figures_suppressed(pupils: dict, codes):
    """n, klassenzorgscore, percent per scale and whether suppressed, of {pupil: {scale code: (score, signal)}}:
    the figures of one group as the overview computes them (the group page uses it)."""
    return _figures(pupils, codes)


def klassenzorgscore_per_group(*, school, moment: str, compare: str | None = None) -> list[dict]:
    """One dict per group with data at `moment`: n, klassenzorgscore, per scale the percent with a signal, and
    with `compare` the previous score (same group name) and the change."""
    scales = scales_where()
    groups, codes = _concern_scores(school, moment, scales)
    previous_groups, previous_codes = _concern_scores(school, compare, scales) if compare else ({}, [])
    codes = codes or previous_codes
    result = []
    for name, group in sorted(groups.items(), key=lambda kv: (kv[1]["grade"], kv[0])):
        n, score, scales, suppressed = _figures(group["pupils"], codes)
        entry = {
            "group": name,
            "group_id": group["group_id"],
            "grade": group["grade"],
            "n": n,
            "score": score,
            "scales": scales,
            "suppressed": suppressed,
            "previous": None,
            "previous_n": None,
            "previous_suppressed": None,
            "change": None,
            "scale_changes": dict.fromkeys(codes),
            "notable": False,
        }
        if compare:
            before = previous_groups.get(name)
            if before is not None:
                n_prev, score_prev, scales_prev, suppressed_prev = _figures(before["pupils"], codes)
                entry.update(previous=score_prev, previous_n=n_prev, previous_suppressed=suppressed_prev)
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


SAFETY_ORDER = ("WB", "VB", "IL", "AI", "IN")


def _safety_scores(school, moment: str, scales) -> tuple[dict, dict[str, str]]:
    """{group name: {"grade", "group_id", "scales": {code: [scores]}, "signals": {code: count}}}, scale names."""
    rows = scale_results(
        [s for s in scales if s.questionnaire.code == "veiligheid"],
        [
            "participation__group__name",
            "participation__group__grade",
            "participation__group_id",
            "participation_id",
        ],
        participation__moment__school=school,
        participation__moment__label=moment,
    )
    groups: dict[str, dict] = {}
    names: dict[str, str] = {}
    for name, grade, group_id, participation_id, scale, (score, _answered, signal) in rows:
        if score is None:
            continue
        code = scale.code
        names[code] = scale.name
        group = groups.setdefault(
            name,
            {
                "grade": grade,
                "group_id": group_id,
                "pupils": set(),
                "scales": defaultdict(list),
                "signals": defaultdict(int),
            },
        )
        group["pupils"].add(participation_id)
        group["scales"][code].append(score)
        group["signals"][code] += int(signal)
    return groups, names


def _safety_cells(group: dict | None, codes) -> tuple[int, dict, bool]:
    if group is None:
        return 0, {code: {"mean": None, "signal_pct": None} for code in codes}, False
    n = len(group["pupils"])
    suppressed = is_small(n)
    cells = {}
    for code in codes:
        scores = group["scales"].get(code, [])
        cells[code] = {
            "mean": None if suppressed or not scores else sum(scores) / len(scores),
            "signal_pct": None if suppressed or not scores else group["signals"][code] * 100.0 / len(scores),
        }
    return n, cells, suppressed


def safety_per_group(*, school, moment: str, compare: str | None = None) -> dict:
    """Sociale veiligheidslijst per group and for the school: mean per scale, share with a signal, change."""
    scales = scales_where()
    groups, names = _safety_scores(school, moment, scales)
    before_groups, before_names = _safety_scores(school, compare, scales) if compare else ({}, {})
    names = names or before_names
    codes = [c for c in SAFETY_ORDER if c in names] + [c for c in names if c not in SAFETY_ORDER]

    def merged(source: dict) -> dict | None:
        if not source:
            return None
        total = {"pupils": set(), "scales": defaultdict(list), "signals": defaultdict(int)}
        for group in source.values():
            total["pupils"] |= group["pupils"]
            for code, scores in group["scales"].items():
                total["scales"][code] += scores
            for code, count in group["signals"].items():
                total["signals"][code] += count
        return total

    def row(label, now, before, grade=None, group_id=None):
        n, cells, suppressed = _safety_cells(now, codes)
        n_before, cells_before, suppressed_before = _safety_cells(before, codes)
        for code in codes:
            cells[code]["previous"] = cells_before[code]["mean"]
            cells[code]["change"] = change(cells[code]["mean"], cells_before[code]["mean"])
        return {
            "group": label,
            "grade": grade,
            "group_id": group_id,
            "n": n,
            "suppressed": suppressed,
            "previous_n": n_before if before is not None else None,
            "cells": cells,
        }

    rows = [
        row(name, group, before_groups.get(name), group["grade"], group["group_id"])
        for name, group in sorted(groups.items(), key=lambda kv: (kv[1]["grade"], kv[0]))
    ]
    return {
        "scales": [(code, names[code]) for code in codes],
        "groups": rows,
        "school": row(None, merged(groups), merged(before_groups)) if groups else None,
    }


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

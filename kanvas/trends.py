"""Trends over every measurement: a pupil's scale scores and a group's klassenzorgscore at each moment measured,
following the group's pupils back across school years (whatever group they were in then). Fixed queries."""

from collections import defaultdict

from django.utils.translation import gettext as _

from kanvas.models import Participation
from kanvas.pupil_reads import ordered_scales
from kanvas.selectors import concern_figures_suppressed
from kanvas.stored_scores import scale_results, scales_where
from npo_planner.lib.charts import line_chart

MOMENT_FIELDS = ["participation__moment__sort_key", "participation__moment__label"]


def pupil_trend(*, pupil, labels: list[str] | None = None) -> list[dict]:
    """Per questionnaire: its scales and, per moment measured (oldest first; only `labels` when given), the
    group the pupil was in and {scale code: (score, signal)}. Three queries."""
    filters = {"participation__pupil": pupil}
    if labels is not None:
        filters["participation__moment__label__in"] = labels
    found = defaultdict(lambda: defaultdict(dict))  # questionnaire → (sort key, label, group) → code → result
    names = {}
    for sort_key, label, group, scale, result in scale_results(
        scales_where(), [*MOMENT_FIELDS, "participation__group__name"], **filters
    ):
        questionnaire = scale.questionnaire
        names[questionnaire.code] = (questionnaire.name, questionnaire.id)
        found[questionnaire.code][(sort_key, label, group)][scale.code] = (result.score, result.signal)
    result = []
    for code, (name, _id) in sorted(names.items(), key=lambda pair: pair[1][1]):
        moments = found[code]
        codes = ordered_scales({c for scores in moments.values() for c in scores})
        result.append(
            {
                "code": code,
                "name": name,
                "scales": codes,
                "rows": [
                    {"moment": label, "group": group, "cells": [scores.get(c, (None, False)) for c in codes]}
                    for (_key, label, group), scores in sorted(moments.items())
                ],
            }
        )
    return result


def group_trend(*, school, group, labels: list[str] | None = None) -> dict:
    """The klassenzorgscore and the percent with a signal per scale of `group`'s pupils at every moment measured
    (only `labels` when given), following those pupils back to the groups they were in then; small numbers are
    hidden as on the overview. Four queries."""
    pupil_ids = set(Participation.objects.filter(group=group).values_list("pupil_id", flat=True))
    scales = [s for s in scales_where(questionnaire__code="leerling") if s.in_concern_score]
    filters = {"participation__moment__school": school, "participation__pupil_id__in": pupil_ids}
    if labels is not None:
        filters["participation__moment__label__in"] = labels
    pupils = defaultdict(lambda: defaultdict(dict))  # (sort key, label) → pupil → code → (score, signal)
    groups_then = defaultdict(set)
    for sort_key, label, group_name, grade, pupil_id, scale, result in scale_results(
        scales,
        [
            *MOMENT_FIELDS,
            "participation__group__name",
            "participation__group__grade",
            "participation__pupil_id",
        ],
        **filters,
    ):
        pupils[(sort_key, label)][pupil_id][scale.code] = (result.score, result.signal)
        groups_then[(sort_key, label)].add((grade, group_name))
    codes = ordered_scales([s.code for s in scales])
    rows = []
    for key in sorted(pupils):
        n, score, per_scale, suppressed = concern_figures_suppressed(pupils[key], codes)
        rows.append(
            {
                "moment": key[1],
                "groups": [name for _grade, name in sorted(groups_then[key])],
                "n": n,
                "score": score,
                "scales": [per_scale.get(c) for c in codes],
                "suppressed": suppressed,
            }
        )
    return {"scales": codes, "rows": rows}


def group_trend_chart(trend: dict, names: dict[str, str], **size) -> str | None:
    """The line chart of `group_trend` (the moments with figures shown; None when every one is hidden)."""
    shown = [r for r in trend["rows"] if not r["suppressed"]]
    if not shown:
        return None
    series = {_("Klassenzorgscore"): [r["score"] for r in shown]}
    for i, code in enumerate(trend["scales"]):
        series[f"{code} {names.get(code, '')}".strip()] = [r["scales"][i] for r in shown]
    return line_chart(
        [r["moment"] for r in shown],
        series,
        ylabel=_("% leerlingen met een opvallende score"),
        ylim=(0, 100),
        **size,
    )

"""Social safety as the Inspectie reads it (CONTRACT §2 and §6 `veiligheid_report`, FACTS.md §5).

Per pupil with a `veiligheid` questionnaire at a moment: the scale scores (stored at import) and the incident
items (IN, V17–V22) answered with 3 (regelmatig) or 4 (vaak). Such an answer is an incident signal in itself,
whatever the scale's mean: "ik word vaak gepest" is never averaged away. Per group and for the school:

- n: pupils with a `veiligheid` questionnaire;
- welbevinden / veiligheidsbeleving: the mean of the pupils' scale scores (and the mean of every other scale);
- pct_veilig: share of the pupils with a veiligheidsbeleving score whose score is ≥ 3,0;
- pct_gepest: share of the n pupils who answered V17 (ik word gepest) or V22 (online gepest) with 3 or 4;
- pct_incident: share of the n pupils who answered any incident item with 3 or 4.

A comparison follows the pupils, as the klassenzorgscore does (kanvas.selectors.klassenzorgscore_per_group):
the previous figures of a group are those of its present pupils as measured then. The school's previous figures
are the whole school as measured then.

Small cells (npo_planner.lib.privacy.cells_to_suppress): a group under 5 pupils shows no figures, and since the
school total is shown beside the groups, a single small group takes the next smallest with it, so its figures
cannot be found by subtraction.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from kanvas.models import Item, Moment, Participation, Response
from kanvas.scoring import change, percentage
from kanvas.stored_scores import scales_where
from npo_planner.lib.privacy import cells_to_suppress, is_small

SAFETY_ORDER = ("WB", "VB", "IL", "AI", "IN")
INCIDENT_SCALE = "IN"
BULLIED_ITEMS = ("V17", "V22")  # ik word gepest, ik word online gepest
INCIDENT_FROM = 3  # 3 regelmatig, 4 vaak
SAFE_FROM = 3.0  # veiligheidsbeleving score from which a pupil counts as feeling safe
FIGURES = ("welbevinden", "veiligheidsbeleving", "pct_veilig", "pct_gepest", "pct_incident")


@dataclass
class PupilSafety:
    pupil_id: int
    code: str
    group: str
    grade: int
    group_id: int
    scores: dict[str, float | None]  # scale code → score (None: onvoldoende ingevuld)
    incidents: dict[str, int] = field(default_factory=dict)  # incident item code → answer 3 or 4

    @property
    def bullied(self) -> bool:
        return any(code in BULLIED_ITEMS for code in self.incidents)

    @property
    def incident(self) -> bool:
        return bool(self.incidents)

    @property
    def feels_safe(self) -> bool | None:
        score = self.scores.get("VB")
        return None if score is None else score >= SAFE_FROM


@dataclass
class Instrument:
    scales: list[tuple[str, str]]  # (code, name) in SAFETY_ORDER
    scale_ids: dict[int, str]  # scale id → code
    incident_items: dict[int, tuple[str, str]]  # item id → (code, text)


def instrument() -> Instrument:
    """The veiligheid questionnaire's scales and incident items (two queries)."""
    scales = scales_where(questionnaire__code="veiligheid")
    names = {s.code: s.name for s in scales}
    codes = [c for c in SAFETY_ORDER if c in names] + [c for c in names if c not in SAFETY_ORDER]
    items = {
        item_id: (code, text)
        for item_id, code, text in Item.objects.filter(
            questionnaire__code="veiligheid", scale__code=INCIDENT_SCALE
        )
        .order_by("order", "code")
        .values_list("id", "code", "text")
    }
    return Instrument(
        scales=[(c, names[c]) for c in codes],
        scale_ids={s.id: s.code for s in scales},
        incident_items=items,
    )


def pupils_at(*, school, moment: str, definition: Instrument | None = None, **filters) -> list[PupilSafety]:
    """Every pupil of the school with a veiligheid questionnaire at `moment` (one query, two more without
    `definition`); `filters` narrow the responses (e.g. participation__group_id__in)."""
    definition = definition or instrument()
    rows = Response.objects.filter(
        questionnaire__code="veiligheid",
        participation__moment__school=school,
        participation__moment__label=moment,
        **filters,
    ).values_list(
        "participation__pupil_id",
        "participation__pupil__code",
        "participation__group__name",
        "participation__group__grade",
        "participation__group_id",
        "answers",
        "scores",
    )
    return [_pupil(row, definition) for row in rows]


def _pupil(row, definition: Instrument) -> PupilSafety:
    pupil_id, code, group, grade, group_id, answers, scores = row
    return PupilSafety(
        pupil_id=pupil_id,
        code=code,
        group=group,
        grade=grade,
        group_id=group_id,
        scores={code: None for code, _name in definition.scales}
        | {definition.scale_ids[scale_id]: result.score for scale_id, result in scores.items()},
        incidents={
            definition.incident_items[item_id][0]: value
            for item_id, value in answers.items()
            if item_id in definition.incident_items and value is not None and value >= INCIDENT_FROM
        },
    )


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def figures_of(pupils: list[PupilSafety], codes: list[str]) -> dict:
    """n, the five figures of CONTRACT §6 and per scale the mean score (no suppression here)."""
    n = len(pupils)
    means = {c: _mean([p.scores[c] for p in pupils if p.scores.get(c) is not None]) for c in codes}
    with_vb = [p for p in pupils if p.feels_safe is not None]
    return {
        "n": n,
        "welbevinden": means.get("WB"),
        "veiligheidsbeleving": means.get("VB"),
        "pct_veilig": percentage(sum(1 for p in with_vb if p.feels_safe), len(with_vb)),
        "pct_gepest": percentage(sum(1 for p in pupils if p.bullied), n),
        "pct_incident": percentage(sum(1 for p in pupils if p.incident), n),
        "means": means,
        "scored": {c: sum(1 for p in pupils if p.scores.get(c) is not None) for c in codes},
    }


FIGURE_SCALE = {
    "welbevinden": "WB",
    "veiligheidsbeleving": "VB",
    "pct_veilig": "VB",
}  # rests on that scale's scores


def _shown(figures: dict, codes: list[str], *, suppressed: bool, columns: set[str]) -> dict:
    """The figures as shown: all None when the row is suppressed; else None for the figures that rest on a scale
    in `columns` (fewer than 5 pupils with a score on it, or hidden with such a column)."""
    if suppressed:
        return {**dict.fromkeys(FIGURES), "n": figures["n"], "means": dict.fromkeys(codes)}
    shown = {**figures, "means": {c: None if c in columns else v for c, v in figures["means"].items()}}
    for key, code in FIGURE_SCALE.items():
        if code in columns:
            shown[key] = None
    return shown


def _hidden_columns(groups: dict[str, list[PupilSafety]], codes: list[str]) -> dict[str, set[str]]:
    """{group name: the scales whose figures it hides}: a scale score may rest on fewer pupils than the row (too
    few items answered), so the small-cell rule runs per scale as well, beside the school's figure."""
    result: dict[str, set[str]] = defaultdict(set)
    for code in codes:
        counts = {
            name: sum(1 for p in pupils if p.scores.get(code) is not None) for name, pupils in groups.items()
        }
        for name in cells_to_suppress(counts, total_shown=True):
            result[name].add(code)
    return result


def _small_columns(figures: dict) -> set[str]:
    return {code for code, n in figures["scored"].items() if is_small(n)}


def group_members(*, school, moment: str) -> dict[str, set[int]]:
    """{group name: ids of the pupils in that group at `moment`} (one query)."""
    members: dict[str, set[int]] = defaultdict(set)
    for name, pupil_id in Participation.objects.filter(
        moment__school=school, moment__label=moment
    ).values_list("group__name", "pupil_id"):
        members[name].add(pupil_id)
    return members


def safety_per_group(*, school, moment: str, compare: str | None = None) -> dict:
    """{"scales": [(code, name)], "groups": [row], "school": row or None}. A row: group, grade, group_id, n,
    suppressed (bool; `small` when under 5 itself, else hidden so a small group cannot be subtracted), the five
    figures (None when suppressed), `cells` {scale code: {"mean", "previous", "change"}}, and with `compare`
    previous_n, previous_suppressed, previous_groups (the groups the pupils were in then), `previous` {figure:
    value} and `changes` {figure: change}. Six queries (eight with `compare`)."""
    definition = instrument()
    codes = [c for c, _n in definition.scales]
    now = pupils_at(school=school, moment=moment, definition=definition)
    by_group: dict[str, list[PupilSafety]] = defaultdict(list)
    for pupil in now:
        by_group[pupil.group].append(pupil)
    hidden = cells_to_suppress({name: len(pupils) for name, pupils in by_group.items()}, total_shown=True)

    before_by_pupil = {}
    followed: dict[str, list[PupilSafety]] = {}
    if compare:
        before_by_pupil = {
            p.pupil_id: p for p in pupils_at(school=school, moment=compare, definition=definition)
        }
        members = group_members(school=school, moment=moment)
        followed = {
            name: [before_by_pupil[i] for i in sorted(members.get(name, ())) if i in before_by_pupil]
            for name in by_group
        }
    hidden_before = cells_to_suppress(
        {name: len(pupils) for name, pupils in followed.items()}, total_shown=True
    )
    columns = _hidden_columns(by_group, codes)
    columns_before = _hidden_columns({k: v for k, v in followed.items() if v}, codes)

    def row(label, pupils, before, *, suppressed, suppressed_before, grade=None, group_id=None):
        figures = figures_of(pupils, codes)
        hide = columns.get(label, set()) if label is not None else _small_columns(figures)
        shown = _shown(figures, codes, suppressed=suppressed, columns=hide)
        entry = {
            "group": label,
            "grade": grade,
            "group_id": group_id,
            "n": figures["n"],
            "small": is_small(figures["n"]),
            "suppressed": suppressed,
            **{key: shown[key] for key in FIGURES},
            "previous_n": None,
            "previous_suppressed": None,
            "previous_groups": [],
            "previous": dict.fromkeys(FIGURES),
            "changes": dict.fromkeys(FIGURES),
            "cells": {c: {"mean": shown["means"][c], "previous": None, "change": None} for c in codes},
        }
        if before:
            earlier = figures_of(before, codes)
            hide_before = columns_before.get(label, set()) if label is not None else _small_columns(earlier)
            earlier_shown = _shown(earlier, codes, suppressed=suppressed_before, columns=hide_before)
            entry.update(
                previous_n=earlier["n"],
                previous_suppressed=suppressed_before,
                previous_groups=[name for _g, name in sorted({(p.grade, p.group) for p in before})],
                previous={key: earlier_shown[key] for key in FIGURES},
                changes={key: change(shown[key], earlier_shown[key]) for key in FIGURES},
            )
            for c in codes:
                cell = entry["cells"][c]
                cell["previous"] = earlier_shown["means"][c]
                cell["change"] = change(cell["mean"], cell["previous"])
        return entry

    groups = [
        row(
            name,
            pupils,
            followed.get(name),
            suppressed=name in hidden,
            suppressed_before=name in hidden_before,
            grade=pupils[0].grade,
            group_id=pupils[0].group_id,
        )
        for name, pupils in sorted(by_group.items(), key=lambda kv: (kv[1][0].grade, kv[0]))
    ]
    school_row = None
    if now:
        before_all = list(before_by_pupil.values())
        school_row = row(
            None,
            now,
            before_all,
            suppressed=is_small(len(now)),
            suppressed_before=is_small(len(before_all)),
        )
        school_row["previous_groups"] = []
    return {"scales": definition.scales, "groups": groups, "school": school_row}


def incident_pupils(*, school, moment: str, group_ids=None) -> tuple[list[dict], Instrument]:
    """The pupils behind the figures (pupil-level; staff only): every pupil at `moment` (in `group_ids` when
    given) with an incident signal or who does not feel safe, with the incident items answered 3 or 4."""
    definition = instrument()
    filters = {} if group_ids is None else {"participation__group_id__in": list(group_ids)}
    texts = dict(definition.incident_items.values())
    result = []
    for pupil in pupils_at(school=school, moment=moment, definition=definition, **filters):
        if not pupil.incident and pupil.feels_safe is not False:
            continue
        result.append(
            {
                "pupil": pupil,
                "items": [(code, texts[code], value) for code, value in sorted(pupil.incidents.items())],
            }
        )
    result.sort(key=lambda r: (r["pupil"].grade, r["pupil"].group, not r["pupil"].bullied, r["pupil"].code))
    return result, definition


def inspectie_status(*, school, school_year) -> dict:
    """The yearly Inspectie measurement of the school year: the moments with a Sociale veiligheidslijst and the
    instrument the school recorded for each; `met` only when one of them used a validated instrument (one
    query)."""
    if school_year is None:
        return {"measurements": [], "met": False}
    moments = list(
        Moment.objects.filter(
            school=school,
            school_year=school_year,
            participations__responses__questionnaire__code="veiligheid",
        )
        .order_by("sort_key")
        .distinct()
    )
    return {"measurements": moments, "met": any(m.safety_validated for m in moments)}

"""Scoring rules of CONTRACT §2, as pure functions over the instrument definitions (which are data).

- A scale score is the mean of the scale's answered items; a reversed item counts as 5 − answer.
- With fewer than two thirds of the scale's items answered the scale has no score ("onvoldoende ingevuld").
- A signal (opvallende score): concern scale ≥ threshold (default 3.0), positive scale ≤ threshold (default 2.0).
  The score is compared as shown, rounded half up to one decimal, so what the user reads and the signal agree.
- Klassenzorgscore: percentage of the group's pupils with a scored `leerling` questionnaire (at least one of the
  concern-score scales scored) that have a signal on at least one of those scales; per scale the share of those
  pupils with a signal on it.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

import numpy as np

from kanvas.models import Item, Questionnaire, Scale, ScaleKind

CHANGE_HIGHLIGHT = 10.0  # percentage points


@dataclass(frozen=True)
class ScaleDef:
    id: int
    code: str
    name: str
    kind: str
    threshold: float
    in_concern_score: bool
    item_ids: tuple[int, ...]
    reversed_ids: frozenset[int]


@dataclass
class QuestionnaireDef:
    id: int
    code: str
    name: str
    items: dict[str, int] = field(default_factory=dict)  # item code → id
    scales: list[ScaleDef] = field(default_factory=list)

    def item_range(self) -> str:
        codes = list(self.items)
        return f"{codes[0]}–{codes[-1]}" if codes else "-"


def load_instruments() -> dict[str, QuestionnaireDef]:
    """Every questionnaire with its items and scales, in three queries."""
    result = {q.id: QuestionnaireDef(id=q.id, code=q.code, name=q.name) for q in Questionnaire.objects.all()}
    items_by_scale: dict[int, list[tuple[int, bool]]] = {}
    for item in Item.objects.order_by("order", "code").values(
        "id", "code", "questionnaire_id", "scale_id", "reversed"
    ):
        result[item["questionnaire_id"]].items[item["code"]] = item["id"]
        items_by_scale.setdefault(item["scale_id"], []).append((item["id"], item["reversed"]))
    for scale in Scale.objects.order_by("order", "code"):
        members = items_by_scale.get(scale.id, [])
        result[scale.questionnaire_id].scales.append(
            ScaleDef(
                id=scale.id,
                code=scale.code,
                name=scale.name,
                kind=scale.kind,
                threshold=float(scale.threshold),
                in_concern_score=scale.in_concern_score,
                item_ids=tuple(i for i, _r in members),
                reversed_ids=frozenset(i for i, r in members if r),
            )
        )
    return {q.code: q for q in result.values()}


@lru_cache(maxsize=4096)  # scores are means of a few small integers: few distinct values
def round1(value: float | None) -> float | None:
    if value is None:
        return None
    return float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def is_signal(score: float | None, scale: ScaleDef) -> bool:
    if score is None:
        return False
    shown = round1(score)
    if scale.kind == ScaleKind.CONCERN:
        return shown >= scale.threshold
    return shown <= scale.threshold


def scale_score(values: dict[int, int | None], scale: ScaleDef) -> tuple[float | None, int, bool]:
    """(score or None, number of answered items, signal) for one pupil's answers {item id: 1–4 or None}."""
    total = 0
    answered = 0
    for item_id in scale.item_ids:
        value = values.get(item_id)
        if value is None:
            continue
        answered += 1
        total += (5 - value) if item_id in scale.reversed_ids else value
    if not scale.item_ids or answered * 3 < len(scale.item_ids) * 2:
        return None, answered, False
    score = total / answered
    return score, answered, is_signal(score, scale)


@dataclass
class ScaleColumns:
    """`scale_score` for many responses at once: one entry per response."""

    scale: ScaleDef
    score: np.ndarray  # float, NaN where the scale has no score
    answered: np.ndarray  # int
    signal: np.ndarray  # bool


def score_responses(values: np.ndarray, questionnaire: QuestionnaireDef) -> list[ScaleColumns]:
    """The scale scores of a block of responses: a row per response, a column per item of the questionnaire in
    instrument order, 0 = not answered. Same results as `scale_score`; the rounding for the signal is done in
    integers (round half up of 10 × total / answered), so no float edge case can differ from what is shown."""
    column = {item_id: i for i, item_id in enumerate(questionnaire.items.values())}
    results = []
    for scale in questionnaire.scales:
        members = [i for i in scale.item_ids if i in column]
        block = values[:, [column[i] for i in members]].astype(np.int64)
        given = block > 0
        flipped = np.array([i in scale.reversed_ids for i in members], dtype=bool)
        total = (np.where(flipped, 5 - block, block) * given).sum(axis=1)
        answered = given.sum(axis=1)
        scored = (answered * 3 >= len(members) * 2) & bool(members)
        safe = np.maximum(answered, 1)
        shown_tenths = (20 * total + answered) // (2 * safe)
        threshold_tenths = round(scale.threshold * 10)
        if scale.kind == ScaleKind.CONCERN:
            signal = scored & (shown_tenths >= threshold_tenths)
        else:
            signal = scored & (shown_tenths <= threshold_tenths)
        results.append(ScaleColumns(scale, np.where(scored, total / safe, np.nan), answered, signal))
    return results


def percentage(part: int, whole: int) -> float | None:
    return None if not whole else part * 100.0 / whole


@dataclass
class ConcernFigures:
    n: int
    score: float | None  # klassenzorgscore, percent
    scales: dict[str, float | None]  # scale code → percent of the n pupils with a signal on it


def concern_figures(
    pupils: Iterable[dict[str, tuple[float | None, bool]]], scale_codes: list[str]
) -> ConcernFigures:
    """`pupils`: per pupil {scale code: (score, signal)} of the concern-score scales."""
    n = 0
    with_signal = 0
    per_scale = dict.fromkeys(scale_codes, 0)
    for scores in pupils:
        if not any(score is not None for score, _signal in scores.values()):
            continue
        n += 1
        signals = [code for code, (_score, signal) in scores.items() if signal]
        if signals:
            with_signal += 1
        for code in signals:
            if code in per_scale:
                per_scale[code] += 1
    return ConcernFigures(
        n=n,
        score=percentage(with_signal, n),
        scales={code: percentage(count, n) for code, count in per_scale.items()},
    )


def change(current: float | None, previous: float | None) -> float | None:
    if current is None or previous is None:
        return None
    return current - previous


def is_notable_change(delta: float | None) -> bool:
    return delta is not None and abs(round1(delta)) >= CHANGE_HIGHLIGHT

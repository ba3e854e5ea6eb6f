"""`score_responses` (the import's scoring of many responses at once) gives what `scale_score`, the rules of
CONTRACT §2 written out for one pupil, gives: for any answers, reversed items, thresholds and scale sizes."""

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from kanvas.scoring import QuestionnaireDef, ScaleDef, scale_score, score_responses


@st.composite
def questionnaires(draw):
    sizes = draw(st.lists(st.integers(min_value=0, max_value=25), min_size=1, max_size=5))
    items, scales, next_id = {}, [], 100
    for number, size in enumerate(sizes):
        item_ids = tuple(range(next_id, next_id + size))
        next_id += size
        items.update({f"Q{i}": i for i in item_ids})
        scales.append(
            ScaleDef(
                id=number + 1,
                code=f"S{number}",
                name=f"schaal {number}",
                kind=draw(st.sampled_from(["zorg", "positief"])),
                threshold=draw(st.sampled_from([1.0, 1.5, 2.0, 2.2, 2.5, 3.0, 3.4, 4.0])),
                in_concern_score=False,
                item_ids=item_ids,
                reversed_ids=frozenset(i for i in item_ids if draw(st.booleans())),
            )
        )
    return QuestionnaireDef(id=1, code="q", name="q", items=items, scales=scales)


@given(data=st.data())
def test_many_at_once_equals_one_by_one(data):
    questionnaire = data.draw(questionnaires())
    width = len(questionnaire.items)
    rows = data.draw(st.integers(min_value=1, max_value=8))
    cells = data.draw(st.lists(st.integers(0, 4), min_size=rows * width, max_size=rows * width))
    values = np.array(cells, dtype=np.int8).reshape(rows, width)
    item_ids = list(questionnaire.items.values())
    columns = score_responses(values, questionnaire)
    assert [c.scale for c in columns] == questionnaire.scales
    for row in range(rows):
        answers = {item_ids[i]: (int(v) or None) for i, v in enumerate(values[row])}
        for c in columns:
            score, answered, signal = scale_score(answers, c.scale)
            got = float(c.score[row])
            assert (score is None and math.isnan(got)) or score == got
            assert (answered, signal) == (int(c.answered[row]), bool(c.signal[row]))


def test_a_halfway_score_rounds_up_like_the_shown_score():
    # 43/20 = 2,15 is shown as 2,2: a positive scale with threshold 2,1 has no signal, with 2,2 it has one
    items = tuple(range(1, 21))
    values = np.array([[3] * 3 + [2] * 17], dtype=np.int8)  # total 43 over 20 items
    for threshold, expected in ((2.1, False), (2.2, True)):
        scale = ScaleDef(1, "S", "s", "positief", threshold, False, items, frozenset())
        questionnaire = QuestionnaireDef(1, "q", "q", {f"Q{i}": i for i in items}, [scale])
        (column,) = score_responses(values, questionnaire)
        assert bool(column.signal[0]) is expected
        assert scale_score({i: int(v) for i, v in zip(items, values[0], strict=True)}, scale)[2] is expected


@given(data=st.data())
def test_the_stored_texts_are_the_json_of_each_responses_answers_and_scores(data):
    """The writer builds the answers and scores texts from pre-built fragments (kanvas.writers); each is the JSON
    of the response's own answers and of `scale_score` on them, as the fields read it back."""
    from kanvas.fields import AnswersField, ScoresField
    from kanvas.writers import answers_texts, scores_texts

    questionnaire = data.draw(questionnaires())
    width = len(questionnaire.items)
    rows = data.draw(st.integers(min_value=1, max_value=8))
    cells = data.draw(st.lists(st.integers(0, 4), min_size=rows * width, max_size=rows * width))
    values = np.array(cells, dtype=np.int8).reshape(rows, width)
    item_ids = list(questionnaire.items.values())
    for row, answers_text, scores_text in zip(
        values, answers_texts(values, questionnaire), scores_texts(values, questionnaire), strict=True
    ):
        answers = {item_ids[i]: (int(v) or None) for i, v in enumerate(row)}
        assert AnswersField().decode(answers_text) == answers
        assert list(ScoresField().decode(scores_text).items()) == [
            (scale.id, scale_score(answers, scale)) for scale in questionnaire.scales
        ]

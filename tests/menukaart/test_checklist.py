"""The checklist rule of seed 004: three or more unclear points make an intervention doubtful."""

import pytest

from menukaart import checklist


def answers(n_unclear: int, *, empty_instead=False) -> dict:
    data = {}
    for index, key in enumerate(checklist.POINT_KEYS):
        unclear = index < n_unclear
        if unclear and empty_instead:
            data[key] = {"answer": "", "clear": True}  # marked clear but unexplained: still unclear
        else:
            data[key] = {"answer": "Uitleg.", "clear": not unclear}
    return data


@pytest.mark.parametrize(
    ("n", "doubtful"), [(0, False), (1, False), (2, False), (3, True), (4, True), (7, True)]
)
def test_three_or_more_unclear_points_make_it_doubtful(n, doubtful):
    result = checklist.evaluate(answers(n))
    assert result.n_unclear == n
    assert result.doubtful is doubtful


def test_an_empty_answer_counts_as_unclear():
    assert checklist.evaluate(answers(3, empty_instead=True)).doubtful


def test_an_unanswered_checklist_is_doubtful():
    assert checklist.evaluate({}).n_unclear == 7


def test_plus_points_do_not_count_as_unclear_but_are_listed_when_substantiated():
    data = answers(2)
    data["rationale"] = {"answer": "Literatuur.", "clear": True}
    result = checklist.evaluate(data)
    assert not result.doubtful
    assert [p.key for p in result.plus] == ["rationale"]


def test_validate_rejects_unknown_points_and_bad_shapes():
    assert checklist.validate({"target_group": {"answer": "x", "clear": True}}) == []
    assert checklist.validate({"nonsense": {}})
    assert checklist.validate({"goals": "text"})
    assert checklist.validate([])

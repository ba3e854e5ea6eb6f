"""Issue 18.5: the rule for goal area F is stated in one wording wherever the product states it."""

from pathlib import Path

from npo_planner.programma.budget import _plan_warnings
from npo_planner.scholen.goal_areas import F_RULE, F_RULE_SENTENCE

ROOT = Path(__file__).resolve().parents[2]
OLD_WORDINGS = ("maatregel uit A–E", "mag alleen in combinatie", "kan alleen in combinatie met A–E")


def test_the_sentence_carries_the_rule():
    assert str(F_RULE) in str(F_RULE_SENTENCE)


def test_no_other_wording_of_the_rule_is_left_in_the_product():
    sources = [
        p
        for pattern in ("*.py", "*.html")
        for p in ROOT.glob(f"**/{pattern}")
        if not {".venv", "tests", "migrations", "node_modules"} & set(p.relative_to(ROOT).parts)
    ]
    found = [f"{p}: {w}" for p in sources for w in OLD_WORDINGS if w in p.read_text(encoding="utf-8")]
    assert found == []


def test_the_programme_warning_states_the_rule(db):
    class Item:
        goal_area = "F"
        has_evaluation = True
        name = "Ouderavonden"

    messages = [w.message for w in _plan_warnings([Item()])]
    assert any(str(F_RULE_SENTENCE) in m for m in messages)

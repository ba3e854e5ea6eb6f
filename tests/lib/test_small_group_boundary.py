"""The by-subtraction rule draws its line at 5 people like every small cell: a group of exactly 5 that follows
from the shown cells is fine, a group of 4 is not."""

from npo_planner.lib.privacy import derivable_small_groups


def test_a_derivable_group_of_exactly_five_is_not_small():
    atoms = {"a": 2, "b": 3, "c": 10}
    cells = {"a en b": ["a", "b"], "c": ["c"]}
    assert derivable_small_groups(atoms, cells) == []


def test_a_derivable_group_of_four_is_small():
    atoms = {"a": 1, "b": 3, "c": 10}
    cells = {"a en b": ["a", "b"], "c": ["c"]}
    assert derivable_small_groups(atoms, cells) == [frozenset({"a", "b"})]

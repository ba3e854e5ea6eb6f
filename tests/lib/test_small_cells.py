"""The complementary small-cell rule (npo_planner.lib.privacy): the subtraction attack is run here by brute force,
independently of the rule's own linear algebra."""

from itertools import product

from hypothesis import given, settings
from hypothesis import strategies as st

from npo_planner.lib.privacy import (
    TOTAL,
    complementary_suppression,
    derivable_small_groups,
    suppress_parts,
)


def attack(atoms: dict, cells: dict) -> list[frozenset]:
    """Every group of 1–4 people a reader obtains by adding and subtracting shown cells (coefficients -1, 0, 1)."""
    present = [a for a, n in atoms.items() if n > 0]
    keys = list(cells)
    found = set()
    for coefficients in product((-1, 0, 1), repeat=len(keys)):
        weight = dict.fromkeys(present, 0)
        for c, key in zip(coefficients, keys, strict=True):
            for atom in cells[key]:
                if atom in weight:
                    weight[atom] += c
        if all(w in (0, 1) for w in weight.values()):
            group = frozenset(a for a, w in weight.items() if w == 1)
            if 0 < sum(atoms[a] for a in group) < 5:
                found.add(group)
    return sorted(found, key=sorted)


def partition_table(parts: dict, rest: int = 0):
    atoms = {("part", k): n for k, n in parts.items()} | {("rest", None): rest}
    cells = {k: [("part", k)] for k in parts} | {TOTAL: list(atoms)}
    return atoms, cells


def shown(cells: dict, hidden: set) -> dict:
    return {k: v for k, v in cells.items() if k not in hidden}


def test_the_hidden_group_follows_from_the_school_total_when_only_it_is_hidden():
    # demo 34CD: 7a has 3 pupils; the school total and the other groups are shown
    parts = {"5a": 22, "6a": 24, "7a": 3, "8a": 19}
    atoms, cells = partition_table(parts)
    naive = {"7a"}
    assert attack(atoms, shown(cells, naive)) == [frozenset({("part", "7a")})]
    hidden = suppress_parts(parts)
    assert hidden == {"7a", "8a"}  # the next smallest goes with it; the total stays
    assert attack(atoms, shown(cells, hidden)) == []


def test_the_whole_school_minus_two_bouwen_gives_the_third():
    parts = {"onderbouw": 12, "middenbouw": 9, "bovenbouw": 4}
    atoms, cells = partition_table(parts)
    assert attack(atoms, shown(cells, {"bovenbouw"}))
    hidden = suppress_parts(parts)
    assert hidden == {"bovenbouw", "middenbouw"}
    assert attack(atoms, shown(cells, hidden)) == []


def test_people_in_no_part_count_as_a_cell_of_their_own():
    # 3 respondents gave no bouw: whole minus all three bouwen shows their answers
    parts = {"onderbouw": 12, "middenbouw": 9, "bovenbouw": 8}
    atoms, cells = partition_table(parts, rest=3)
    assert attack(atoms, cells)
    hidden = suppress_parts(parts, total=32)
    assert hidden == {"bovenbouw"}
    assert attack(atoms, shown(cells, hidden)) == []


def test_two_small_parts_protect_each_other_when_together_five_or_more():
    assert suppress_parts({"a": 3, "b": 4, "c": 20}) == {"a", "b"}
    assert suppress_parts({"a": 1, "b": 2, "c": 20}) == {"a", "b", "c"}


def test_a_small_total_is_hidden_and_large_parts_stay():
    assert suppress_parts({"a": 2, "b": 1}) == {"a", "b", TOTAL}
    assert suppress_parts({"a": 8, "b": 9}) == set()
    assert suppress_parts({}) == set()


def test_an_unknown_size_hides_the_part_and_a_neighbour():
    assert suppress_parts({"a": None, "b": 30, "c": 12}) == {"a", "c"}


def test_a_large_part_hidden_by_another_rule_needs_no_neighbour():
    # what follows from the others is a group of 30: no small cell
    assert suppress_parts({"a": 10, "b": 30, "c": 12}, hidden={"b"}) == {"b"}


def test_overlapping_bouwen_are_attacked_through_their_combinations():
    # respondents may tick several bouwen: 3 parents with children in onder- and bovenbouw follow from
    # onderbouw + bovenbouw + middenbouw - whole school, though no shown cell is small
    atoms = {"O": 10, "M": 9, "B": 7, "OB": 3}
    cells = {
        TOTAL: ["O", "M", "B", "OB"],
        "onderbouw": ["O", "OB"],
        "middenbouw": ["M"],
        "bovenbouw": ["B", "OB"],
    }
    assert attack(atoms, cells) == [frozenset({"OB"})]
    hidden = complementary_suppression(atoms, cells, keep={TOTAL})
    assert hidden == {"middenbouw"} and TOTAL not in hidden
    assert attack(atoms, shown(cells, hidden)) == []
    assert derivable_small_groups(atoms, shown(cells, hidden)) == []


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=25), min_size=1, max_size=6),
    st.integers(min_value=0, max_value=6),
)
def test_no_small_group_can_be_computed_from_any_partition_table(sizes, rest):
    parts = {f"g{i}": n for i, n in enumerate(sizes)}
    atoms, cells = partition_table(parts, rest)
    hidden = suppress_parts(parts, total=sum(sizes) + rest)
    assert attack(atoms, shown(cells, hidden)) == []
    assert {k for k, n in parts.items() if 0 < n < 5} <= hidden
    # nothing is hidden without need: a table without small cells or small remainder stays whole
    if all(n == 0 or n >= 5 for n in sizes) and (rest == 0 or rest >= 5):
        assert hidden == set()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=12), min_size=8, max_size=8))
def test_no_small_group_can_be_computed_from_overlapping_bouwen(counts):
    combos = list(product((0, 1), repeat=3))
    atoms = dict(zip(combos, counts, strict=True))
    cells = {TOTAL: combos} | {
        stage: [c for c in combos if c[i]] for i, stage in enumerate(("onderbouw", "middenbouw", "bovenbouw"))
    }
    hidden = complementary_suppression(atoms, cells, keep={TOTAL})
    assert attack(atoms, shown(cells, hidden)) == []

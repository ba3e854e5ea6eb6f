"""The small-cell rule: no aggregate of fewer than 5 pupils or respondents is shown (DOMAIN.md, Privacy), not even
by subtraction.

One rule for every published table: a table is a set of *cells* (a group's figures, a bouw, the school total), each
resting on a set of *atoms* (the smallest groups of people the table tells apart: a class, the respondents of one
combination of bouwen). A reader who sees some cells can add and subtract them; whatever group of people that
yields, its figures are known. So a table may only be published when

1. no shown cell rests on 1–4 people, and
2. no group of 1–4 people can be computed from the shown cells (e.g. the school total minus every other group).

`complementary_suppression` hides the small cells and then, while a small group can still be computed, the smallest
shown cell as well (the total last). `suppress_parts` is the common case: disjoint parts (groups, bouwen) and the
total of all of them (which may include people in no part).
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from fractions import Fraction
from itertools import combinations
from typing import Any

from django.utils.translation import gettext_lazy as _

SMALL_CELL = 5
SUPPRESSED_LABEL = "< 5"
# shown instead of the figures of a cell of 5 or more that is hidden so a small one cannot be computed
COMPLEMENT_LABEL = _("afgeschermd")


def is_small(n: int | None) -> bool:
    """True when a figure rests on fewer than SMALL_CELL people (and so must not be shown)."""
    return n is None or n < SMALL_CELL


def suppress(value, n: int | None):
    """The value when it rests on at least SMALL_CELL people, else None (render it as SUPPRESSED_LABEL)."""
    if n is None or n < SMALL_CELL:
        return None
    return value


def _few(n: int) -> bool:
    return 0 < n < SMALL_CELL


class _Span:
    """The linear span of 0/1 vectors over the rationals, kept in reduced row-echelon form."""

    def __init__(self, size: int):
        self.size = size
        self.rows: list[tuple[int, list[Fraction]]] = []  # (pivot column, row with 1 at the pivot)

    def _reduce(self, vector: list[Fraction]) -> list[Fraction]:
        vector = list(vector)
        for pivot, row in self.rows:
            factor = vector[pivot]
            if factor:
                vector = [v - factor * r for v, r in zip(vector, row, strict=True)]
        return vector

    def add(self, vector: Iterable[int]) -> None:
        reduced = self._reduce([Fraction(v) for v in vector])
        pivot = next((i for i, v in enumerate(reduced) if v), None)
        if pivot is None:
            return
        reduced = [v / reduced[pivot] for v in reduced]
        self.rows = [
            (p, [r - row[pivot] * x for r, x in zip(row, reduced, strict=True)] if row[pivot] else row)
            for p, row in self.rows
        ]
        self.rows.append((pivot, reduced))

    def holds(self, vector: Iterable[int]) -> bool:
        return not any(self._reduce([Fraction(v) for v in vector]))


def derivable_small_groups(
    atoms: Mapping[Hashable, int], cells: Mapping[Hashable, Iterable[Hashable]]
) -> list[frozenset]:
    """The groups of 1–4 people (unions of atoms) whose figures follow exactly from `cells` by adding and
    subtracting them. `atoms`: atom → number of people; `cells`: shown cell → the atoms it covers.

    A reader is assumed to know which atoms are empty (the safe assumption: it lets them compute more)."""
    present = [atom for atom, n in atoms.items() if n > 0]
    index = {atom: i for i, atom in enumerate(present)}
    span = _Span(len(present))
    for covered in cells.values():
        vector = [0] * len(present)
        for atom in covered:
            if atom in index:
                vector[index[atom]] = 1
        span.add(vector)
    small = [atom for atom in present if atoms[atom] < SMALL_CELL]
    found = []
    for size in range(1, min(len(small), SMALL_CELL - 1) + 1):
        for group in combinations(small, size):
            if sum(atoms[atom] for atom in group) >= SMALL_CELL:
                continue
            vector = [0] * len(present)
            for atom in group:
                vector[index[atom]] = 1
            if span.holds(vector):
                found.append(frozenset(group))
    return found


def complementary_suppression(
    atoms: Mapping[Any, int],
    cells: Mapping[Any, Iterable[Hashable]],
    *,
    hidden: Iterable[Hashable] = (),
    keep: Iterable[Hashable] = (),
) -> set:
    """The cells to hide so that no group of 1–4 people can be seen or computed.

    Hidden are: the cells in `hidden` (e.g. already suppressed by another rule), every cell resting on 1–4 people,
    and then, while `derivable_small_groups` still finds a group, the smallest shown cell (by people; cells in
    `keep`, such as the school total, only when no other is left)."""
    cells = {key: frozenset(covered) for key, covered in cells.items()}
    size = {key: sum(atoms.get(atom, 0) for atom in covered) for key, covered in cells.items()}
    out = set(hidden) & set(cells)
    out |= {key for key in cells if _few(size[key])}
    keep = set(keep)
    while True:
        shown = {key: covered for key, covered in cells.items() if key not in out}
        if not derivable_small_groups(atoms, shown):
            return out
        # a group that follows from the shown cells needs a shown cell with people in it: there is one to hide
        candidates = [key for key in shown if size[key] > 0]
        out.add(min(candidates, key=lambda key: (key in keep, size[key], str(key))))


TOTAL = "__total__"


def suppress_parts(
    parts: Mapping[Any, int | None], *, total: int | None = None, hidden: Iterable[Hashable] = ()
) -> set:
    """Which of disjoint `parts` (groups, bouwen) to hide when the total beside them is shown too.

    `total` is the number of people in the total when it is more than the parts together (people in no part); by
    default the parts make up the total. A part with an unknown size (None) is hidden and counted as one person,
    so its neighbours are hidden with it. The result may hold `TOTAL` when the total must be hidden as well."""
    sizes = {key: (1 if n is None else n) for key, n in parts.items()}
    rest = 0 if total is None else total - sum(sizes.values())
    if rest < 0:
        raise ValueError("the parts hold more people than the total")
    atoms = {**{("part", key): n for key, n in sizes.items()}, ("rest", None): rest}
    cells = {key: [("part", key)] for key in parts}
    cells[TOTAL] = list(atoms)
    forced = set(hidden) | {key for key, n in parts.items() if n is None}
    return complementary_suppression(atoms, cells, hidden=forced, keep={TOTAL})


def rows_to_hide(rows: Sequence[Mapping], *, n: str = "n", suppressed: str = "suppressed") -> set[int]:
    """Indices of table rows to hide, for rows of disjoint groups shown beside their total (a school's groups, as
    a selector of another app returned them): `suppress_parts` over their sizes, a row already suppressed counting
    as hidden. For checking figures again where they are shown (an old snapshot may predate the rule)."""
    return suppress_parts(
        {index: row.get(n) for index, row in enumerate(rows)},
        hidden={index for index, row in enumerate(rows) if row.get(suppressed)},
    ) - {TOTAL}


def hidden_label(n: int | None) -> str:
    """What a hidden cell shows: '< 5' for a small one, 'afgeschermd' for one hidden to protect a small one."""
    return SUPPRESSED_LABEL if is_small(n) else str(COMPLEMENT_LABEL)


def cells_to_suppress(counts: Mapping[object, int], *, total_shown: bool = True) -> set:
    """Keys whose cells must be hidden: every cell under SMALL_CELL, and — when a total is shown beside them — as
    many more as keep the hidden ones from being found by subtraction (`suppress_parts`)."""
    if not total_shown:
        return {key for key, n in counts.items() if _few(n)}
    return suppress_parts(counts) - {TOTAL}

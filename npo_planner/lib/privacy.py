"""The small-cell rule: no aggregate of fewer than 5 pupils or respondents is shown (DOMAIN.md, Privacy)."""

from collections.abc import Mapping

SMALL_CELL = 5
SUPPRESSED_LABEL = "< 5"


def is_small(n: int | None) -> bool:
    """True when a figure rests on fewer than SMALL_CELL people (and so must not be shown)."""
    return n is None or n < SMALL_CELL


def suppress(value, n: int | None):
    """The value when it rests on at least SMALL_CELL people, else None (render it as SUPPRESSED_LABEL)."""
    if n is None or n < SMALL_CELL:
        return None
    return value


def cells_to_suppress(counts: Mapping[object, int], *, total_shown: bool = True) -> set:
    """Keys whose cells must be hidden: every cell under SMALL_CELL, and — when a total is shown beside them and
    exactly one cell would be hidden — also the next smallest, so the hidden one cannot be found by subtraction."""
    hidden = {key for key, n in counts.items() if 0 < n < SMALL_CELL}
    if total_shown and len(hidden) == 1 and len(counts) > 1:
        rest = sorted(((n, str(key), key) for key, n in counts.items() if key not in hidden and n > 0))
        if rest:
            hidden.add(rest[0][2])
    return hidden

"""Combination groups (one group, several grades) are normal in Dutch primary schools: 1/2, 5/6, 3-4b.
Only the name's leading grades count; a name such as "5a" holds one grade."""

import re

# two grades at the start of a group name, joined by / - & or +: "1/2", "5-6a", "7 / 8", "3&4"
COMBINATION_RE = re.compile(r"^\s*([1-8])\s*[/&+-]\s*([1-8])(?![0-9])")


def combination_grades(name: str) -> tuple[int, ...]:
    """The grades a combination group's name holds, lowest first (e.g. (5, 6) for "5/6"); () for another name."""
    match = COMBINATION_RE.match(name or "")
    if not match:
        return ()
    low, high = sorted({int(match[1]), int(match[2])})
    return tuple(range(low, high + 1)) if low != high else ()

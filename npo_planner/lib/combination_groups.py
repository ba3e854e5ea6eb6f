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


def grade_warning(group: str, grade: int) -> str | None:
    """The import warning for a combination group named without a leerjaar column (every pupil gets `grade`); None
    for a one-grade name."""
    from django.utils.translation import gettext as _

    grades = combination_grades(group)
    if len(grades) < 2:
        return None
    return _(
        "Groep %(group)s heeft %(grades)s in de naam, maar het bestand heeft geen kolom leerjaar: alle "
        "leerlingen van deze groep krijgen leerjaar %(grade)s. Voeg de kolom leerjaar toe om per leerling "
        "het juiste leerjaar vast te leggen."
    ) % {
        "group": group,
        "grades": _("de leerjaren %(list)s") % {"list": " en ".join(str(g) for g in grades)},
        "grade": grade,
    }


def grade_from_name(group: str) -> int | None:
    """The grade a group name starts with (1–8): "5a" → 5, "5/6" → 5; None when it does not start with one."""
    if group[:1].isdigit() and 1 <= int(group[0]) <= 8:
        return int(group[0])
    return None


def pupil_grade(
    *, errors, row: int, text: str, group: str, grade_column: str, group_column: str
) -> int | None:
    """A pupil's grade in an import: the leerjaar cell (1–8) or else the group name's first digit; a row-numbered
    error in `errors` (an ImportErrors) and None when neither gives one."""
    from django.utils.translation import gettext as _

    if text:
        if text.isdigit() and 1 <= int(text) <= 8:
            return int(text)
        errors.add(
            _("leerjaar is een heel getal van 1 tot en met 8."), row=row, column=grade_column, value=text
        )
        return None
    if (grade := grade_from_name(group)) is not None:
        return grade
    errors.add(
        _(
            "het leerjaar ontbreekt en volgt niet uit de groepsnaam (die begint niet met een cijfer 1–8); "
            "voeg de kolom leerjaar toe."
        ),
        row=row,
        column=group_column,
        value=group,
    )
    return None

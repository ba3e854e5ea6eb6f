"""The one place the schoolscan reads the school programme (docs/conventions.md): what last year's programme
yielded, so that next year's scan starts from what happened, not from memory. None when the programme app is not
installed or the school had no earlier programme."""


def previous_outcomes(*, school, school_year) -> dict | None:
    try:
        from npo_planner.programma import selectors
    except ImportError:
        return None
    try:
        return selectors.outcomes_before(school=school, school_year=school_year)
    except AttributeError:
        return None

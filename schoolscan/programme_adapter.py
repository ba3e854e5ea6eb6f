"""The one place the schoolscan reads the school programme (docs/conventions.md): what last year's programme
yielded, so that next year's scan starts from what happened, not from memory. It goes through the core's registry
(the programme registers its selector there), so the schoolscan never imports the layer above it. None when the
programme app is not installed or the school had no earlier programme."""

from npo_planner.scholen import registry


def previous_outcomes(*, school, school_year) -> dict | None:
    return registry.previous_outcomes(school=school, school_year=school_year)

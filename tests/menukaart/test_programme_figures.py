"""The programme offers the menukaart of its own school year (the edition in force then) and the chosen item keeps
those figures; a later edition does not change what the MR approved."""

from npo_planner.programma import sources
from tests.factories import SchoolYearFactory


def _feedback(choices):
    return next(c for c in choices if c.name == "Feedback")


def test_the_2021_2022_programme_offers_the_2021_figures_and_2022_2023_the_2022_figures(cast):
    old = _feedback(sources.interventions_for_school(school=cast.school_a, school_year=cast.year))
    assert (old.impact_months, old.evidence, old.cost_band) == (8, 3, 1)
    assert "01-01-2021" in old.figures_source
    later = SchoolYearFactory(label="2022-2023")
    new = _feedback(sources.interventions_for_school(school=cast.school_a, school_year=later))
    assert (new.impact_months, new.evidence, new.cost_band) == (6, 4, 1)
    assert "01-04-2022" in new.figures_source


def test_items_of_a_later_edition_are_not_offered_for_an_earlier_year(cast):
    names = {c.name for c in sources.interventions_for_school(school=cast.school_a, school_year=cast.year)}
    assert "Fonemisch bewustzijn" not in names and "Feedback" in names

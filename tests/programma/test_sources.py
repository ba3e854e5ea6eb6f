import sys
import types
from decimal import Decimal

from npo_planner.programma import sources


def test_without_the_other_apps_every_source_says_nothing_instead_of_breaking(cast):
    school, year = cast.school_a, cast.year
    assert sources.interventions_for_school(school=school) is None
    assert sources.priorities(school=school, school_year=year) is None
    assert sources.budget_basis(school=school, school_year=year) is None
    assert sources.scan_status(school=school, school_year=year) is None
    assert sources.kanvas_moments(school=school, school_year=year) is None
    assert sources.agreements(school=school, school_year=year) is None
    assert sources.goal_area_names() is None


def test_a_selector_module_without_the_function_degrades_too(cast, monkeypatch):
    monkeypatch.setitem(sys.modules, "kanvas.selectors", types.ModuleType("kanvas.selectors"))
    assert sources.group_concern(school=cast.school_a, group_names=["5a"], moment="2021-najaar") is None


def test_a_lookup_error_inside_a_selector_degrades(cast, fake_apps):
    def broken(*, school, school_year):
        raise LookupError("No installed app with label 'schoolscan'.")

    fake_apps.install("schoolscan", budget_basis=broken)
    assert sources.budget_basis(school=cast.school_a, school_year=cast.year) is None


def test_with_the_apps_the_sources_return_plain_snapshots(cast, fake_apps):
    choices = sources.interventions_for_school(school=cast.school_a)
    kanjer = choices[0]
    assert (kanjer.ref, kanjer.name, kanjer.goal_area, kanjer.own) == (11, "Kanjertraining", "C", False)
    assert kanjer.nji_level == "Effectief volgens sterke aanwijzingen"
    assert "01-06-2021" in kanjer.figures_source
    assert choices[2].own
    assert sources.budget_basis(school=cast.school_a, school_year=cast.year) == {
        "pupils": 210,
        "disadvantage_units": Decimal("12.5"),
    }
    assert (
        sources.agreements(school=cast.school_a, school_year=cast.year)[0]["what"]
        == "Informatieavond per leerjaar"
    )

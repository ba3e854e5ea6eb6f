import sys
import types
from decimal import Decimal

import pytest

from npo_planner.programma import sources


def test_without_the_other_apps_every_source_says_nothing_instead_of_breaking(cast, missing_apps):
    school, year = cast.school_a, cast.year
    assert sources.interventions_for_school(school=school) is None
    assert sources.considered(school=school, school_year=year) is None
    assert sources.priorities(school=school, school_year=year) is None
    assert sources.budget_basis(school=school, school_year=year) is None
    assert sources.scan_status(school=school, school_year=year) is None
    assert sources.scan_statuses(schools=[school], school_year=year) == {}
    assert sources.scan_summary(school=school, school_year=year) is None
    assert sources.kanvas_moments(school=school, school_year=year) is None
    assert sources.surveys(school=school, school_year=year) is None
    assert sources.agreements(school=school, school_year=year) is None
    assert sources.goal_area_names() is None


@pytest.mark.parametrize("app", ["menukaart", "schoolscan", "kanvas", "ouderbetrokkenheid"])
def test_one_missing_app_leaves_the_others_readable(cast, missing_app, scan_priorities, app):
    from ouderbetrokkenheid.models import Agreement

    Agreement.objects.create(
        school=cast.school_a,
        school_year=cast.year,
        what="Koffieochtend",
        stages="onderbouw",
        frequency="maandelijks",
        who="Directeur",
        starts_on="2021-10-01",
    )
    missing_app.remove(app)
    school, year = cast.school_a, cast.year
    assert (sources.interventions_for_school(school=school) is None) == (app == "menukaart")
    assert (sources.goal_area_names() is None) == (app == "menukaart")
    assert (sources.scan_status(school=school, school_year=year) is None) == (app == "schoolscan")
    assert (sources.priorities(school=school, school_year=year) is None) == (app == "schoolscan")
    assert (sources.agreements(school=school, school_year=year) is None) == (app == "ouderbetrokkenheid")


def test_a_selector_module_without_the_function_degrades_too(cast, monkeypatch):
    monkeypatch.setitem(sys.modules, "kanvas.selectors", types.ModuleType("kanvas.selectors"))
    assert sources.group_concern(school=cast.school_a, group_names=["5a"], moment="2021-najaar") is None


def test_a_lookup_error_inside_a_selector_degrades(cast, fake_apps):
    def broken(*, school, school_year):
        raise LookupError("No installed app with label 'schoolscan'.")

    fake_apps.install("schoolscan", budget_basis=broken)
    assert sources.budget_basis(school=cast.school_a, school_year=cast.year) is None


def test_the_real_menukaart_gives_catalogue_and_own_interventions_never_another_schools(
    cast, own_intervention
):
    choices = sources.interventions_for_school(school=cast.school_a)
    by_name = {c.name: c for c in choices}
    kanjer = by_name["Kanjertraining"]
    assert (kanjer.goal_area, kanjer.own) == ("C", False)
    assert kanjer.nji_level == "Effectief volgens sterke aanwijzingen"
    assert kanjer.figures_source  # source and date of the catalogue figures
    assert by_name["Huiswerkklas De Regenboog"].own
    assert "Huiswerkklas Elders" not in by_name
    assert sources.goal_area_names()["B"] == "Effectievere inzet van onderwijs"


def test_the_real_schoolscan_gives_budget_basis_priorities_and_status(cast, scan_priorities):
    school, year = cast.school_a, cast.year
    # tests/schoolscan/helpers.py: 21..28 pupils per grade, 42.50 units
    assert sources.budget_basis(school=school, school_year=year) == {
        "pupils": sum(20 + g for g in range(1, 9)),
        "disadvantage_units": Decimal("42.50"),
    }
    [priority] = sources.priorities(school=school, school_year=year)
    assert (priority.ref, priority.label, priority.grades) == (
        scan_priorities.a.pk,
        "B – Begrijpend lezen",
        "5-6",
    )
    assert sources.scan_status(school=school, school_year=year) == "Concept"
    statuses = sources.scan_statuses(schools=[cast.school_a, cast.school_b], school_year=year)
    assert statuses == {cast.school_a.pk: "Concept", cast.school_b.pk: "Concept"}


def test_the_real_agreements_show_their_stages_and_frequency_in_words(cast):
    from ouderbetrokkenheid.models import Agreement

    Agreement.objects.create(
        school=cast.school_a,
        school_year=cast.year,
        what="Informatieavond per leerjaar",
        stages="onderbouw,bovenbouw",
        frequency="twee_per_jaar",
        who="Leerkrachten",
        starts_on="2021-09-15",
    )
    [row] = sources.agreements(school=cast.school_a, school_year=cast.year)
    assert (row["what"], row["stages"], row["frequency"]) == (
        "Informatieavond per leerjaar",
        "onderbouw, bovenbouw",
        "twee keer per jaar",
    )
    assert sources.agreements(school=cast.school_b, school_year=cast.year) is None

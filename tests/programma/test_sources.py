import sys
import types
from decimal import Decimal

import pytest

from npo_planner.programma import sources


class SelectorBug(AttributeError):
    """A bug inside another app's selector, like a mistyped attribute: the old guards made it "nog geen gegevens"."""


def _broken(**kwargs):
    raise SelectorBug("bug in a selector")


@pytest.mark.parametrize(
    ("app", "name", "call"),
    [
        (
            "menukaart",
            "interventions_for_school",
            lambda c: sources.interventions_for_school(school=c.school_a),
        ),
        ("menukaart", "considered_for", lambda c: sources.considered(school=c.school_a, school_year=c.year)),
        ("schoolscan", "budget_basis", lambda c: sources.budget_basis(school=c.school_a, school_year=c.year)),
        ("schoolscan", "priorities_for", lambda c: sources.priorities(school=c.school_a, school_year=c.year)),
        ("schoolscan", "scan_for", lambda c: sources.scan_status(school=c.school_a, school_year=c.year)),
        (
            "schoolscan",
            "scans_for_schools",
            lambda c: sources.scan_statuses(schools=[c.school_a], school_year=c.year),
        ),
        ("kanvas", "moments_for", lambda c: sources.kanvas_moments(school=c.school_a, school_year=c.year)),
        (
            "ouderbetrokkenheid",
            "agreements_for",
            lambda c: sources.agreements(school=c.school_a, school_year=c.year),
        ),
    ],
)
def test_an_error_inside_a_selector_is_raised_not_turned_into_no_data(cast, fake_apps, app, name, call):
    fake_apps.install(app, **{name: _broken})
    with pytest.raises(SelectorBug):
        call(cast)


@pytest.mark.parametrize("error", [ImportError, AttributeError, LookupError])
def test_a_missing_selector_is_an_error_too(cast, monkeypatch, error):
    def broken(**kwargs):
        raise error("selector gone")

    module = types.ModuleType("kanvas.selectors")
    module.moments_for = broken
    monkeypatch.setitem(sys.modules, "kanvas.selectors", module)
    with pytest.raises(error):
        sources.kanvas_moments(school=cast.school_a, school_year=cast.year)
    monkeypatch.setitem(sys.modules, "kanvas.selectors", None)  # the app's selectors cannot be imported
    with pytest.raises(ImportError):
        sources.kanvas_moments(school=cast.school_a, school_year=cast.year)


def test_a_broken_selector_makes_the_preview_fail_loudly(client, cast, fake_apps):
    from tests.programma.factories import make_item, make_programme

    programme = make_programme(cast.school_a, cast.year)
    make_item(programme)
    fake_apps.install("kanvas", moments_for=_broken)
    client.force_login(cast.director)
    client.raise_request_exception = False
    response = client.get(f"/{cast.school_a.brin}/programma/{programme.pk}/voorbeeld/")
    assert response.status_code == 500


def test_a_broken_selector_makes_the_pdf_fail_instead_of_dropping_a_section(
    client, cast, fake_apps, django_capture_on_commit_callbacks
):
    from npo_planner.jobs.models import Job
    from npo_planner.programma.models import Export
    from tests.programma.factories import make_item, make_programme
    from tests.queue import work_off_the_queue

    programme = make_programme(cast.school_a, cast.year)
    make_item(programme)
    fake_apps.install("ouderbetrokkenheid", surveys_for=_broken)
    client.force_login(cast.director)
    with django_capture_on_commit_callbacks(execute=True):
        started = client.get(f"/{cast.school_a.brin}/programma/{programme.pk}/pdf/")
    assert started.status_code == 302  # the PDF is made in the background
    work_off_the_queue()
    job = Job.objects.get()
    assert (
        job.status == Job.Status.FAILED and "SelectorBug" in job.error
    )  # the failure is visible, not hidden
    assert not Export.objects.exists()  # no PDF kept without its parents' section


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

import datetime
from decimal import Decimal

import pytest

from npo_planner.scholen.registry import cycle_steps
from npo_planner.scholen.roles import Role
from schoolscan import selectors
from schoolscan.cycle import schoolscan_step
from schoolscan.kanvas_adapter import kanvas_summary, proposed_moments
from schoolscan.models import SectionKey
from schoolscan.services import scan_create, scan_establish, scan_new_version
from tests.schoolscan.helpers import CONTEXT, complete_scan, save


def test_selectors_without_a_scan(cast):
    kwargs = {"school": cast.school_a, "school_year": cast.year}
    assert selectors.scan_for(**kwargs) is None
    assert selectors.priorities_for(**kwargs) == []
    assert selectors.budget_basis(**kwargs) == {"pupils": None, "disadvantage_units": None}
    assert selectors.scan_summary(**kwargs) == []


def test_scan_for_gives_the_latest_version_and_its_status(cast):
    scan = complete_scan(cast.school_a, cast.year, cast.director)
    scan_establish(scan=scan, user=cast.director)
    found = selectors.scan_for(school=cast.school_a, school_year=cast.year)
    assert found == scan and found.status == "vastgesteld" and found.get_status_display() == "Vastgesteld"
    new = scan_new_version(scan=scan, user=cast.director)
    assert selectors.scan_for(school=cast.school_a, school_year=cast.year) == new
    assert selectors.scan_for(school=cast.school_b, school_year=cast.year) is None


def test_priorities_for_in_their_order(cast):
    scan = scan_create(school=cast.school_a, school_year=cast.year, user=cast.director)
    rows = [
        {"title": "Lezen", "goal_area": "B", "grades": "5-6", "aim": "a"},
        {"title": "Welbevinden", "goal_area": "C", "grades": "1-8", "aim": "b"},
        {"title": "Rekenen", "goal_area": "B", "grades": "7", "aim": "c"},
    ]
    save(scan, SectionKey.CONCLUSIONS, cast.director, {"summary": ""}, rows)
    found = selectors.priorities_for(school=cast.school_a, school_year=cast.year)
    assert [(p.title, p.goal_area, p.grades) for p in found] == [
        ("Lezen", "B", "5-6"),
        ("Welbevinden", "C", "1-8"),
        ("Rekenen", "B", "7"),
    ]
    assert found[2].grade_range == (7, 7) and found[0].grade_range == (5, 6)


def test_budget_basis_from_section_one(cast):
    scan = scan_create(school=cast.school_a, school_year=cast.year, user=cast.director)
    save(scan, SectionKey.CONTEXT, cast.director, {"pupils_5": 24, "pupils_6": 26, "population": ""})
    assert selectors.budget_basis(school=cast.school_a, school_year=cast.year) == {
        "pupils": 50,
        "disadvantage_units": None,
    }
    save(scan, SectionKey.CONTEXT, cast.director, CONTEXT)
    basis = selectors.budget_basis(school=cast.school_a, school_year=cast.year)
    assert basis == {"pupils": sum(20 + g for g in range(1, 9)), "disadvantage_units": Decimal("42.50")}


def test_scan_summary_has_every_section_and_hides_small_cells(cast):
    scan = complete_scan(cast.school_a, cast.year, cast.director)
    summary = dict(selectors.scan_summary(school=cast.school_a, school_year=cast.year))
    assert list(summary) == [
        "Context van de school",
        "Cognitieve ontwikkeling",
        "Sociaal-emotionele ontwikkeling en welbevinden",
        "Executieve functies",
        "Basisvoorwaarden",
        "Conclusies en speerpunten",
    ]
    assert summary["Context van de school"][0].startswith("Leerlingen: 196 (per groep 1: 21")
    assert any("35,0% onder de norm" in line for line in summary["Cognitieve ontwikkeling"])
    assert any(
        "Begrijpend lezen (doelgebied B, groep 5-6)" in line for line in summary["Conclusies en speerpunten"]
    )
    assert "Nog geen KanVAS-gegevens." in summary["Sociaal-emotionele ontwikkeling en welbevinden"]
    save(scan, SectionKey.CONTEXT, cast.director, {**CONTEXT, "pupils_5": 4})
    summary = dict(selectors.scan_summary(school=cast.school_a, school_year=cast.year))
    cognitive = " ".join(summary["Cognitieve ontwikkeling"])
    assert "35,0" not in cognitive and "< 5 onder de norm" in cognitive


def _fake_kanvas(monkeypatch, *, moments, groups, summary, drop=()):
    """Stand-ins for the kanvas selectors the scan reads, on the real module (the rest of it stays in place)."""
    from kanvas import selectors as real

    monkeypatch.setattr(real, "all_moments", lambda *, school: moments)
    monkeypatch.setattr(real, "klassenzorgscore_per_group", lambda *, school, moment, compare=None: groups)
    monkeypatch.setattr(real, "school_summary", lambda *, school, moment, compare=None: summary)
    for name in drop:
        monkeypatch.delattr(real, name)


GROUPS = [
    {
        "group": "5a",
        "grade": 5,
        "n": 24,
        "score": 37.5,
        "scales": {"NI": 8.3, "OS": 25.0, "OV": 12.5, "HS": None},
        "previous": 20.8,
        "change": 16.7,
        "previous_groups": ["4a"],
        "suppressed": False,
    },
    {
        "group": "6a",
        "grade": 6,
        "n": 3,
        "score": None,
        "scales": {},
        "previous": None,
        "change": None,
        "suppressed": True,
    },
    {  # the next smallest beside 6a: the adapter hides it too, so 6a cannot follow from the school figures
        "group": "7a",
        "grade": 7,
        "n": 10,
        "score": 30.0,
        "scales": {"NI": 10.0, "OS": 20.0, "OV": 10.0, "HS": None},
        "previous": 20.0,
        "change": 10.0,
        "suppressed": False,
    },
]
SUMMARY = {
    "n": 37,
    "klassenzorgscore": 33.3,
    "klassenzorgscore_change": 8.0,
    "welbevinden": 3.1,
    "welbevinden_change": -0.2,
    "veiligheidsbeleving": 3.4,  # the real kanvas.selectors.school_summary shape (flat, `<metric>_change`)
    "veiligheidsbeleving_change": 0.0,
    "suppressed": False,
}


def test_kanvas_summary_is_none_without_kanvas_data(cast):
    assert proposed_moments(school=cast.school_a, on=datetime.date(2022, 5, 1)) == ("", "")
    assert kanvas_summary(school=cast.school_a, moment="", compare="") is None


def test_kanvas_summary_reads_the_kanvas_selectors(cast, monkeypatch):
    _fake_kanvas(monkeypatch, moments=["2021-najaar", "2022-voorjaar"], groups=GROUPS, summary=SUMMARY)
    result = kanvas_summary(school=cast.school_a, moment="2022-voorjaar", compare="2021-najaar")
    assert result["moment"] == "2022-voorjaar" and result["previous"] == "2021-najaar"
    assert result["same_pupils"] is True
    assert result["groups"][0] == {
        "group": "5a",
        "grade": 5,
        "n": 24,
        "score": 37.5,
        "previous": 20.8,
        "change": 16.7,
        "os": 25.0,
        "ov": 12.5,
        "suppressed": False,
        "previous_groups": ["4a"],
        "highlight": True,
        "hidden_label": None,
    }
    assert result["groups"][1]["suppressed"] and result["groups"][1]["score"] is None
    assert result["groups"][1]["hidden_label"] == "< 5"
    seven = result["groups"][2]
    assert seven["suppressed"] and seven["score"] is None and seven["hidden_label"] == "afgeschermd"
    assert [(m["name"], m["value"], m["change"]) for m in result["school"]] == [
        ("klassenzorgscore", 33.3, 8.0),
        ("welbevinden", 3.1, -0.2),
        ("veiligheidsbeleving", 3.4, 0.0),
    ]


def test_kanvas_summary_reads_the_real_kanvas_demo(db):
    """No stand-in: the real kanvas selectors on the demo's two KanVAS moments of 12AB."""
    import io

    from django.core.management import call_command

    from npo_planner.scholen.models import School, SchoolYear

    call_command("demo", stdout=io.StringIO())
    school = School.objects.get(brin="12AB")
    result = kanvas_summary(school=school, moment="2022-voorjaar", compare="2021-najaar")
    assert (result["moment"], result["previous"], result["suppressed"]) == (
        "2022-voorjaar",
        "2021-najaar",
        False,
    )
    assert [(m["name"], m["value"], m["change"]) for m in result["school"]] == [
        ("klassenzorgscore", 13.0, 7.0),
        ("welbevinden", 3.2, -0.1),
        ("veiligheidsbeleving", 3.4, 0.0),
    ]
    six_a = next(g for g in result["groups"] if g["group"] == "6a")
    assert (six_a["score"], six_a["previous"], six_a["change"], six_a["os"], six_a["highlight"]) == (
        36.0,
        4.0,
        32.0,
        32.0,
        True,
    )
    lines = dict(selectors.scan_summary(school=school, school_year=SchoolYear.objects.get(label="2021-2022")))
    assert (
        "KanVAS 2022-voorjaar, Klassenzorgscore (%): 13,0 (verandering sinds 2021-najaar: +7,0)"
        in lines["Sociaal-emotionele ontwikkeling en welbevinden"]
    )


def test_section_three_page_and_an_established_snapshot_with_the_real_kanvas_demo(client, db):
    import io

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from npo_planner.scholen.models import School, SchoolYear

    call_command("demo", stdout=io.StringIO())
    school, year = School.objects.get(brin="12AB"), SchoolYear.objects.get(label="2021-2022")
    director = get_user_model().objects.get(username="directeur")
    client.force_login(director)
    html = client.get(f"/{school.brin}/schoolscan/onderdeel/sociaal-emotioneel/").content.decode()
    assert "Meetmoment 2022-voorjaar, vergeleken met 2021-najaar." in html
    assert "36,0" in html and "+32,0" in html and 'class="highlight-change"' in html
    # establishing a new version keeps the real KanVAS summary as a snapshot
    scan = scan_new_version(scan=selectors.scan_for(school=school, school_year=year), user=director)
    scan_establish(scan=scan, user=director)
    scan.refresh_from_db()
    snapshot = scan.wellbeing.kanvas_snapshot
    assert snapshot["moment"] == "2022-voorjaar"
    assert snapshot["school"][0] == {
        "name": "klassenzorgscore",
        "label": "Klassenzorgscore (%)",
        "value": 13.0,
        "change": 7.0,
    }
    assert selectors.kanvas_for_scan(scan=scan)["snapshot"] is True


def test_scans_for_schools_reads_every_schools_scan_in_one_query(cast, django_assert_num_queries):
    first_a = complete_scan(cast.school_a, cast.year, cast.director)
    scan_establish(scan=first_a, user=cast.director)
    scan_a = scan_new_version(scan=first_a, user=cast.director)  # the latest version counts
    scan_b = scan_create(school=cast.school_b, school_year=cast.year, user=cast.director_b)
    with django_assert_num_queries(1):
        scans = selectors.scans_for_schools(schools=[cast.school_a, cast.school_b], school_year=cast.year)
        bases = {pk: selectors.budget_basis_of(scan=scan) for pk, scan in scans.items()}
    assert scans == {cast.school_a.pk: scan_a, cast.school_b.pk: scan_b}
    assert bases[cast.school_a.pk] == selectors.budget_basis(school=cast.school_a, school_year=cast.year)
    assert bases[cast.school_b.pk] == {"pupils": None, "disadvantage_units": None}
    assert selectors.scans_for_schools(schools=[cast.school_a], school_year=None) == {}


def test_a_missing_kanvas_selector_is_an_error_not_no_data(cast, monkeypatch):
    """Changed rule: kanvas is always installed, so a missing selector is a bug and is not shown as 'no data'."""
    _fake_kanvas(
        monkeypatch, moments=["2021-najaar"], groups=GROUPS, summary=SUMMARY, drop=["school_summary"]
    )
    with pytest.raises(AttributeError):
        kanvas_summary(school=cast.school_a, moment="2021-najaar")
    assert proposed_moments(school=cast.school_a, on=datetime.date(2022, 5, 1), moments=[]) == ("", "")


def test_section_three_shows_the_kanvas_summary_once_data_exists(client, cast, monkeypatch):
    scan_create(school=cast.school_a, school_year=cast.year, user=cast.director)
    client.force_login(cast.ib)
    url = f"/{cast.school_a.brin}/schoolscan/onderdeel/sociaal-emotioneel/"
    assert "Nog geen KanVAS-gegevens" in client.get(url).content.decode()
    _fake_kanvas(monkeypatch, moments=["2021-najaar", "2022-voorjaar"], groups=GROUPS, summary=SUMMARY)
    html = client.get(url).content.decode()
    assert "Nog geen KanVAS-gegevens" not in html
    assert "Meetmoment 2022-voorjaar, vergeleken met 2021-najaar." in html
    assert "37,5" in html and "+16,7" in html and 'class="highlight-change"' in html
    assert "&lt; 5" in html  # group 6a is too small to show


def test_an_established_scan_keeps_its_kanvas_snapshot(cast, monkeypatch):
    _fake_kanvas(monkeypatch, moments=["2021-najaar", "2022-voorjaar"], groups=GROUPS, summary=SUMMARY)
    scan = complete_scan(cast.school_a, cast.year, cast.director)
    scan_establish(scan=scan, user=cast.director)
    _fake_kanvas(monkeypatch, moments=["2021-najaar"], groups=[], summary={})
    scan.refresh_from_db()
    shown = selectors.kanvas_for_scan(scan=scan)
    assert shown["snapshot"] and shown["moment"] == "2022-voorjaar"
    summary = dict(selectors.scan_summary(school=cast.school_a, school_year=cast.year))
    assert any(
        "Klassenzorgscore (%): 33,3" in line
        for line in summary["Sociaal-emotionele ontwikkeling en welbevinden"]
    )


def test_a_scan_established_before_any_kanvas_data_shows_the_later_data_as_later(cast, client, monkeypatch):
    _fake_kanvas(monkeypatch, moments=[], groups=[], summary={})
    scan = complete_scan(cast.school_a, cast.year, cast.director)
    scan_establish(scan=scan, user=cast.director)
    _fake_kanvas(monkeypatch, moments=["2021-najaar", "2022-voorjaar"], groups=GROUPS, summary=SUMMARY)
    scan.refresh_from_db()
    shown = selectors.kanvas_for_scan(scan=scan)
    assert shown["after_established"] and not shown.get("snapshot") and shown["moment"] == "2022-voorjaar"
    client.force_login(cast.director)
    html = client.get(f"/{cast.school_a.brin}/schoolscan/onderdeel/sociaal-emotioneel/").content.decode()
    assert "dit zijn de huidige, van na het vaststellen" in html


def test_dashboard_step_follows_the_scan(cast, django_assert_max_num_queries):
    kwargs = {"school": cast.school_a, "school_year": cast.year, "role": Role.DIRECTEUR}
    (step,) = schoolscan_step(**kwargs)
    assert step.state == "todo" and step.status == "Nog niet gestart" and step.url.endswith("/schoolscan/")
    scan = scan_create(school=cast.school_a, school_year=cast.year, user=cast.director)
    save(scan, SectionKey.CONTEXT, cast.director, CONTEXT)
    with django_assert_max_num_queries(2):
        (step,) = schoolscan_step(**kwargs)
    assert step.state == "busy" and step.status == "Concept: 1 van 6 onderdelen volledig"
    assert "Nog niet volledig: Executieve functies" in step.details
    scan.delete()
    scan = complete_scan(cast.school_a, cast.year, cast.director)
    scan_establish(scan=scan, user=cast.director)
    (step,) = schoolscan_step(**kwargs)
    assert step.state == "done" and step.status.startswith("Vastgesteld op")
    assert any(s.title == "Schoolscan" for s in cycle_steps(**kwargs))


@pytest.mark.parametrize("brin", ["12AB"])
def test_demo_loads_an_established_and_a_concept_scan_and_is_idempotent(db, brin):
    from npo_planner.scholen.demo import load_core
    from schoolscan import demo

    ctx = load_core()
    demo.load(ctx)
    demo.load(ctx)
    a = selectors.scan_for(school=ctx.school_a, school_year=ctx.year)
    b = selectors.scan_for(school=ctx.school_b, school_year=ctx.year)
    assert a.status == "vastgesteld" and a.number == 1
    assert b.status == "concept"
    priorities = selectors.priorities_for(school=ctx.school_a, school_year=ctx.year)
    assert 3 <= len(priorities) <= 4
    assert {p.goal_area for p in priorities} >= {"B", "C"}
    assert selectors.budget_basis(school=ctx.school_a, school_year=ctx.year)["pupils"] == 200
    from schoolscan.models import Scan

    assert Scan.objects.count() == 2


def test_delays_for_gives_section_two_per_domain_and_grade_and_hides_a_small_grades_share(cast):
    assert selectors.delays_for(school=cast.school_a, school_year=cast.year) == []
    scan = complete_scan(cast.school_a, cast.year, cast.director)
    row = {"domain": "Begrijpend lezen", "grade": 5, "delay_months": -4.0, "share_below_norm": 35.0}
    assert selectors.delays_for(school=cast.school_a, school_year=cast.year) == [row]
    save(scan, SectionKey.CONTEXT, cast.director, {**CONTEXT, "pupils_5": 3})
    assert selectors.delays_for(school=cast.school_a, school_year=cast.year) == [
        {**row, "share_below_norm": None}
    ]

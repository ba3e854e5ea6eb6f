import re

from django.template.loader import render_to_string
from django.urls import reverse

from npo_planner.programma import report
from tests.programma.factories import make_item, make_programme, submit


def test_target_group_names_are_found_in_free_text():
    names = {"5a", "6a", "7b"}
    assert report.target_group_names("5a, 6a", names) == ["5a", "6a"]
    assert report.target_group_names("groepen 5A en 7b", names) == ["5a", "7b"]
    assert report.target_group_names("hele school", names) == []


def test_combination_groups_are_found_in_an_items_target_groups():
    names = {"1/2", "5/6", "5a", "7/8b"}
    assert report.target_group_names("1/2, 5/6", names) == ["1/2", "5/6"]
    assert report.target_group_names("groep 7/8B en 5a", names) == ["5a", "7/8b"]
    assert report.target_group_names("5a/6a", {"5a", "6a"}) == ["5a", "6a"]
    assert report.target_group_names("15/16", names) == []


def test_monitoring_fills_itself_from_kanvas_parents_and_the_next_scan(cast, fake_apps):
    programme = make_programme(cast.school_a, cast.year)
    make_item(programme, name="Begrijpend lezen", priority="Begrijpend lezen groep 5-6", target_groups="5a")
    make_item(programme, name="Kanjertraining", goal_area="C", target_groups="hele school")
    context = report.build(programme)
    lezen, kanjer = context["items"]
    assert lezen.monitoring_moments == ("2021-najaar", "2022-voorjaar")
    assert lezen.monitoring == [
        {
            "group": "5a",
            "before": 33.3,
            "after": 20.8,
            "change": -12.5,
            "signals_before": {"NI": 4.0, "OS": 8.0, "OV": 12.0, "HS": 0.0},
            "signals_after": {"NI": 4.0, "OS": 8.0, "OV": 12.0, "HS": 0.0},
            "suppressed": False,
            "hidden_label": None,
            "measured": True,
        }
    ]
    assert lezen.next_scan == [
        {"domain": "Begrijpend lezen", "grade": 5, "delay_months": -4.0, "share_below_norm": 35.0}
    ]
    assert kanjer.monitoring == [] and kanjer.next_scan == []


def test_monitoring_says_nog_geen_meting_without_data(client, cast):
    programme = make_programme(cast.school_a, cast.year)
    make_item(programme, name="Ouderavonden", goal_area="F", target_groups="5a")
    context = report.build(programme)
    item = context["items"][0]
    assert item.monitoring == [] and item.next_scan is None and item.parent_measure is None
    client.force_login(cast.director)
    page = client.get(
        reverse("programma:preview", kwargs={"brin": "11AA", "programme_id": programme.pk})
    ).content.decode()
    # Issue 18: said once above the items, not three lines under every item.
    assert (
        "Nog geen meting voor alle interventies: de KanVAS-monitoring van de doelgroepen, de volgende "
        "ouderpeiling en de volgende schoolscan." in page
    )
    assert page.count("nog geen meting") == 0
    assert "Volgende schoolscan: nog geen meting." not in page


def test_a_source_measured_for_some_items_is_said_per_item():
    from types import SimpleNamespace

    from npo_planner.programma.monitoring_gaps import gaps

    measured = SimpleNamespace(monitoring=[{"group": "5a"}], parent_measure=None, next_scan=None)
    unmeasured = SimpleNamespace(monitoring=[], parent_measure=None, next_scan=None)
    result = gaps([measured, unmeasured])
    assert result["kanvas"] is False and result["parents"] is True and result["scan"] is True
    assert result["text"] == (
        "Nog geen meting voor alle interventies: de volgende ouderpeiling en de volgende schoolscan."
    )
    assert gaps([])["text"] == ""


def test_timeline_marks_the_months_an_item_runs(cast):
    import datetime

    programme = make_programme(cast.school_a, cast.year)
    make_item(programme, starts_on=datetime.date(2021, 10, 15), ends_on=datetime.date(2022, 1, 10))
    context = report.build(programme)
    months = context["items"][0].months
    assert len(months) == 24 == len(context["month_labels"])
    assert [i for i, on in enumerate(months) if on] == [2, 3, 4, 5]
    # one cell per run of months in the timeline (WeasyPrint lays out 48 cells per row slowly)
    assert context["items"][0].month_runs == [(False, 2), (True, 4), (False, 18)]
    html = render_to_string("programma/pdf.html", context)
    row = re.search(r'<tr><th scope="row">[^<]*</th>(<td class="month.*?)</tr>', html).group(1)
    assert (
        row
        == '<td class="month" colspan="2"></td><td class="month on" colspan="4">■</td><td class="month" colspan="18"></td>'
    )


def test_a_cell_the_survey_selector_suppressed_stays_hidden_even_with_5_or_more_answers():
    # ouderbetrokkenheid.selectors.survey_results hides e.g. a bouw whose complement is under 5 (n can be >= 5)
    results = {
        "n": {"ouder": 40, "team": 12},
        "statements": [
            {
                "number": 1,
                "text": "Stelling",
                "ouder": {"n": 40, "agree_pct": 50.0, "suppressed": False},
                "team": {"n": 6, "agree_pct": None, "suppressed": True},
            }
        ],
        "options": [
            {
                "number": 1,
                "text": "Optie",
                "ouder": {"points": 90, "rank": 1, "suppressed": False},
                "team": {"points": None, "rank": None, "suppressed": True},
            }
        ],
    }
    [statement] = report._statement_rows(results)
    assert statement["ouder"] == {"value": 50.0, "suppressed": False}
    assert statement["team"] == {"value": None, "suppressed": True}
    [option] = report._option_rows(results)
    assert option["team"]["suppressed"] and option["ouder"]["points"] == 90
    assert report._agree(results) == {"ouder": 50.0, "team": None}


def test_preview_shows_a_gmr_refusal_and_the_mrs_lapsed_decision(client, cast):
    import datetime

    from npo_planner.programma import services
    from npo_planner.programma.models import Council

    programme = make_programme(cast.school_a, cast.year)
    make_item(programme, name="Rekenspecialist van het bestuur", above_school_level=True)
    programme.refresh_from_db()
    submit(programme, cast.director)
    programme.refresh_from_db()
    services.programme_decide(
        programme=programme,
        user=cast.board_member,
        expected_version=programme.version,
        consent=False,
        decided_on=datetime.date(2021, 11, 2),
        remarks="Eerst overleg met de andere scholen",
        council=Council.GMR,
    )
    programme.refresh_from_db()
    context = report.build(programme)
    assert context["decided"] == context["latest_submission"] and context["awaiting"] == []
    client.force_login(cast.director)
    page = client.get(
        reverse("programma:preview", kwargs={"brin": "11AA", "programme_id": programme.pk})
    ).content.decode()
    assert "Versie 1, MR: Vervallen (de andere raad stemde niet in)." in page
    assert "Versie 1, GMR: Geen instemming op 2 november 2021." in page
    assert "Opmerkingen van de GMR: Eerst overleg met de andere scholen" in page
    assert "Status: Concept – GMR-besluit geen instemming op 2 november 2021" in page


def test_a_combination_group_target_covers_both_its_grades(cast, monkeypatch):
    from npo_planner.programma import sources
    from tests.factories import GroupFactory

    GroupFactory(school=cast.school_a, school_year=cast.year, name="5/6", grade=5)
    rows = [
        {"domain": "Begrijpend lezen", "grade": grade, "delay_months": -1.0 * grade, "share_below_norm": None}
        for grade in (4, 5, 6, 7)
    ]
    monkeypatch.setattr(sources, "scan_delays", lambda *, school, school_year: rows)
    programme = make_programme(cast.school_a, cast.year)
    make_item(programme, name="Begrijpend lezen", priority="Begrijpend lezen", target_groups="5/6")
    lezen = report.build(programme)["items"][0]
    assert [d["grade"] for d in lezen.start_scan] == [5, 6]


def test_a_combination_group_with_another_name_covers_its_pupils_grades(cast, monkeypatch):
    """A group named "Bijen" holding grade-5 and grade-6 pupils (Enrollment.grade) serves both grades."""
    from npo_planner.programma import sources
    from tests.factories import EnrollmentFactory, GroupFactory

    bees = GroupFactory(school=cast.school_a, school_year=cast.year, name="Bijen", grade=5)
    EnrollmentFactory(group=bees, pupil__code="BIJ5", grade=5)
    EnrollmentFactory(group=bees, pupil__code="BIJ6", grade=6)
    rows = [
        {"domain": "Begrijpend lezen", "grade": grade, "delay_months": -1.0 * grade, "share_below_norm": None}
        for grade in (4, 5, 6, 7)
    ]
    monkeypatch.setattr(sources, "scan_delays", lambda *, school, school_year: rows)
    programme = make_programme(cast.school_a, cast.year)
    make_item(programme, name="Begrijpend lezen", priority="Begrijpend lezen", target_groups="Bijen")
    lezen = report.build(programme)["items"][0]
    assert [d["grade"] for d in lezen.start_scan] == [5, 6]

"""The 10-point highlight of a change in the klassenzorgscore, in the programme's report (HTML and PDF): exactly 10
points (up or down) is highlighted, 9.9 is not, and a hidden (small or suppressed) group never is."""

from npo_planner.programma import report, sources
from tests.programma.factories import make_programme


def _row(group, change, n=20, suppressed=False):
    return {
        "group": group,
        "n": n,
        "score": 40.0,
        "previous": 40.0 - change,
        "change": change,
        "scales": {},
        "suppressed": suppressed,
    }


def test_the_report_highlights_a_change_of_ten_points_or_more(cast, monkeypatch):
    programme = make_programme(cast.school_a, cast.year)
    rows = [
        _row("5a", 10.0),
        _row("5b", 9.9),
        _row("6a", -10.0),
        _row("6b", -9.9),
        _row("7a", 30.0, suppressed=True),
        _row("7b", 30.0),
        _row("8a", 30.0),
    ]
    monkeypatch.setattr(
        sources,
        "kanvas_moments",
        lambda *, school, school_year: ["najaar 2021", "voorjaar 2022"] if school_year == cast.year else None,
    )
    monkeypatch.setattr(sources, "kanvas_groups", lambda *, school, moment, compare=None: rows)
    monkeypatch.setattr(sources, "kanvas_school", lambda *, school, moment, compare=None: None)
    kanvas = report._kanvas(programme)
    highlight = {row["group"]: row["highlight"] for row in kanvas["rows"]}
    assert highlight == {
        "5a": True,
        "5b": False,
        "6a": True,
        "6b": False,
        "7a": False,  # hidden: its change is not shown, so neither is a highlight that would give it away
        "7b": True,
        "8a": True,
    }

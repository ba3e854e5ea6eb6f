"""Survey results per bouw and for the whole school: no group of fewer than 5 respondents follows from the pages
together (whole school minus onderbouw minus middenbouw gave the hidden bovenbouw exactly)."""

import pytest
from django.urls import reverse

from npo_planner.lib.privacy import TOTAL
from ouderbetrokkenheid.models import Stage
from ouderbetrokkenheid.report import report_rows
from ouderbetrokkenheid.selectors import survey_results
from tests.lib.test_small_cells import attack
from tests.ouderbetrokkenheid.factories import add_responses, sample_survey

pytestmark = pytest.mark.django_db
STAGES = list(Stage.values)


def parents(n, answers, stages):
    return [("ouder", dict(answers), stages, "")] * n


def published(survey):
    """Every page the board can open: the whole school and each bouw."""
    return {TOTAL: survey_results(survey=survey)} | {
        s: survey_results(survey=survey, stage=s) for s in STAGES
    }


def assert_nothing_follows(survey, people_per_item: dict):
    """For every statement and option answered, the shown cells of all pages together yield no small group."""
    pages = published(survey)
    for part in ("statements", "options"):
        for index, row in enumerate(pages[TOTAL][part]):
            atoms = people_per_item.get((part, row["number"]))
            if not atoms:
                continue
            cells = {
                cell: [c for c in atoms if cell == TOTAL or cell in c]
                for cell, page in pages.items()
                if not page[part][index]["ouder"]["suppressed"] and page[part][index]["ouder"]["n"]
            }
            assert attack(atoms, cells) == [], (part, row["number"], sorted(cells))


def test_whole_school_minus_two_bouwen_does_not_give_the_third(cast):
    survey = sample_survey(cast)
    add_responses(
        survey,
        cast.director,
        parents(10, {"s1": 4, "p1": 3}, ("onderbouw",))
        + parents(8, {"s1": 3, "p1": 2}, ("middenbouw",))
        + parents(3, {"s1": 1, "p1": 1}, ("bovenbouw",)),
    )
    pages = published(survey)
    # the attack of the issue, by hand: whole (21) − onderbouw (10) − middenbouw (8) = the 3 bovenbouw parents
    shown = [
        s for s in (TOTAL, "onderbouw", "middenbouw") if not pages[s]["statements"][0]["ouder"]["suppressed"]
    ]
    assert len(shown) < 3
    assert pages["bovenbouw"]["statements"][0]["ouder"]["hidden_label"] == "< 5"
    assert pages["middenbouw"]["statements"][0]["ouder"]["hidden_label"] == "afgeschermd"
    assert pages["middenbouw"]["suppressed"]["ouder"] and not pages["onderbouw"]["suppressed"]["ouder"]
    assert pages[TOTAL]["statements"][0]["ouder"]["pct"][4] == pytest.approx(1000 / 21)  # the whole stays
    atoms = {("onderbouw",): 10, ("middenbouw",): 8, ("bovenbouw",): 3}
    assert_nothing_follows(survey, {("statements", 1): atoms, ("options", 1): atoms})
    csv_rows = [r for r in report_rows(pages["middenbouw"]) if r[:3] == ["stelling", 1, "ouder"]]
    assert csv_rows == [["stelling", 1, "ouder", "afgeschermd", "", "", "", "", "", "", ""]]


def test_respondents_without_bouw_or_in_two_bouwen_give_nobody_away(cast):
    survey = sample_survey(cast)
    add_responses(
        survey,
        cast.director,
        parents(9, {"s1": 4}, ("onderbouw",))
        + parents(7, {"s1": 2}, ("bovenbouw",))
        + parents(6, {"s1": 3}, ("middenbouw",))
        + parents(2, {"s1": 1}, ("onderbouw", "bovenbouw"))
        + parents(3, {"s1": 1}, ()),
    )
    atoms = {("onderbouw",): 9, ("bovenbouw",): 7, ("middenbouw",): 6, ("onderbouw", "bovenbouw"): 2, (): 3}
    assert_nothing_follows(survey, {("statements", 1): atoms})
    assert not published(survey)[TOTAL]["statements"][0]["ouder"]["suppressed"]


def test_an_item_answered_by_few_in_one_bouw_hides_a_second_bouw_for_that_item(cast):
    survey = sample_survey(cast)
    add_responses(
        survey,
        cast.director,
        parents(10, {"s1": 4, "s2": 4}, ("onderbouw",))
        + parents(8, {"s1": 3, "s2": 2}, ("middenbouw",))
        + parents(2, {"s1": 1, "s2": 1}, ("bovenbouw",))
        + parents(4, {"s1": 1}, ("bovenbouw",)),
    )
    people = {
        ("statements", 1): {("onderbouw",): 10, ("middenbouw",): 8, ("bovenbouw",): 6},
        ("statements", 2): {("onderbouw",): 10, ("middenbouw",): 8, ("bovenbouw",): 2},
    }
    assert_nothing_follows(survey, people)
    middle = survey_results(survey=survey, stage="middenbouw")["statements"]
    assert not middle[0]["ouder"]["suppressed"] and middle[1]["ouder"]["suppressed"]


def test_the_board_sees_the_complement_hidden_on_the_results_page(client, cast):
    survey = sample_survey(cast)
    add_responses(
        survey,
        cast.director,
        parents(10, {"s1": 4}, ("onderbouw",))
        + parents(8, {"s1": 3}, ("middenbouw",))
        + parents(3, {"s1": 1}, ("bovenbouw",)),
    )
    client.force_login(cast.board_member)
    base = reverse("ouderbetrokkenheid:results", kwargs={"brin": cast.school_a.brin, "survey_id": survey.pk})
    html = client.get(base + "?bouw=middenbouw").content.decode()
    assert "afgeschermd" in html and "100,0" not in html
    html = client.get(base + "?bouw=onderbouw").content.decode()
    assert "100,0" in html


def test_the_remark_tally_hides_a_bouw_that_would_follow_from_the_others(cast):
    from ouderbetrokkenheid.selectors import theme_tally

    survey = sample_survey(cast)
    rows = []
    for stage, n in (("onderbouw", 10), ("middenbouw", 8), ("bovenbouw", 3)):
        rows += [("ouder", {}, (stage,), "Het parkeren bij school is gevaarlijk")] * n
    add_responses(survey, cast.director, rows)
    board = {s: theme_tally(survey=survey, stage=s, small_cells=True)[0] for s in [None, *STAGES]}
    assert board[None]["ouder"] == 21 and board["onderbouw"]["ouder"] == 10
    assert (board["bovenbouw"]["ouder"], board["bovenbouw"]["ouder_label"]) == (None, "< 5")
    assert (board["middenbouw"]["ouder"], board["middenbouw"]["ouder_label"]) == (None, "afgeschermd")
    assert board["middenbouw"]["total"] is None
    staff = theme_tally(survey=survey, stage="bovenbouw")[0]
    assert staff["ouder"] == 3  # staff read the remarks themselves

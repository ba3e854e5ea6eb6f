import pytest

from ouderbetrokkenheid.selectors import (
    agreements_for,
    dense_ranks,
    survey_comparison,
    survey_results,
    surveys_for,
    theme_tally,
)
from ouderbetrokkenheid.services import remarks_tag
from tests.ouderbetrokkenheid.factories import add_responses, sample_agreement, sample_survey

pytestmark = pytest.mark.django_db


def parents(n, answers, stages=("onderbouw",), remark=""):
    return [("ouder", dict(answers), stages, remark)] * n


def test_dense_ranks_share_a_place_and_the_next_follows_on():
    assert dense_ranks({1: 10, 2: 12, 3: 12, 4: 7}) == {1: 2, 2: 1, 3: 1, 4: 3}
    assert dense_ranks({1: None, 2: 5}) == {1: None, 2: 1}


def test_percentages_agreement_and_mean_per_statement(cast):
    survey = sample_survey(cast)
    # 10 parents on s1: 1×1, 2×2, 3×3, 4×4
    rows = []
    for value, times in ((1, 1), (2, 2), (3, 3), (4, 4)):
        rows += parents(times, {"s1": value})
    add_responses(survey, cast.director, rows)
    s1 = survey_results(survey=survey)["statements"][0]["ouder"]
    assert s1["n"] == 10
    assert s1["pct"] == {1: 10.0, 2: 20.0, 3: 30.0, 4: 40.0}
    assert s1["agree_pct"] == pytest.approx(70.0)
    assert s1["mean"] == pytest.approx(3.0)
    assert s1["suppressed"] is False


def test_missing_answers_count_only_those_who_answered(cast):
    survey = sample_survey(cast)
    add_responses(survey, cast.director, parents(5, {"s1": 4}) + parents(3, {"s2": 2}))
    results = survey_results(survey=survey)
    assert results["n"]["ouder"] == 8
    s1 = results["statements"][0]["ouder"]
    assert s1["n"] == 5 and s1["pct"][4] == 100.0
    s2 = results["statements"][1]["ouder"]
    assert s2["n"] == 3 and s2["suppressed"] and s2["pct"][2] is None  # answered by fewer than 5


def test_parents_only_statements_have_no_team_figures(cast):
    survey = sample_survey(cast)
    add_responses(survey, cast.director, parents(5, {"s8": 3}) + [("team", {"s1": 2}, (), "")] * 5)
    results = survey_results(survey=survey)
    s8 = next(s for s in results["statements"] if s["number"] == 8)
    assert s8["parents_only"] and s8["team"] is None
    assert s8["ouder"]["pct"][3] == 100.0
    assert results["statements"][0]["team"]["n"] == 5


def test_group_of_fewer_than_five_respondents_is_suppressed_entirely(cast):
    survey = sample_survey(cast)
    add_responses(
        survey, cast.director, parents(6, {"s1": 3, "p1": 3}) + [("team", {"s1": 1, "p1": 1}, (), "")] * 4
    )
    results = survey_results(survey=survey)
    assert results["suppressed"] == {"ouder": False, "team": True}
    team_s1 = results["statements"][0]["team"]
    assert team_s1["suppressed"] and team_s1["mean"] is None and team_s1["agree_pct"] is None
    team_p1 = results["options"][0]["team"]
    assert team_p1["points"] is None and team_p1["rank"] is None


def test_options_points_shares_and_ranks_with_ties(cast):
    survey = sample_survey(cast)
    # p1 and p2 tie on 15 points, p3 has 10: ranks 1, 1, 2
    add_responses(survey, cast.director, parents(5, {"p1": 3, "p2": 3, "p3": 2}))
    options = survey_results(survey=survey)["options"]
    assert [o["ouder"]["points"] for o in options[:3]] == [15, 15, 10]
    assert [o["ouder"]["rank"] for o in options[:3]] == [1, 1, 2]
    assert options[2]["ouder"]["pct"] == {1: 0.0, 2: 100.0, 3: 0.0}
    assert options[3]["ouder"]["rank"] is None  # nobody rated p4


def test_stage_filter_counts_respondents_of_that_bouw(cast):
    survey = sample_survey(cast)
    add_responses(
        survey,
        cast.director,
        parents(6, {"s1": 4}, stages=("onderbouw",))
        + parents(5, {"s1": 1}, stages=("bovenbouw",))
        + parents(1, {"s1": 1}, stages=("onderbouw", "bovenbouw")),
    )
    onder = survey_results(survey=survey, stage="onderbouw")
    assert onder["n"]["ouder"] == 7 and onder["stage"] == "onderbouw"
    assert onder["statements"][0]["ouder"]["pct"][4] == pytest.approx(600 / 7)
    boven = survey_results(survey=survey, stage="bovenbouw")
    assert boven["n"]["ouder"] == 6
    # onderbouw (7) + bovenbouw (6) - whole school (12) would give the one parent in both bouwen: the smaller
    # bouw is hidden
    assert boven["suppressed"]["ouder"] and boven["statements"][0]["ouder"]["pct"][1] is None
    assert survey_results(survey=survey, stage="onzin")["n"]["ouder"] == 12


def test_stage_filter_suppresses_small_groups_and_small_complements(cast):
    survey = sample_survey(cast)
    add_responses(
        survey,
        cast.director,
        parents(6, {"s1": 4}, stages=("onderbouw",)) + parents(2, {"s1": 1}, stages=("bovenbouw",)),
    )
    boven = survey_results(survey=survey, stage="bovenbouw")
    assert boven["suppressed"]["ouder"] and boven["statements"][0]["ouder"]["pct"][1] is None
    # Whole school (8) minus onderbouw (6) would reveal the 2 bovenbouw parents: hidden too.
    onder = survey_results(survey=survey, stage="onderbouw")
    assert onder["n"]["ouder"] == 6 and onder["suppressed"]["ouder"]
    assert onder["statements"][0]["ouder"]["suppressed"]
    whole = survey_results(survey=survey)
    assert not whole["suppressed"]["ouder"] and whole["statements"][0]["ouder"]["pct"][4] == 75.0


def test_stage_filter_hides_an_item_whose_complement_answered_by_fewer_than_five(cast):
    survey = sample_survey(cast)
    add_responses(
        survey,
        cast.director,
        parents(6, {"s1": 4, "s2": 2}, stages=("onderbouw",))
        + parents(3, {"s1": 1}, stages=("bovenbouw",))
        + parents(3, {"s1": 1, "s2": 3}, stages=("middenbouw",)),
    )
    onder = survey_results(survey=survey, stage="onderbouw")
    assert not onder["suppressed"]["ouder"]
    assert not onder["statements"][0]["ouder"]["suppressed"]  # s1: 6 others answered
    assert onder["statements"][1]["ouder"]["suppressed"]  # s2: only 3 others answered


def test_comparison_with_earlier_survey_per_statement(cast):
    earlier = sample_survey(cast, title="Eerder")
    add_responses(earlier, cast.director, parents(5, {"s1": 1}))
    later = sample_survey(cast, title="Later")
    add_responses(later, cast.director, parents(5, {"s1": 4}))
    rows = survey_comparison(current=survey_results(survey=later), earlier=survey_results(survey=earlier))
    assert rows[0]["ouder"]["agree_then"] == 0.0
    assert rows[0]["ouder"]["agree_now"] == 100.0
    assert rows[0]["ouder"]["change"] == 100.0
    assert rows[0]["team"]["change"] is None  # no team answers: unknown, not zero


def test_theme_tally_by_who_gave_the_remark(cast):
    survey = sample_survey(cast)
    add_responses(
        survey,
        cast.director,
        parents(2, {}, remark="Graag via de schoolapp")
        + [("team", {}, (), "Niet alles kan, werkdruk")]
        + parents(1, {"s1": 2}, remark=""),  # answers but no remark (an empty form is refused: 13.3)
    )
    remarks_tag(
        user=cast.director,
        survey=survey,
        themes={
            r.pk: ("schoolapp" if r.respondent == "ouder" else "keuzes")
            for r in survey.responses.exclude(remark="")
        },
    )
    tally = {row["theme"]: row for row in theme_tally(survey=survey)}
    assert tally["schoolapp"]["ouder"] == 2 and tally["schoolapp"]["team"] == 0
    assert tally["keuzes"]["team"] == 1


def test_cross_app_selectors_are_scoped_to_school_and_year(cast):
    survey = sample_survey(cast)
    add_responses(survey, cast.director, parents(2, {"s1": 3}) + [("team", {"p1": 2}, (), "")])
    found = surveys_for(school=cast.school_a, school_year=cast.year)
    assert [(s.title, s.n_parents, s.n_team) for s in found] == [(survey.title, 2, 1)]
    assert surveys_for(school=cast.school_b, school_year=cast.year) == []
    agreement = sample_agreement(cast)
    assert agreements_for(school=cast.school_a, school_year=cast.year) == [agreement]
    assert agreements_for(school=cast.school_b, school_year=cast.year) == []


@pytest.mark.parametrize("size", [5, 60])
def test_results_cost_a_fixed_number_of_queries(cast, django_assert_max_num_queries, size):
    survey = sample_survey(cast)
    add_responses(survey, cast.director, parents(size, {"s1": 3, "s2": 2, "p1": 1}))
    with django_assert_max_num_queries(7):
        survey_results(survey=survey, stage="onderbouw")

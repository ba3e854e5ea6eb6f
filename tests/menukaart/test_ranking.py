"""The keuzehulp's ranking (pure): which interventions fit a need, in which order, and the reason in words."""

from types import SimpleNamespace

from menukaart import checklist
from menukaart.ranking import Need, goal_areas_for, rank


def item(name, goal_area="B", impact=None, evidence=None, cost=None, **extra):
    values = {
        "name": name,
        "goal_area": goal_area,
        "impact_months": impact,
        "evidence": evidence,
        "cost": cost,
        "summary": "",
        "description": "",
        "nji_level": "",
        "school_type": "po_vo",
        "school_id": None,
        "checklist": {},
    }
    values.update(extra)
    return SimpleNamespace(**values)


READING = Need(title="Begrijpend lezen", goal_area="B", grades="5-6")


def test_reason_names_the_priority_and_the_figures_in_words():
    [suggestion] = rank([READING], [item("Begrijpend lezen", impact=6, evidence=4, cost=2)])
    assert (
        suggestion.reason
        == "past bij speerpunt begrijpend lezen groep 5–6; +6 maanden, laag in kosten, sterk bewijs"
    )


def test_more_impact_stronger_evidence_and_lower_cost_rank_higher():
    cheap = item("Feedback", impact=6, evidence=4, cost=1)
    dear = item("Eén-op-één-begeleiding", impact=5, evidence=4, cost=4)
    weak = item("Kleine groepen", impact=4, evidence=2, cost=3)
    names = [s.intervention.name for s in rank([READING], [weak, dear, cheap])]
    assert names == ["Feedback", "Eén-op-één-begeleiding", "Kleine groepen"]


def test_words_of_the_priority_in_the_name_beat_only_the_same_goal_area():
    named = item("Begrijpend lezen", impact=2, evidence=2, cost=3)
    same_area = item("Feedback", impact=2, evidence=2, cost=3)
    result = rank([READING], [same_area, named])
    assert [s.intervention.name for s in result] == ["Begrijpend lezen", "Feedback"]
    assert result[1].reason.startswith("zelfde doelgebied (B) als speerpunt begrijpend lezen")


def test_interventions_that_fit_no_need_are_left_out():
    assert rank([READING], [item("Sport", goal_area="C", impact=9, evidence=5, cost=1)]) == []


def test_unknown_figures_earn_nothing_and_are_called_unknown():
    known = item("Lezen met tutor", impact=1, evidence=2, cost=3)
    unknown = item("Lezen zonder cijfers")
    result = rank([READING], [unknown, known])
    assert result[0].intervention.name == "Lezen met tutor"
    assert "impact onbekend, kosten onbekend, bewijs onbekend" in result[1].reason


def test_negative_impact_ranks_below_zero():
    minus = item("Lezen zonder effect", impact=-1, evidence=3, cost=3)
    zero = item("Lezen neutraal", impact=0, evidence=3, cost=3)
    result = rank([READING], [minus, zero])
    assert [s.intervention.name for s in result] == ["Lezen neutraal", "Lezen zonder effect"]
    assert "−1 maand" in result[1].reason


def test_nji_recognition_counts_and_is_named():
    need = Need(title="Welbevinden", goal_area="C")
    kanjer = item("Kanjertraining", goal_area="C", nji_level="sterke_aanwijzingen")
    other = item("Iets anders", goal_area="C")
    result = rank([need], [other, kanjer])
    assert result[0].intervention.name == "Kanjertraining"
    assert "NJi: effectief volgens sterke aanwijzingen" in result[0].reason


def test_school_type_filters_out_items_for_the_other_sector():
    vo_only = item("Lezen in de brugklas", school_type="vo", impact=5)
    both = item("Lezen voor iedereen", impact=1)
    names = [s.intervention.name for s in rank([READING], [vo_only, both], school_type="po")]
    assert names == ["Lezen voor iedereen"]


def test_a_doubtful_own_intervention_is_ranked_down_and_says_so():
    unclear = {key: {"answer": "", "clear": False} for key in checklist.POINT_KEYS}
    own = item("Leesclub van de buurt", school_id=1, checklist=unclear, impact=None)
    catalogue = item("Begrijpend lezen", impact=None)
    result = rank([READING], [own, catalogue])
    assert result[-1].intervention.name == "Leesclub van de buurt"
    assert "twijfelachtig: 7 punten van de checklist zijn niet helder" in result[-1].reason


def test_goal_area_f_is_marked_as_only_in_combination():
    need = Need(title="Ouderbetrokkenheid", goal_area="F", kind="wens")
    [suggestion] = rank([need], [item("Ouderbetrokkenheid", goal_area="F", impact=3, evidence=3, cost=3)])
    assert suggestion.reason.startswith("past bij wens ouderbetrokkenheid;")
    assert suggestion.reason.endswith("alleen in combinatie met interventies uit A t/m E")


def test_goal_areas_are_ordered_by_number_of_needs():
    needs = [
        READING,
        Need(title="Rekenen", goal_area="B"),
        Need(title="Welbevinden", goal_area="C"),
        Need("Iets"),
    ]
    assert [(code, len(group)) for code, group in goal_areas_for(needs)] == [("B", 2), ("C", 1)]


def test_the_reason_says_what_is_unknown_why_and_that_it_earns_no_points():
    unverified = item(
        "Lezen met assistent",
        impact=None,
        evidence=None,
        cost=None,
        figures_source="NPO-menukaart, update van 1 april 2022: cijfers niet geverifieerd",
    )
    [suggestion] = rank([READING], [unverified])
    assert (
        "onbekend: impact, kosten, bewijs (NPO-menukaart, update van 1 april 2022: cijfers niet geverifieerd)"
        in (suggestion.reason)
    )
    assert "onbekend telt niet mee, geen punten en geen aftrek" in suggestion.reason
    assert "lager dan een even passende met bekende gunstige cijfers" in suggestion.reason


def test_a_partly_unknown_item_names_only_the_unknown_figure():
    [suggestion] = rank([READING], [item("Lezen", impact=4, evidence=3, cost=None, figures_source="Bron X")])
    assert "onbekend: kosten (Bron X)" in suggestion.reason
    [known] = rank([READING], [item("Lezen", impact=4, evidence=3, cost=2)])
    assert "onbekend" not in known.reason


def test_an_own_intervention_without_figures_says_it_has_no_eef_figures():
    [suggestion] = rank([READING], [item("Leesclub", school_id=7)])
    assert "eigen interventie: geen EEF-cijfers" in suggestion.reason


def test_points_say_why_an_item_ranks_where_it_does():
    [suggestion] = rank([READING], [item("Begrijpend lezen", impact=6, evidence=4, cost=1)])
    assert suggestion.points == "rangorde: aansluiting +6, impact +3, kosten +1, bewijs +1 = 11"
    assert suggestion.score == 11


def test_goed_beschreven_of_loket_gezond_leven_earns_no_nji_points():
    need = Need(title="Welbevinden", goal_area="C")
    lgl_only = item("Programma X", goal_area="C", nji_level="goed_beschreven")
    [suggestion] = rank([need], [lgl_only])
    assert "NJi" not in suggestion.reason and "NJi" not in suggestion.points


def test_subjects_count_as_words_of_the_intervention():
    need = Need(title="Rekenen", goal_area="", kind="wens")
    tagged = item("Feedback", subjects="lezen, rekenen", impact=6, evidence=4, cost=1)
    untagged = item("Sport", goal_area="C", subjects="bewegen", impact=6, evidence=4, cost=1)
    assert [s.intervention.name for s in rank([need], [tagged, untagged])] == ["Feedback"]

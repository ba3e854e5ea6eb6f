"""Filtering and sorting the catalogue (selector and page), at a fixed number of queries."""

import pytest
from django.urls import reverse

from menukaart.models import Intervention
from menukaart.selectors import Filters, interventions_filtered


def names(school, **kwargs):
    return [i.name for i in interventions_filtered(school=school, filters=Filters(**kwargs))]


def codes(school, **kwargs):
    return {i.code for i in interventions_filtered(school=school, filters=Filters(**kwargs))}


def test_goal_area_filter(cast):
    found = interventions_filtered(school=cast.school_a, filters=Filters(goal_areas=("D",)))
    assert {i.code for i in found} == {"metacognitie-zelfregulerend-leren", "samenwerkend-leren"}


def test_minimum_impact_leaves_out_lower_and_unknown(cast):
    assert codes(cast.school_a, min_impact=6) == {
        "begrijpend-lezen",
        "feedback",
        "metacognitie-zelfregulerend-leren",
    }


def test_minimum_evidence_and_maximum_cost(cast):
    found = codes(cast.school_a, min_evidence=4, max_cost=3)
    assert found == {"zomerscholen", "digitale-technologie"}


def test_nji_level_filter_at_least_a_level(cast):
    assert codes(cast.school_a, nji="goede_aanwijzingen") == {"kanjertraining"}
    assert codes(cast.school_a, nji="erkend") == {"kanjertraining"}


def test_school_type_filter_includes_items_for_both(cast):
    po = codes(cast.school_a, school_type="po")
    vo = codes(cast.school_a, school_type="vo")
    assert "vroegschoolse-interventies" in po and "vroegschoolse-interventies" not in vo
    assert "feedback" in po and "feedback" in vo


def test_free_text_searches_name_summary_and_description(cast):
    assert "kanjertraining" in codes(cast.school_a, q="sociaal-emotionele")
    assert codes(cast.school_a, q="kanjer") == {"kanjertraining"}


def test_sort_by_impact_puts_highest_first_and_unknown_last(cast):
    found = list(interventions_filtered(school=cast.school_a, filters=Filters(sort="impact")))
    assert found[0].code == "feedback" or found[0].impact_months == max(i.impact_months or -99 for i in found)
    impacts = [i.impact_months for i in found]
    known = [m for m in impacts if m is not None]
    assert known == sorted(known, reverse=True)
    assert impacts[len(known) :] == [None] * (len(impacts) - len(known))


def test_sort_by_cost_puts_cheapest_first(cast):
    found = [i.cost for i in interventions_filtered(school=cast.school_a, filters=Filters(sort="cost"))]
    known = [c for c in found if c is not None]
    assert known == sorted(known) and found[0] == 2


def test_sort_by_evidence_puts_strongest_first(cast):
    found = [
        i.evidence for i in interventions_filtered(school=cast.school_a, filters=Filters(sort="evidence"))
    ]
    known = [e for e in found if e is not None]
    assert known == sorted(known, reverse=True)


def test_origin_filter_own_only_shows_this_schools(cast):
    Intervention.objects.create(school=cast.school_a, name="Eigen A", goal_area="B")
    Intervention.objects.create(school=cast.school_b, name="Eigen B", goal_area="B")
    assert names(cast.school_a, origin="eigen") == ["Eigen A"]


def test_page_applies_filters_from_the_query_string(client, cast):
    client.force_login(cast.director)
    url = reverse("menukaart:index", kwargs={"brin": cast.school_a.brin})
    html = client.get(url, {"goal_area": "C", "nji": "erkend"}).content.decode()
    assert "Kanjertraining" in html
    assert "Feedback" not in html
    assert "Begrijpend lezen" not in html


def test_page_shows_figures_with_text_alternatives_and_unknown(client, cast):
    client.force_login(cast.director)
    url = reverse("menukaart:index", kwargs={"brin": cast.school_a.brin})
    html = client.get(url, {"q": "zomerscholen"}).content.decode()
    assert "+2 maanden" in html
    assert html.count('class="padlock"') == 4 and "Bewijskracht 4 van 5 (sterk)" in html
    assert "€€€" in html and "Kosten 3 van 5 (gemiddeld)" in html
    html = client.get(url, {"q": "feedback"}).content.decode()
    row = html[html.index(">Feedback</a>") :]
    row = row[: row.index("</tr>")]
    assert "+6 maanden" in row and "Bewijskracht 4 van 5 (sterk)" in row
    assert '<span class="text-body-secondary">onbekend</span>' in row  # cost unknown, not guessed


@pytest.mark.parametrize("extra", [0, 60])
def test_list_page_costs_a_fixed_number_of_queries(client, cast, django_assert_max_num_queries, extra):
    Intervention.objects.bulk_create(
        Intervention(school=cast.school_a, name=f"Eigen {n}", goal_area="C", checklist={})
        for n in range(extra)
    )
    client.force_login(cast.director)
    url = reverse("menukaart:index", kwargs={"brin": cast.school_a.brin})
    with django_assert_max_num_queries(9):
        response = client.get(url, {"sort": "impact"})
    assert response.status_code == 200
    assert response.content.decode().count("compare-box") == 26 + extra

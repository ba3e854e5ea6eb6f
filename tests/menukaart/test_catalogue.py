"""The shipped catalogue: every 2021 menukaart item with its figures (DOMAIN.md), the 2022 update kept beside the
2021 figures, unknown figures left unknown, and Kanjertraining's NJi recognition."""

import datetime

import pytest

from menukaart.catalogue import catalogue_load
from menukaart.models import Intervention, InterventionFigures
from menukaart.selectors import GOAL_AREAS, interventions_for_school

# name fragment → (goal area, months, evidence, cost) of the 2021 menukaart; None = not given (onbekend).
MENUKAART_2021 = {
    "vroegschoolse-interventies": ("A", 5, 4, 5),
    "uitbreiding-onderwijstijd": ("A", 2, 3, 3),
    "zomerscholen": ("A", 2, 4, 3),
    "een-op-een-begeleiding": ("B", 5, 4, 4),
    "individuele-instructie": ("B", 3, 3, None),
    "instructie-in-kleine-groepen": ("B", 4, 2, 3),
    "leren-van-medeleerlingen": ("B", 5, 4, None),
    "feedback": ("B", 8, 3, None),
    "beheersingsgericht-leren": ("B", 5, 3, None),
    "begrijpend-lezen": ("B", 6, 4, None),
    "gesproken-taal": ("B", 5, 4, None),
    "welbevinden-sociaal-emotioneel": ("C", None, None, None),
    "sportieve-activiteiten": ("C", 2, 2, 3),
    "cultuureducatie": ("C", 2, 3, 2),
    "metacognitie-zelfregulerend-leren": ("D", 7, 4, None),
    "samenwerkend-leren": ("D", 5, 4, None),
    "klassenverkleining": ("E", 3, 3, 4),
    "onderwijsassistenten": ("E", 1, 2, 4),
    "ouderbetrokkenheid": ("F", 3, 3, 3),
    "digitale-technologie": ("F", 4, 4, 3),
    "personeel-inhuren": ("F", None, None, None),
    "professionalisering": ("F", None, None, None),
    "schoolontwikkeling": ("F", None, None, None),
    "systematisch-monitoren": ("F", None, None, None),
    "leermiddelen": ("F", None, None, None),
}
UPDATES_2022 = {"feedback": (6, 4, None), "uitbreiding-onderwijstijd": (3, 2, 3)}


@pytest.mark.django_db
@pytest.mark.parametrize("code", sorted(MENUKAART_2021))
def test_every_2021_item_is_in_the_catalogue_with_its_2021_figures_and_source(code):
    area, months, evidence, cost = MENUKAART_2021[code]
    item = Intervention.objects.get(code=code, school=None)
    assert item.goal_area == area
    first = item.figure_sets.order_by("date").first()
    assert first.date == datetime.date(2021, 1, 1)
    assert (first.impact_months, first.evidence, first.cost) == (months, evidence, cost)
    assert "2021" in first.source


@pytest.mark.django_db
@pytest.mark.parametrize("code", sorted(MENUKAART_2021))
def test_current_figures_are_the_newest_set(code):
    item = Intervention.objects.get(code=code, school=None)
    expected = UPDATES_2022.get(code, MENUKAART_2021[code][1:])
    assert (item.impact_months, item.evidence, item.cost) == expected
    newest = item.figure_sets.order_by("-date").first()
    assert item.figures_date == newest.date
    assert item.figures_source == newest.source


@pytest.mark.django_db
def test_2022_update_keeps_the_2021_figures_on_record():
    feedback = Intervention.objects.get(code="feedback")
    sets = list(feedback.figure_sets.order_by("date").values_list("date", "impact_months", "evidence"))
    assert sets == [(datetime.date(2021, 1, 1), 8, 3), (datetime.date(2022, 1, 1), 6, 4)]
    assert "2022" in feedback.figures_source


@pytest.mark.django_db
def test_kanjertraining_is_recognised_with_strong_evidence_and_what_npo_may_pay_for():
    kanjer = Intervention.objects.get(code="kanjertraining")
    assert kanjer.goal_area == "C"
    assert kanjer.get_nji_level_display() == "Effectief volgens sterke aanwijzingen"
    assert kanjer.nji_date == datetime.date(2015, 12, 10)
    assert "NJi" in kanjer.nji_source
    for paid in ("scholing", "ouderavonden", "interventies", "gastlessen", "ouder-kindtraining"):
        assert paid in kanjer.npo_may_pay
    assert kanjer.impact_months is None and kanjer.cost is None  # no EEF figures: unknown, not guessed


@pytest.mark.django_db
def test_loading_the_catalogue_again_changes_nothing():
    before = (Intervention.objects.count(), InterventionFigures.objects.count())
    assert catalogue_load() == 0
    assert (Intervention.objects.count(), InterventionFigures.objects.count()) == before


def test_goal_areas_are_the_contract_names():
    assert list(GOAL_AREAS) == ["A", "B", "C", "D", "E", "F"]
    assert GOAL_AREAS["A"] == "Meer onderwijs(tijd)"
    assert GOAL_AREAS["F"] == "Faciliteiten en randvoorwaarden"


def test_interventions_for_school_gives_catalogue_and_own_but_never_another_schools(cast):
    mine = Intervention.objects.create(school=cast.school_a, name="Eigen A", goal_area="B")
    theirs = Intervention.objects.create(school=cast.school_b, name="Eigen B", goal_area="B")
    ids = set(interventions_for_school(school=cast.school_a).values_list("pk", flat=True))
    assert mine.pk in ids and theirs.pk not in ids
    assert Intervention.objects.get(code="kanjertraining").pk in ids

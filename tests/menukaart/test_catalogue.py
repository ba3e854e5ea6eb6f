"""The shipped catalogue holds the checked menukaart facts (FACTS.md §1, §2): the 2021 edition and the update of
1 April 2022 side by side, the official names, cost 1 with the EEF as its source where the EEF rates the cost very
low, unknown left unknown, and the recognised programmes of goal area C with their NJi level, date and source."""

import datetime

import pytest

from menukaart.catalogue import catalogue_load
from menukaart.models import Intervention, InterventionFigures, LglLevel, NjiLevel
from menukaart.selectors import GOAL_AREAS, interventions_for_school

D2021 = datetime.date(2021, 1, 1)
D2022 = datetime.date(2022, 4, 1)
NONE = (None, None, None)

# code → (official name, goal area, 2021 figures, 2022 figures); figures = (months, evidence, cost),
# NONE = on the list without figures, "-" = not on that edition's list.
EDITIONS = {
    "vroegschoolse-interventies": ("Voor- en vroegschoolse interventies", "A", (5, 4, 5), NONE),
    "uitbreiding-onderwijstijd": ("Uitbreiding onderwijs", "A", (2, 3, 3), (3, 2, 3)),
    "zomerscholen": ("Zomer- of lentescholen", "A", (2, 4, 3), (3, 2, 3)),
    "een-op-een-begeleiding": ("Een-op-een-begeleiding", "B", (5, 4, 4), (5, 3, 3)),
    "individuele-instructie": ("Individuele instructie", "B", (3, 3, 1), (4, 2, 1)),
    "instructie-in-kleine-groepen": ("Instructie in kleine groepen", "B", (4, 2, 3), (4, 3, 2)),
    "leren-van-medeleerlingen": ("Leren van en met medeleerlingen", "B", (5, 4, 1), (5, 4, 1)),
    "feedback": ("Feedback", "B", (8, 3, 1), (6, 4, 1)),
    "beheersingsgericht-leren": ("Beheersingsgericht leren", "B", (5, 3, 1), (5, 2, 1)),
    "begrijpend-lezen": ("Technieken voor begrijpend lezen", "B", (6, 4, 1), (6, 4, 1)),
    "gesproken-taal": ("Gesprokentaalinterventies", "B", (5, 4, 1), (6, 4, 1)),
    "directe-instructie": ("Directe instructie", "B", NONE, NONE),
    "fonemisch-bewustzijn": ("Fonemisch bewustzijn", "B", "-", (5, 5, 1)),
    "schrijfonderwijs": ("Schrijfonderwijs", "B", "-", NONE),
    "sportieve-activiteiten": ("Sportieve activiteiten", "C", (2, 2, 3), (1, 3, 3)),
    "cultuureducatie": ("Cultuureducatie", "C", (2, 3, 2), (3, 3, 1)),
    "metacognitie-zelfregulerend-leren": ("Metacognitie en zelfregulerend leren", "D", (7, 4, 1), (7, 4, 1)),
    "samenwerkend-leren": ("Samenwerkend leren", "D", (5, 4, 1), (5, 3, 1)),
    "klassenverkleining": ("Klassenverkleining", "E", (3, 3, 4), (2, 1, 5)),
    "onderwijsassistenten": ("Onderwijsassistenten/instructeurs", "E", (1, 2, 4), NONE),  # 2022 not verified
    "ouderbetrokkenheid": ("Ouderbetrokkenheid", "F", (3, 3, 3), NONE),  # 2022 not verified
    "digitale-technologie": ("Digitale technologie", "F", (4, 4, 3), NONE),  # 2022 not verified
    "schoolontwikkeling": ("Schoolontwikkeling en verbetercultuur", "F", NONE, NONE),
    "systematisch-monitoren": (
        "Systematisch monitoren en bijstellen (data-geïnformeerd werken)",
        "F",
        NONE,
        NONE,
    ),
}
# codes whose cost 1 comes from the EEF strand page ("very low cost"), with the strand's address
EEF_COST = {
    "individuele-instructie": "individualised-instruction",
    "leren-van-medeleerlingen": "peer-tutoring",
    "feedback": "feedback",
    "beheersingsgericht-leren": "mastery-learning",
    "begrijpend-lezen": "reading-comprehension-strategies",
    "gesproken-taal": "oral-language-interventions",
    "fonemisch-bewustzijn": "phonics",
    "cultuureducatie": "arts-participation",
    "metacognitie-zelfregulerend-leren": "metacognition-and-self-regulation",
    "samenwerkend-leren": "collaborative-learning-approaches",
}


def _sets(code):
    item = Intervention.objects.get(code=code, school=None)
    return item, {s.date: s for s in item.figure_sets.all()}


@pytest.mark.django_db
@pytest.mark.parametrize("code", sorted(EDITIONS))
def test_each_item_has_its_official_name_and_the_figures_of_both_editions(code):
    name, area, figures_2021, figures_2022 = EDITIONS[code]
    item, sets = _sets(code)
    assert (item.name, item.goal_area) == (name, area)
    assert set(sets) <= {D2021, D2022}
    for day, expected in ((D2021, figures_2021), (D2022, figures_2022)):
        if expected == "-":
            assert day not in sets, f"{code} was not on the list of {day}"
            continue
        found = sets[day]
        assert (found.impact_months, found.evidence, found.cost) == expected
        assert str(day.year) in found.source and "nponderwijs.nl" in found.source


@pytest.mark.django_db
@pytest.mark.parametrize("code", sorted(EEF_COST))
def test_cost_one_names_the_eef_strand_as_its_source(code):
    _item, sets = _sets(code)
    for figures in sets.values():
        if figures.cost == 1:
            assert EEF_COST[code] in figures.cost_source
            assert "very low cost" in figures.cost_source


@pytest.mark.django_db
def test_the_2022_update_is_dated_1_april_and_the_item_keeps_its_2021_figures():
    feedback, sets = _sets("feedback")
    assert sorted(sets) == [D2021, D2022]
    assert (feedback.impact_months, feedback.evidence, feedback.cost, feedback.figures_date) == (
        6,
        4,
        1,
        D2022,
    )
    assert not InterventionFigures.objects.filter(date=datetime.date(2022, 1, 1)).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["onderwijsassistenten", "ouderbetrokkenheid", "digitale-technologie"])
def test_unverified_2022_figures_stay_unknown_and_say_so(code):
    _item, sets = _sets(code)
    assert "niet geverifieerd" in sets[D2022].source


@pytest.mark.django_db
def test_early_years_says_why_it_has_no_2022_figures():
    _item, sets = _sets("vroegschoolse-interventies")
    assert "Early Years" in sets[D2022].source


# code → (NJi level, date, words of the source)
PROGRAMMES = {
    "kanjertraining": (NjiLevel.STRONG, datetime.date(2015, 12, 10), "1401921"),
    "pad": (NjiLevel.STRONG, datetime.date(2017, 6, 8), "1401052"),
    "kiva": (NjiLevel.STRONG, datetime.date(2022, 12, 15), "kivaschool.nl"),
    "taakspel": (NjiLevel.GOOD, datetime.date(2016, 10, 6), "1401065"),
    "vreedzame-school": (NjiLevel.FIRST, datetime.date(2017, 10, 1), "vreedzaam.net"),
    "leefstijl": (NjiLevel.WELL_FOUNDED, datetime.date(2017, 6, 8), "1401046"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("code", sorted(PROGRAMMES))
def test_recognised_programmes_of_goal_area_c_have_level_date_and_source(code):
    level, day, source = PROGRAMMES[code]
    item = Intervention.objects.get(code=code, school=None)
    assert (item.goal_area, item.nji_level, item.nji_date) == ("C", level, day)
    assert source in item.nji_source
    assert item.impact_months is None and item.cost is None  # no EEF figures: unknown, not guessed


def test_goed_beschreven_is_a_loket_gezond_leven_level_not_an_nji_level():
    assert "goed_beschreven" not in NjiLevel.values
    assert "goed_beschreven" in LglLevel.values


@pytest.mark.django_db
def test_kanjertraining_keeps_supplier_claims_apart_from_the_njis_summary():
    kanjer = Intervention.objects.get(code="kanjertraining")
    assert "categorie IV" in kanjer.supplier_text
    assert "categorie IV" not in kanjer.description + kanjer.summary + kanjer.nji_source
    assert "geen directe effecten gevonden op pesten" in kanjer.nji_summary
    for paid in ("scholing", "ouderavonden", "interventies", "gastlessen", "ouder-kindtraining"):
        assert paid in kanjer.npo_may_pay


@pytest.mark.django_db
def test_recognition_older_than_five_years_needs_reassessment():
    kiva = Intervention.objects.get(code="kiva")
    pad = Intervention.objects.get(code="pad")
    today = datetime.date(2026, 11, 30)
    assert pad.needs_reassessment(today) and not kiva.needs_reassessment(today)
    assert not kiva.needs_reassessment(datetime.date(2027, 12, 15))
    assert kiva.needs_reassessment(datetime.date(2027, 12, 16))
    own = Intervention(name="Eigen", goal_area="C")
    assert not own.needs_reassessment(today)


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

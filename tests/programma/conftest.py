"""Fixtures for the programme tests.

`fake_apps`: stand-ins for the other apps' cross-app selectors, installed as `<app>.selectors` modules for one
test; they follow the real return shapes (checked against the real apps in test_integration.py) and are kept
for unit tests of edge cases the demo data does not have (small groups, several surveys); what a stand-in does
not define is read from the real app. Tests with the real apps use
`own_intervention`, `scan_priorities` or the real demo (test_integration.py)."""

import datetime
import importlib
import sys
import types
from decimal import Decimal
from types import SimpleNamespace

import pytest

GOAL_AREAS = {
    "A": "Meer onderwijs(tijd)",
    "B": "Effectievere inzet van onderwijs",
    "C": "Sociaal-emotionele en fysieke ontwikkeling",
    "D": "Executieve functies",
    "E": "(Extra) inzet van personeel en ondersteuning",
    "F": "Faciliteiten en randvoorwaarden",
}


def _intervention(pk, name, area, impact, evidence, cost, nji="", school_id=None):
    return SimpleNamespace(
        pk=pk,
        name=name,
        goal_area=area,
        impact_months=impact,
        evidence=evidence,
        cost=cost,
        nji_level=nji,
        get_nji_level_display=lambda: "Effectief volgens sterke aanwijzingen" if nji else "",
        school_id=school_id,
        figures_source="Menukaart NPO",
        figures_date=datetime.date(2021, 6, 1),
    )


def _group_row(name, grade, n, score, previous=None):
    suppressed = n < 5
    return {
        "group": name,
        "grade": grade,
        "n": n,
        "score": None if suppressed else score,
        "scales": {} if suppressed else {"NI": 4.0, "OS": 8.0, "OV": 12.0, "HS": 0.0},
        "previous": None if suppressed else previous,
        "change": None if suppressed or previous is None else round(score - previous, 1),
        "suppressed": suppressed,
    }


# what kanvas.selectors gives a group hidden beside a small one
COMPLEMENT = {
    "score": None,
    "scales": {},
    "previous": None,
    "change": None,
    "suppressed": True,
    "complement": True,
}


class FakeApps:
    def __init__(self, monkeypatch):
        self.monkeypatch = monkeypatch
        self.calls = []

    def install(self, app, **functions):
        """Stand in for `<app>.selectors`: the given functions, the real module's for the rest."""
        real = importlib.import_module(f"{app}.selectors")
        module = types.ModuleType(f"{app}.selectors")
        module.__getattr__ = lambda name: getattr(real, name)
        for name, value in functions.items():
            setattr(module, name, value)
        self.monkeypatch.setitem(sys.modules, f"{app}.selectors", module)
        return module

    def all(self, school_pk=None):
        catalogue = [
            _intervention(11, "Kanjertraining", "C", None, None, None, nji="4"),
            _intervention(12, "Begrijpend lezen", "B", 6, 4, None),
            _intervention(13, "Huiswerkklas De Regenboog", "A", None, None, None, school_id=school_pk or 1),
        ]
        self.install("menukaart", interventions_for_school=lambda *, school: catalogue, GOAL_AREAS=GOAL_AREAS)
        self.install(
            "schoolscan",
            scan_for=lambda *, school, school_year: SimpleNamespace(
                status="vastgesteld", get_status_display=lambda: "Vastgesteld"
            ),
            priorities_for=lambda *, school, school_year: [
                SimpleNamespace(
                    pk=21, title="Begrijpend lezen groep 5-6", goal_area="B", grades="5-6", aim="Inlopen"
                )
            ],
            budget_basis=lambda *, school, school_year: {
                "pupils": 210,
                "disadvantage_units": Decimal("12.5"),
            },
            # the same scan for many schools at once (the budget over the spending window reads it so)
            scans_for_schools=lambda *, schools, school_year: {
                school.pk: SimpleNamespace(status="vastgesteld", get_status_display=lambda: "Vastgesteld")
                for school in schools
            },
            budget_basis_of=lambda *, scan: {"pupils": 210, "disadvantage_units": Decimal("12.5")},
            scan_summary=lambda *, school, school_year: [
                ("Cognitief", ["Vertraging begrijpend lezen in groep 5-6 van 4 maanden"])
            ],
            delays_for=lambda *, school, school_year: [
                {"domain": "Begrijpend lezen", "grade": 5, "delay_months": -4.0, "share_below_norm": 35.0},
                {"domain": "Rekenen", "grade": 5, "delay_months": -2.0, "share_below_norm": None},
            ],
        )

        def moments_for(*, school, school_year):
            return ["2021-najaar", "2022-voorjaar"] if school_year.label == "2021-2022" else []

        def per_group(*, school, moment, compare=None):
            # 6a is small, and 7a (the next smallest) is hidden with it so 6a cannot follow from the school total
            return [
                _group_row("5a", 5, 24, 20.8, 33.3),
                _group_row("6a", 6, 3, 66.7, 0.0),
                {**_group_row("7a", 7, 10, 30.0, 40.0), **COMPLEMENT},
            ]

        def group_concern_for(*, school, group_names, moment):
            scores = {"2021-najaar": 33.3, "2022-voorjaar": 20.8}
            return [_group_row(name, 5, 24, scores[moment]) for name in group_names]

        self.install(
            "kanvas",
            moments_for=moments_for,
            klassenzorgscore_per_group=per_group,
            school_summary=lambda *, school, moment, compare=None: {
                "n": 37,
                "klassenzorgscore": 22.2,
                "klassenzorgscore_change": -5.0,
                "welbevinden": 3.4,
                "welbevinden_change": 0.2,
            },
            group_concern_for=group_concern_for,
        )
        survey = SimpleNamespace(title="Ouderpeiling 2021", status="gesloten")
        self.install(
            "ouderbetrokkenheid",
            surveys_for=lambda *, school, school_year: [survey] if school_year.label == "2021-2022" else [],
            survey_results=lambda *, survey, stage=None: {
                "statements": [
                    {
                        "number": 1,
                        "text": "Ik weet wat mijn kind leert",
                        "ouder": {"n": 40, "agree_pct": 55.0},
                        "team": {"n": 3, "agree_pct": 100.0},
                    },
                ],
                "options": [
                    {
                        "number": 1,
                        "text": "Informatieavond per leerjaar",
                        "ouder": {"points": 98, "rank": 1},
                        "team": {"points": 30, "rank": 2},
                    },
                ],
                "n": {"ouder": 40, "team": 4},
            },
            agreements_for=lambda *, school, school_year: [
                SimpleNamespace(
                    what="Informatieavond per leerjaar",
                    stages="onderbouw,middenbouw,bovenbouw",  # stored comma-separated, like the real model
                    get_stages_display=lambda: "onderbouw, middenbouw, bovenbouw",
                    frequency="jaarlijks",
                    get_frequency_display=lambda: "jaarlijks",
                    who="leerkrachten",
                    starts_on=datetime.date(2021, 9, 15),
                )
            ],
        )
        return self


@pytest.fixture
def fake_apps(monkeypatch):
    return FakeApps(monkeypatch).all()


@pytest.fixture
def own_intervention(cast):
    """School A's own intervention (menukaart), and one of school B."""
    from menukaart.models import Intervention

    own = Intervention.objects.create(school=cast.school_a, goal_area="A", name="Huiswerkklas De Regenboog")
    foreign = Intervention.objects.create(school=cast.school_b, goal_area="A", name="Huiswerkklas Elders")
    return SimpleNamespace(own=own, foreign=foreign)


@pytest.fixture
def scan_priorities(cast):
    """A real schoolscan for school A (one priority: Begrijpend lezen, B, 5-6) and one for school B."""
    from tests.schoolscan.helpers import complete_scan

    scan_a = complete_scan(cast.school_a, cast.year, cast.director)
    scan_b = complete_scan(cast.school_b, cast.year, cast.director_b)
    return SimpleNamespace(a=scan_a.priorities.get(), b=scan_b.priorities.get())


@pytest.fixture(autouse=True)
def npo_unit_amount_entered(request):
    """The NPO ships its 2021-2022 amount per achterstandsscore unit empty (not verified, FACTS.md §3); the tests
    of the programme compute with the amount an administrator enters (€ 251,16). Tests of the empty amount
    (`test_funding.py`) clear it again."""
    if "db" not in request.fixturenames and "transactional_db" not in request.fixturenames:
        marker = request.node.get_closest_marker("django_db")
        if marker is None:
            yield
            return
    request.getfixturevalue("db")
    from npo_planner.programma.models import StreamAmount

    StreamAmount.objects.filter(stream__code="npo", school_year="2021-2022").update(
        per_unit=Decimal("251.16")
    )
    yield

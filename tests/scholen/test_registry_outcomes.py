"""The schoolscan reads what last year's programme yielded through the core's registry, not by importing the
programme (the layer above it): the programme registers its selector when the app is ready."""

from npo_planner.programma.selectors import outcomes_before
from npo_planner.scholen import registry
from schoolscan.programme_adapter import previous_outcomes


def test_the_programme_registers_its_outcomes_for_the_scan():
    assert registry._previous_outcomes == [outcomes_before]


def test_without_a_provider_the_scan_gets_none(monkeypatch):
    monkeypatch.setattr(registry, "_previous_outcomes", [])
    assert previous_outcomes(school=object(), school_year=object()) is None


def test_the_scan_gets_what_the_provider_answers(monkeypatch):
    seen = {}

    def provider(*, school, school_year):
        seen.update(school=school, school_year=school_year)
        return {"years_label": "2021-2022 en 2022-2023"}

    monkeypatch.setattr(registry, "_previous_outcomes", [provider])
    assert previous_outcomes(school="A", school_year="Y") == {"years_label": "2021-2022 en 2022-2023"}
    assert seen == {"school": "A", "school_year": "Y"}

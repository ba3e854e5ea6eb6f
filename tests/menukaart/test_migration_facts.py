"""Migration menukaart 0004 brings an existing database to the checked facts (FACTS.md §1, §2): the 2022 figures
dated 1 April 2022, cost 1 with the EEF as source, official names, the missing items and the programmes of goal
area C, "goed beschreven" moved to the Loket Gezond Leven field; items keep their id (programmes refer to them)."""

import datetime

import pytest

from tests.migrations import latest, migrate

BEFORE = [("menukaart", "0003_facts_editions_recognitions")]
AFTER = [("menukaart", "0004_facts_2022_edition_and_programmes")]
OLD_SOURCE = "NPO-menukaart, update 2022 (nponderwijs.nl); cijfers: EEF Teaching and Learning Toolkit"


@pytest.mark.django_db(transaction=True)
def test_an_existing_catalogue_gets_the_checked_facts_and_keeps_its_ids():
    newest = latest()
    try:
        apps = migrate(BEFORE)
        intervention = apps.get_model("menukaart", "Intervention")
        figures = apps.get_model("menukaart", "InterventionFigures")
        # the catalogue as the old file had it: feedback without cost, its update dated 1 January 2022
        feedback = intervention.objects.get(code="feedback", school=None)
        intervention.objects.filter(pk=feedback.pk).update(name="Feedback (oud)", cost=None)
        figures.objects.filter(intervention=feedback).delete()
        figures.objects.create(
            intervention=feedback, date=datetime.date(2021, 1, 1), impact_months=8, evidence=3, source="2021"
        )
        figures.objects.create(
            intervention=feedback,
            date=datetime.date(2022, 1, 1),
            impact_months=6,
            evidence=4,
            source=OLD_SOURCE,
        )
        intervention.objects.filter(code__in=["pad", "kiva", "fonemisch-bewustzijn"]).delete()
        other = intervention.objects.create(
            code="programma-x", name="Programma X", goal_area="C", school=None, nji_level="goed_beschreven"
        )
        admin_set = figures.objects.create(
            intervention=other,
            date=datetime.date(2022, 1, 1),
            impact_months=1,
            source="Eigen bron van de beheerder",
        )

        apps = migrate(AFTER)
        intervention = apps.get_model("menukaart", "Intervention")
        figures = apps.get_model("menukaart", "InterventionFigures")
        feedback = intervention.objects.get(pk=feedback.pk)
        assert (feedback.code, feedback.name, feedback.cost) == ("feedback", "Feedback", 1)
        sets = {s.date: s for s in figures.objects.filter(intervention=feedback)}
        assert sorted(sets) == [datetime.date(2021, 1, 1), datetime.date(2022, 4, 1)]
        assert (sets[datetime.date(2021, 1, 1)].cost, sets[datetime.date(2022, 4, 1)].cost) == (1, 1)
        assert "very low cost" in sets[datetime.date(2022, 4, 1)].cost_source
        assert feedback.figures_date == datetime.date(2022, 4, 1)
        assert intervention.objects.filter(code__in=["pad", "kiva", "fonemisch-bewustzijn"]).count() == 3
        other = intervention.objects.get(pk=other.pk)
        assert (other.nji_level, other.lgl_level) == ("", "goed_beschreven")
        # a set an administrator entered with another source is left as it is
        assert figures.objects.get(pk=admin_set.pk).date == datetime.date(2022, 1, 1)
    finally:
        migrate(newest)

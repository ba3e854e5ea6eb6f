import datetime

from npo_planner.programma import demo as programma_demo
from npo_planner.programma import selectors, services
from npo_planner.programma.cycle import programme_steps
from npo_planner.programma.models import Item, Programme, Submission
from npo_planner.scholen.demo import load_core
from npo_planner.scholen.registry import cycle_steps


def full_demo():
    """The whole demo (12AB's budget rests on its schoolscan), then the programme's part once more."""
    import io

    from django.core.management import call_command

    call_command("demo", stdout=io.StringIO())
    ctx = load_core()
    programma_demo.load(ctx)
    return ctx


def test_demo_builds_a_consented_programme_for_12ab_and_a_concept_for_34cd_idempotently(db):
    ctx = full_demo()
    a = Programme.objects.get(school=ctx.school_a)
    b = Programme.objects.get(school=ctx.school_b)
    assert a.status == Programme.Status.APPROVED
    assert b.status == Programme.Status.CONCEPT
    submission = Submission.objects.get(programme=a)
    assert submission.decision == Submission.Decision.CONSENT
    # the onderwijsassistenten come from the board's pool: the GMR consented too, recorded by the board
    assert [i.goal_area for i in a.items.filter(above_school_level=True)] == ["E"]  # onderwijsassistenten
    assert (submission.needs_gmr, submission.gmr_decision) == (True, Submission.Decision.CONSENT)
    assert submission.gmr_decided_by == ctx.users["bestuur"]
    assert Item.objects.filter(programme=a).count() == 6
    budget = selectors.programme_budget(programme=a, items=selectors.items_of(a))
    assert not budget.over_budget
    assert not budget.has("no_evaluation")
    assert not budget.has("allocation_unknown")  # the demo's administrator entered the 2021-2022 unit amount
    assert a.year_labels == ["2021-2022", "2022-2023", "2023-2024", "2024-2025"]
    assert b.year_labels == ["2021-2022", "2022-2023"]
    assert {"A", "B", "C", "D", "E"} & {i.goal_area for i in a.items.all()}


def test_demo_records_12abs_spending_in_every_year_with_external_hire_idempotently(db):
    from decimal import Decimal

    from npo_planner.programma import allocation
    from npo_planner.programma.models import Spending

    ctx = full_demo()
    lines = Spending.objects.filter(item__programme__school=ctx.school_a)
    assert lines.count() == len(programma_demo.SPENDING_12AB)
    assert {line.school_year.label for line in lines} == {"2021-2022", "2022-2023", "2023-2024", "2024-2025"}
    assert {line.school_year.label for line in lines.filter(external_hire=True)} == {
        "2021-2022",
        "2022-2023",
        "2023-2024",
        "2024-2025",
    }
    assert lines.filter(external_hire=True).exists() and lines.filter(external_hire=False).exists()
    assert not Spending.objects.filter(item__programme__school=ctx.school_b).exists()  # 34CD stays in concept
    window = allocation.school_window(school=ctx.school_a)
    rows = window.rows
    assert [r.spent for r in rows] == [
        Decimal("114000"),
        Decimal("89500"),
        Decimal("41500"),
        Decimal("35000"),
    ]
    assert [r.allocation for r in rows[2:]] == [Decimal("0"), Decimal("0")]
    assert rows[2].carry_in > rows[2].planned and rows[3].carry_in == rows[2].carry_out > 0  # carried over
    # no false warning for 2023-2024 (a plan of no new money), nothing overspent
    assert not window.has("over_available_year") and not window.has("over_window")


def test_cycle_step_shows_status_mr_decision_and_budget_use(cast):
    step = programme_steps(school=cast.school_a, school_year=cast.year, role="directeur")[0]
    assert (step.state, step.status) == ("todo", "Nog geen schoolprogramma.")
    from tests.programma.factories import make_item, make_programme

    programme = make_programme(cast.school_a, cast.year)
    make_item(programme)
    Submission.objects.create(programme=programme, number=1, decision="instemming")
    programme.status = Programme.Status.APPROVED
    programme.save()
    step = programme_steps(school=cast.school_a, school_year=cast.year, role="mr")[0]
    assert step.state == "done"
    assert step.status.startswith("Vastgesteld")
    assert "MR: Instemming (versie 1)" in step.details
    assert any("gepland van" in d for d in step.details)
    assert "Evaluatie: 0 van 1 onderdelen geëvalueerd" in step.details
    item = programme.items.get()
    services.item_outcome_save(
        item=item,
        user=cast.ib,
        expected_version=0,
        verdict="werkt",
        next_step="doorgaan",
        findings="",
        evaluated_on=datetime.date(2022, 6, 1),
    )
    step = programme_steps(school=cast.school_a, school_year=cast.year, role="directeur")[0]
    assert "Evaluatie: 1 van 1 onderdelen geëvalueerd" in step.details
    assert any(
        s.title == "Schoolprogramma"
        for s in cycle_steps(school=cast.school_a, school_year=cast.year, role="ib")
    )


def test_cycle_step_says_which_council_is_awaited(cast):
    from tests.programma.factories import make_item, make_programme

    programme = make_programme(cast.school_a, cast.year, status=Programme.Status.SUBMITTED)
    make_item(programme, above_school_level=True)
    Submission.objects.create(programme=programme, number=1, decision="instemming", needs_gmr=True)
    step = programme_steps(school=cast.school_a, school_year=cast.year, role="directeur")[0]
    assert step.state == "busy"
    assert step.status.startswith("Ter instemming")
    assert step.details[:2] == ["MR: Instemming (versie 1)", "Versie 1 ligt ter instemming bij de GMR."]


# With the real apps: tests/programma/test_integration.py::test_demo_items_point_to_the_real_catalogue_...

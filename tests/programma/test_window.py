"""The programme's budget runs over the school's NPO spending window with carry-over (issue 15): a plan for
2023-2024, a year without new money, is not over budget while money from earlier years is left."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from npo_planner.programma import allocation, selectors, spending
from tests.factories import SchoolYearFactory
from tests.programma.factories import make_item, make_programme

D = datetime.date


@pytest.fixture
def later(cast):
    """School A: 2021-2022 + 2022-2023 (allocations 1.402,32 and 1.000,00, plan 1.000 + 500, 900 spent in
    2021-2022), then a programme over 2023-2024 + 2024-2025 (no new money)."""
    years = [SchoolYearFactory(label=label) for label in ("2023-2024", "2024-2025")]
    first = make_item(make_programme(cast.school_a, cast.year))
    spending.spending_record(
        item=first, user=cast.director, spent_on=D(2021, 12, 1), amount=Decimal("900"), external_hire=False
    )
    programme = make_programme(cast.school_a, years[0], last_year=years[1])
    return programme


def budget_of(programme, today):
    items = list(programme.items.all())
    window = allocation.school_window(school=programme.school, today=today)
    return selectors.programme_budget(programme=programme, items=items, window=window)


def add(programme, first, second):
    return make_item(
        programme,
        starts_on=D(2023, 9, 1),
        ends_on=D(2025, 6, 30),
        year_costs={"2023-2024": first, "2024-2025": second},
    )


def test_a_plan_in_a_year_without_new_money_uses_money_carried_over(later):
    add(later, "300", "200")
    budget = budget_of(later, today=D(2023, 9, 1))
    # left: 1.402,32 − 900 spent, + 1.000,00 − 500 planned (2022-2023 has no spending recorded) = 1.002,32
    assert not budget.over_budget
    assert [w.code for w in budget.warnings] == ["unspent_at_end"]
    assert "€\u00a0502,32" in budget.warnings[0].message
    assert [r.carry_in for r in budget.window.rows] == [
        Decimal("0"),
        Decimal("502.32"),
        Decimal("1502.32"),
        Decimal("1502.32"),
    ]


def test_a_plan_above_the_money_carried_over_warns_for_that_year_and_the_window(later):
    add(later, "900", "200")
    budget = budget_of(later, today=D(2023, 9, 1))
    assert [w.code for w in budget.warnings] == ["over_available_year", "over_window"]
    assert "In 2024-2025 is €\u00a0200,00 gepland" in budget.warnings[0].message
    assert budget.over_budget


def test_the_programme_budget_reads_the_window_by_itself_and_the_submit_warnings_follow(later):
    add(later, "300", "200")
    items = list(later.items.all())
    budget = selectors.programme_budget(programme=later, items=items)
    assert budget.window is not None and len(budget.window.rows) == 4
    assert not budget.over_budget
    assert not selectors.submit_warnings(programme=later, budget=budget)


def test_the_detail_page_shows_the_money_year_by_year(client, cast, later):
    add(later, "300", "200")
    client.force_login(cast.director)
    url = reverse("programma:detail", kwargs={"brin": cast.school_a.brin, "programme_id": later.pk})
    page = client.get(url).content.decode()
    assert "Naar volgend jaar" in page and "2024-2025" in page
    assert "meer dan er dat jaar beschikbaar" not in page

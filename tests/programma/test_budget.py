from decimal import Decimal

from npo_planner.programma.budget import ItemCost, YearBasis, compute, euro

D = Decimal


def years(pupils=(200, 200), units=(None, None)):
    return (
        YearBasis("2021-2022", pupils[0], D("701.16"), units[0], D("251.16")),
        YearBasis("2022-2023", pupils[1], D("500.00"), units[1], D("463.78")),
    )


def item(area="B", first="0", second="0", **kw):
    return ItemCost(
        name=kw.pop("name", f"item {area}"), goal_area=area, cost_first=D(first), cost_second=D(second), **kw
    )


def test_allocation_is_pupils_times_amount_plus_units_times_unit_amount():
    basis = YearBasis("2021-2022", 200, D("701.16"), D("10.5"), D("251.16"))
    assert basis.allocation == D("140232.00") + D("2637.18")


def test_allocation_without_units_counts_pupils_only_and_unknown_without_pupils():
    assert YearBasis("x", 100, D("500"), None, D("463.78")).allocation == D("50000.00")
    assert YearBasis("x", None, D("500"), D("3"), D("463.78")).allocation is None


def test_planned_cost_is_summed_per_goal_area_and_year():
    budget = compute(years(), [item("B", "1000", "500"), item("B", "10", "20"), item("C", "5", "0")])
    assert budget.planned["B"] == (D("1010"), D("520"))
    assert budget.planned["C"] == (D("5"), D("0"))
    assert budget.planned["A"] == (D("0"), D("0"))
    assert budget.planned_per_year == (D("1015"), D("520"))
    assert budget.planned_total == D("1535")
    rows = {r["area"]: r for r in budget.rows()}
    assert rows["B"]["total"] == D("1530")
    assert rows["B"]["share"] == D("99.7")


def test_within_budget_gives_no_warning():
    budget = compute(years(), [item("B", "100000", "90000")])
    assert budget.warnings == []
    assert budget.remaining == (D("40232.00"), D("10000.00"), D("50232.00"))


def test_over_budget_in_one_year_warns_for_that_year():
    budget = compute(years(), [item("B", "1000", "100000.01")])
    codes = [w.code for w in budget.warnings]
    assert codes == ["over_budget_year"]
    assert "2022-2023" in budget.warnings[0].message
    assert "€\u00a00,01 meer" in budget.warnings[0].message
    assert budget.over_budget


def test_over_budget_in_total_warns_for_both_years_together():
    budget = compute(years(), [item("B", "140000", "100232.01")])
    assert {w.code for w in budget.warnings} == {"over_budget_year", "over_budget_total"}


def test_goal_area_f_without_a_to_e_warns_and_with_one_of_them_does_not():
    assert compute(years(), [item("F", "10")]).has("f_without_a_e")
    assert not compute(years(), [item("F", "10"), item("A", "10")]).has("f_without_a_e")
    assert not compute(years(), []).has("f_without_a_e")


def test_item_without_evaluation_warns_by_name():
    budget = compute(years(), [item("B", name="Zomerschool", has_evaluation=False)])
    assert [w.code for w in budget.warnings] == ["no_evaluation"]
    assert "Zomerschool" in budget.warnings[0].message


def test_unknown_pupil_number_is_a_warning_not_a_zero_budget():
    budget = compute(years(pupils=(None, 200)), [item("B", "5")])
    assert budget.allocation_total is None
    assert budget.has("allocation_unknown")
    assert not budget.has("over_budget_total")


def test_external_hire_share_is_a_percentage_of_planned_cost():
    budget = compute(years(), [item("B", "300", "0", external_hire=True), item("C", "700", "0")])
    assert budget.external_hire_share == D("30.0")
    assert compute(years(), []).external_hire_share is None


def test_euro_uses_dutch_notation():
    assert euro(D("1234567.5")) == "€\u00a01.234.567,50"

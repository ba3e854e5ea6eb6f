from decimal import Decimal

from npo_planner.programma.budget import ItemCost, YearBasis, compute, euro

D = Decimal


def years(pupils=(200, 200), units=(None, None)):
    return (
        YearBasis("2021-2022", pupils[0], D("701.16"), units[0], D("251.16")),
        YearBasis("2022-2023", pupils[1], D("500.00"), units[1], D("463.78")),
    )


def item(area="B", first="0", second="0", **kw):
    return ItemCost(name=kw.pop("name", f"item {area}"), goal_area=area, costs=(D(first), D(second)), **kw)


def test_allocation_is_pupils_times_amount_plus_units_times_unit_amount():
    basis = YearBasis("2021-2022", 200, D("701.16"), D("10.5"), D("251.16"))
    assert basis.allocation == D("140232.00") + D("2637.18")


def test_allocation_without_units_counts_pupils_only_and_unknown_without_pupils():
    assert YearBasis("x", 100, D("500"), None, D("463.78")).allocation == D("50000.00")
    assert YearBasis("x", None, D("500"), D("3"), D("463.78")).allocation is None


def test_an_unknown_amount_says_bedrag_onbekend_instead_of_computing():
    sbo_2022 = YearBasis("2022-2023", 200, None, None, D("463.78"))  # the NPO's sbo amount is not verified
    assert sbo_2022.allocation is None and sbo_2022.unknown_reason == "bedrag onbekend"
    unit_2021 = YearBasis("2021-2022", 200, D("701.16"), D("10"), None)  # units, but no amount per unit
    assert unit_2021.allocation is None and unit_2021.unknown_reason == "bedrag onbekend"
    assert YearBasis("2021-2022", 200, D("701.16"), None, None).allocation == D("140232.00")  # no units
    assert YearBasis("2023-2024", None, D("0"), None, D("0")).allocation == D("0")  # no new money
    budget = compute((years()[0], sbo_2022), [item("B", "5")])
    assert budget.allocation_total is None
    assert [w.message for w in budget.warnings] == ["Het budget voor 2022-2023 is onbekend: bedrag onbekend."]


def test_a_programme_over_four_years_carries_money_into_the_years_without_new_money():
    four = (
        *years(),
        YearBasis("2023-2024", None, D("0"), None, D("0")),
        YearBasis("2024-2025", None, D("0"), None, D("0")),
    )
    plan = ItemCost(name="Lezen", goal_area="B", costs=(D("100000"), D("90000"), D("40000"), D("10000")))
    budget = compute(four, [plan])
    assert budget.planned_per_year == (D("100000"), D("90000"), D("40000"), D("10000"))
    assert budget.warnings == []  # 2023-2024 plans 40.000 of no new money: the 50.232 left covers it
    assert budget.remaining == (D("40232.00"), D("50232.00"), D("10232.00"), D("232.00"), D("232.00"))
    over = compute(
        four, [ItemCost(name="Lezen", goal_area="B", costs=(D("100000"), D("90000"), D("60000"), D("0")))]
    )
    assert [w.code for w in over.warnings] == ["over_available_year", "over_budget_total"]
    assert "2023-2024" in over.warnings[0].message


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
    # what is left after each year, money from earlier years included; last: at the end
    assert budget.remaining == (D("40232.00"), D("50232.00"), D("50232.00"))


def test_a_year_over_its_own_money_is_no_problem_while_the_first_years_money_is_left():
    # Changed to the rule of issue 15: the first year's unplanned 139.232,00 carries into the second year.
    budget = compute(years(), [item("B", "1000", "100000.01")])
    assert budget.warnings == []
    assert not budget.over_budget


def test_a_year_over_what_is_available_including_carry_over_warns_for_that_year():
    budget = compute(years(), [item("B", "140000", "100232.01")])
    codes = [w.code for w in budget.warnings]
    assert codes == ["over_available_year", "over_budget_total"]
    assert "2022-2023" in budget.warnings[0].message
    assert "€\u00a00,01 meer" in budget.warnings[0].message
    assert "inclusief geld uit vorige jaren" in budget.warnings[0].message
    assert budget.over_budget


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


# --- the spending window with carry-over (carry.run) ---------------------------------------------------------


def window(*years_money):
    from npo_planner.programma import carry

    return carry.run([carry.YearMoney(*y) for y in years_money])


def test_carry_over_follows_the_contract_definition():
    w = window(
        ("2021-2022", D("1000"), D("800"), D("700"), True),
        ("2022-2023", D("500"), D("900"), D("1000"), True),
        ("2023-2024", D("0"), D("300"), D("0"), False),
        ("2024-2025", D("0"), D("0"), D("0"), False),
    )
    assert [(r.carry_in, r.carry_out) for r in w.rows] == [
        (D("0"), D("300")),
        (D("300"), D("-200")),
        (D("-200"), D("-200")),
        (D("-200"), D("-200")),
    ]


def test_a_later_years_plan_uses_money_from_earlier_years_without_a_warning():
    w = window(
        ("2021-2022", D("1000"), D("400"), D("400"), True),
        ("2022-2023", D("500"), D("500"), D("500"), True),
        ("2023-2024", D("0"), D("350"), D("0"), False),
        ("2024-2025", D("0"), D("250"), D("0"), False),
    )
    assert w.warnings == []


def test_a_plan_above_what_is_available_in_the_year_warns_and_so_does_the_whole_window():
    w = window(
        ("2021-2022", D("1000"), D("400"), D("400"), True),
        ("2022-2023", D("500"), D("500"), D("500"), True),
        ("2023-2024", D("0"), D("700"), D("0"), False),
        ("2024-2025", D("0"), D("0"), D("0"), False),
    )
    assert [x.code for x in w.warnings] == ["over_available_year", "over_window"]
    assert "2023-2024" in w.warnings[0].message and "€\u00a0100,00 meer" in w.warnings[0].message


def test_money_left_at_the_windows_end_is_warned_about():
    w = window(
        ("2021-2022", D("1000"), D("400"), D("400"), True),
        ("2022-2023", D("500"), D("500"), D("500"), True),
        ("2023-2024", D("0"), D("100"), D("0"), False),
        ("2024-2025", D("0"), D("0"), D("0"), False),
    )
    assert [x.code for x in w.warnings] == ["unspent_at_end"]
    assert "€\u00a0500,00" in w.warnings[0].message and "2024-2025" in w.warnings[0].message


def test_an_ended_year_counts_what_was_spent_not_what_was_planned():
    # 2021-2022 planned 900 but spent 400: 600 is left for later, the plan of 2023-2024 fits
    w = window(
        ("2021-2022", D("1000"), D("900"), D("400"), True),
        ("2022-2023", D("0"), D("0"), D("0"), True),
        ("2023-2024", D("0"), D("600"), D("0"), False),
    )
    assert w.warnings == []


def test_an_unknown_allocation_gives_no_false_figures():
    w = window(("2021-2022", None, D("10"), D("0"), False), ("2022-2023", D("5"), D("0"), D("0"), False))
    assert [x.code for x in w.warnings] == ["allocation_unknown"]
    assert w.rows[0].carry_out is None and w.rows[1].carry_in is None and w.to_spend is None


def test_a_year_without_new_money_has_allocation_zero_whatever_the_pupil_number():
    assert YearBasis("2023-2024", None, D("0"), None, D("0")).allocation == D("0")

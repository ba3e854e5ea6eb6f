import re

from hypothesis import given
from hypothesis import strategies as st

from npo_planner.lib.csv_export import csv_text, decimal_comma, neutralise
from npo_planner.lib.privacy import cells_to_suppress, is_small, suppress


def test_decimal_comma_with_two_decimals_rounding_half_up():
    assert decimal_comma(40.909) == "40,91"
    assert decimal_comma(2.5, 0) == "3"
    assert decimal_comma(None) == ""
    assert decimal_comma(100) == "100,00"


def test_csv_has_bom_semicolons_and_neutralised_formulas():
    text = csv_text(["groep", "n"], [["=1+1", 5], ["@SUM(A1)", "-3"], ["5a", 2]])
    assert text.startswith("\ufeffgroep;n\r\n")
    assert "'=1+1;5" in text and "'@SUM(A1);-3" in text and "5a;2" in text


def test_plain_numbers_stay_numbers_and_everything_else_starting_a_formula_is_neutralised():
    """CONTRACT §6: `-4,00` and `12` are written as they are, so Excel reads numbers."""
    for number in ["-4,00", "-4", "12", "40,91", "0", "-0,5", "-4.5", -4, -2.5]:
        assert neutralise(number) == str(number)
    for text in [
        "-4,00x",
        "-4,",
        "-,5",
        "+12",
        "-1+1",
        "-4.",
        "-1,5,0",
        "-1.234,00",
        "=1",
        "@A1",
        "-",
        "\t-1",
        "\r-1",
    ]:
        assert neutralise(text) == "'" + text
    for text in ["-1\n=1", "-4,00\n", "- 4"]:
        assert neutralise(text) == "'" + text


PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:[,.][0-9]+)?")


@given(st.text(max_size=50))
def test_no_exported_cell_starts_a_formula_unless_it_is_a_plain_number(value):
    cell = neutralise(value)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")) or PLAIN_NUMBER.fullmatch(cell)


def test_small_cells_are_suppressed():
    assert suppress(40.0, 4) is None and suppress(40.0, 5) == 40.0 and suppress(1, None) is None
    assert is_small(4) and not is_small(5)


def test_a_single_small_cell_beside_a_total_takes_the_next_smallest_with_it():
    assert cells_to_suppress({"onderbouw": 3, "middenbouw": 12, "bovenbouw": 20}) == {
        "onderbouw",
        "middenbouw",
    }
    assert cells_to_suppress({"a": 3, "b": 4, "c": 20}) == {"a", "b"}
    assert cells_to_suppress({"a": 8, "b": 9}) == set()
    assert cells_to_suppress({"a": 3, "b": 20}, total_shown=False) == {"a"}

from decimal import Decimal

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from npo_planner.lib.dutch_numbers import DutchDecimalField, parse_dutch_number


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("18500", "18500"),
        ("18.500", "18500"),
        ("18.500,00", "18500.00"),
        ("€ 18.500", "18500"),
        ("€18.500,50", "18500.50"),
        ("EUR 1.250.000", "1250000"),
        ("12,5", "12.5"),
        ("12,5 %", "12.5"),
        ("12.5", "12.5"),
        ("0.25", "0.25"),
        ("0.500", "0.500"),
        ("1.5", "1.5"),
        (",5", "0.5"),
        ("18,", "18"),
        ("\u00a018\u202f500 ", "18500"),
        ("-4", "-4"),
        ("−4,00", "-4.00"),
        ("- € 5", "-5"),
    ],
)
def test_dutch_numbers_are_read_by_the_rule(text, number):
    assert parse_dutch_number(text) == Decimal(number)


@pytest.mark.parametrize(
    "text", ["", ",", ".", "1.5,0", "1.234.5", "12,5,0", "abc", "1e5", "NaN", "12a", "€"]
)
def test_anything_else_is_not_a_number(text):
    with pytest.raises(ValueError):
        parse_dutch_number(text)


class CostForm(forms.Form):
    cost = DutchDecimalField(max_digits=10, decimal_places=2)
    pupils = DutchDecimalField(decimal_places=0, required=False)
    months = DutchDecimalField(max_digits=4, decimal_places=1, allow_negative=True, required=False)


def test_the_field_takes_dutch_input_and_refuses_negatives_and_junk_in_dutch():
    form = CostForm({"cost": "€ 18.500,00", "pupils": "1.200", "months": "-2,5"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"cost": Decimal("18500.00"), "pupils": 1200, "months": Decimal("-2.5")}
    form = CostForm({"cost": "-4", "pupils": "12,5", "months": "zes"})
    assert not form.is_valid()
    assert form.errors == {
        "cost": ["Vul een getal van 0 of meer in; een negatief getal kan hier niet."],
        "pupils": ["Vul een heel getal in, zonder decimalen."],
        "months": ["Vul een getal in, bijvoorbeeld 18.500 of 18.500,00 of 12,5 (komma voor de decimalen)."],
    }


def test_the_input_is_text_with_a_decimal_keyboard_and_shows_a_decimal_comma():
    html = str(CostForm(initial={"cost": Decimal("18500.50"), "pupils": 12})["cost"])
    assert 'type="text"' in html and 'inputmode="decimal"' in html and 'value="18500,50"' in html
    assert "step" not in html
    assert 'inputmode="numeric"' in str(CostForm()["pupils"])


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_every_amount_written_the_dutch_way_reads_back_as_itself(amount):
    grouped = f"{amount:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")  # 1.234.567,89
    assert parse_dutch_number(grouped) == amount
    assert parse_dutch_number(f"€ {grouped}") == amount
    assert parse_dutch_number(f"{amount:.2f}".replace(".", ",")) == amount  # 1234567,89
    assert parse_dutch_number(f"-{grouped}") == -amount

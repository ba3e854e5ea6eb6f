from decimal import Decimal

import pytest

from npo_planner.lib.delay_text import delay_text


@pytest.mark.parametrize(
    ("months", "text"),
    [
        (-4.5, "4,5 maanden achterstand"),
        (Decimal("-1.0"), "1,0 maand achterstand"),
        (1, "1,0 maand voorsprong"),
        ("2.25", "2,3 maanden voorsprong"),
        (0, "geen achterstand"),
        (None, "onbekend"),
    ],
)
def test_delay_and_growth_are_told_apart_with_their_unit(months, text):
    assert delay_text(months) == text

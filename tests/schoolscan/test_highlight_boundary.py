"""The 10-point highlight of a change in the klassenzorgscore, in the scan's KanVAS summary: exactly 10 points (up
or down) is highlighted, 9.9 is not, and a suppressed group never is."""

import pytest

from schoolscan.kanvas_adapter import _group_row


@pytest.mark.parametrize(
    ("change", "suppressed", "highlight"),
    [
        (10.0, False, True),
        (-10.0, False, True),
        (9.9, False, False),
        (-9.9, False, False),
        (25.0, True, False),
        (None, False, False),
    ],
)
def test_the_scan_summary_highlights_a_change_of_ten_points_or_more(change, suppressed, highlight):
    row = _group_row({"group": "5a", "n": 20, "score": 40.0, "change": change, "suppressed": suppressed})
    assert row["highlight"] is highlight

"""Amounts and warnings shared by the budget rules (`budget`) and the carry-over of a spending window (`carry`):
the module both stand on, so neither imports the other's basics (pure, free of Django models and the database)."""

from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal("0")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Warning:
    code: str  # over_available_year, over_window, unspent_at_end, over_budget_total, f_without_a_e, no_evaluation,
    # allocation_unknown
    message: str


def euro(amount: Decimal) -> str:
    """Dutch notation: € 12.345,67."""
    text = f"{amount.quantize(CENT):,.2f}"
    return "€\u00a0" + text.replace(",", "_").replace(".", ",").replace("_", ".")

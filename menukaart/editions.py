"""Which menukaart edition a school year sees, and the figures of that edition per item (pure: no queries).

Every catalogue item keeps one figure set per edition it is on, dated the day that edition went live (2021:
2021-01-01; the 2022 update: 2022-04-01). A set without figures means "on the list, no figures". The menukaart of a
school year shows the edition in force when that year's programme was made: schools chose in the spring before
the year, so the reference day is the start of the school year (2021-2022 → the 2021 edition; 2022-2023 → the
2022 edition) and the older sets are shown as history.

An item with no figure set at all (a school's own intervention, a programme recognised by the NJi) is not tied to
an edition and is shown in every year with its own figures (usually unknown).
"""

import datetime

FIGURES = ("impact_months", "evidence", "cost")
CURRENT_FIGURES = (*FIGURES, "figures_source", "figures_date")  # the item's stored current figures


def reference_day(school_year, today: datetime.date | None = None) -> datetime.date:
    """The day whose edition applies to the school year (its start); without a school year: today."""
    if school_year is not None:
        return school_year.start
    return today or datetime.date.today()


def apply(intervention, sets: list, on: datetime.date) -> bool:
    """Give `intervention` the figures of the edition in force on `on` (in memory, for display and ranking).

    `sets` are the item's figure sets. Sets the attributes `edition` (the set in force, or None), `history` (the
    older sets, newest first), `later` (sets that came after `on`) and `cost_source`. Returns whether the item is
    on that edition's menukaart (always true for an item without sets)."""
    ordered = sorted(sets, key=lambda s: s.date, reverse=True)
    current = next((s for s in ordered if s.date <= on), None)
    intervention.edition = current
    intervention.history = [s for s in ordered if s.date < current.date] if current else []
    intervention.later = [s for s in ordered if s.date > on]
    intervention.cost_source = current.cost_source if current else ""
    if not ordered:
        return True
    take_figures(intervention, current)
    return current is not None


def take_figures(intervention, figures) -> None:
    """Make a figure set the item's current figures (in memory; None: no figures). The one copy of a set's
    figures onto an item: for display (`apply`) and for the stored newest figures (`services.newest_figures_sync`)."""
    for name in FIGURES:
        setattr(intervention, name, getattr(figures, name) if figures else None)
    intervention.figures_source = figures.source if figures else ""
    intervention.figures_date = figures.date if figures else None

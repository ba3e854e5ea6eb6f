"""Where the apps hook into the shared pages without the core depending on them.

An app registers, in its AppConfig.ready(), a navigation item, a step of the yearly cycle and a dashboard card of
the user's own (e.g. "mijn acties"). The core renders whatever is registered, in `order`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from npo_planner.scholen.roles import ALL_ROLES


@dataclass(frozen=True)
class NavItem:
    order: int
    label: str
    url_name: str  # a school-scoped URL name taking `brin`
    roles: frozenset = ALL_ROLES
    section: str = ""  # the URL namespace that marks the item active
    takes_brin: bool = True  # False for pages outside a school (the board overview)


@dataclass(frozen=True)
class CycleStep:
    """One step of the yearly cycle as the dashboard shows it."""

    title: str
    state: str  # "done", "busy", "todo" or "none" (nothing to show yet)
    status: str  # Dutch status line, e.g. "Vastgesteld op 3 november"
    url: str = ""
    details: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DashboardCard:
    """A card of the user's own on the dashboard: `template` is rendered with `card` (this object) in context."""

    template: str
    context: dict = field(default_factory=dict)


CycleProvider = Callable[..., list[CycleStep]]
CardProvider = Callable[..., "DashboardCard | None"]

_nav: list[NavItem] = []
_cycle: list[tuple[int, CycleProvider]] = []
_cards: list[tuple[int, CardProvider]] = []


def register_nav(item: NavItem) -> None:
    if item not in _nav:
        _nav.append(item)
        _nav.sort(key=lambda i: i.order)


def register_cycle(order: int, provider: CycleProvider) -> None:
    """`provider(*, school, school_year, role)` returns the CycleSteps of one app (a fixed number of queries)."""
    if (order, provider) not in _cycle:
        _cycle.append((order, provider))
        _cycle.sort(key=lambda pair: pair[0])


def nav_items(role: str) -> list[NavItem]:
    return [item for item in _nav if role in item.roles]


def cycle_steps(*, school, school_year, role) -> list[CycleStep]:
    steps: list[CycleStep] = []
    for _order, provider in _cycle:
        steps.extend(provider(school=school, school_year=school_year, role=role))
    return steps


def register_card(order: int, provider: CardProvider) -> None:
    """`provider(*, school, school_year, role, user)` returns a DashboardCard or None (a fixed number of queries)."""
    if (order, provider) not in _cards:
        _cards.append((order, provider))
        _cards.sort(key=lambda pair: pair[0])


def dashboard_cards(*, school, school_year, role, user) -> list[DashboardCard]:
    cards = [
        provider(school=school, school_year=school_year, role=role, user=user) for _o, provider in _cards
    ]
    return [card for card in cards if card is not None]


# What last year's programme yielded, for next year's schoolscan. The programme (top layer) registers its selector
# here and the schoolscan (middle layer) reads it here, so the scan never imports the programme
# (.importlinter, docs/conventions.md).
PreviousOutcomes = Callable[..., dict | None]
_previous_outcomes: list[PreviousOutcomes] = []


def register_previous_outcomes(provider: PreviousOutcomes) -> None:
    """`provider(*, school, school_year)` returns plain data about the school's previous programme, or None."""
    _previous_outcomes[:] = [provider]


def previous_outcomes(*, school, school_year) -> dict | None:
    """None when no app provides them (the programme app is not installed)."""
    if not _previous_outcomes:
        return None
    return _previous_outcomes[0](school=school, school_year=school_year)

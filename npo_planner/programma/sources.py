"""The one place where the programme reads other apps, only through their cross-app selectors
(docs/conventions.md). Imports are lazy; when an app (or a selector) is not there yet, or has no data, a function
returns None and the page says "nog geen gegevens" instead of breaking.

Every function returns plain data (dicts, lists, dataclasses), never pupil-level data.
"""

import importlib
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext

logger = logging.getLogger(__name__)

UNAVAILABLE = (ImportError, AttributeError, LookupError)


def _selectors(app: str):
    """The app's selectors module, or None when the app does not provide it (yet)."""
    try:
        return importlib.import_module(f"{app}.selectors")
    except ImportError:
        return None


def _call(app: str, name: str, **kwargs):
    module = _selectors(app)
    if module is None:
        return None
    try:
        return getattr(module, name)(**kwargs)
    except UNAVAILABLE as exc:
        logger.info("programma.sources: %s.%s unavailable: %s", app, name, exc)
        return None


# --- menukaart ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InterventionChoice:
    ref: int
    name: str
    goal_area: str
    impact_months: int | None
    evidence: int | None
    cost_band: int | None
    nji_level: str
    figures_source: str
    own: bool  # the school's own intervention (not from the catalogue)

    @property
    def label(self) -> str:
        def figure(value, text):
            return gettext("onbekend") if value is None else text % value

        return gettext("%(area)s – %(name)s (impact %(impact)s, bewijs %(evidence)s, kosten %(cost)s)") % {
            "area": self.goal_area,
            "name": self.name,
            "impact": figure(self.impact_months, "+%s mnd"),
            "evidence": figure(self.evidence, "%s/5"),
            "cost": figure(self.cost_band, "%s/5"),
        }


def _intervention_choice(obj) -> InterventionChoice:
    source = getattr(obj, "figures_source", "") or ""
    date = getattr(obj, "figures_date", None)
    if date:
        source = f"{source} ({date:%d-%m-%Y})" if source else f"{date:%d-%m-%Y}"
    nji = obj.get_nji_level_display() if getattr(obj, "nji_level", "") else ""
    return InterventionChoice(
        ref=obj.pk,
        name=obj.name,
        goal_area=obj.goal_area,
        impact_months=obj.impact_months,
        evidence=obj.evidence,
        cost_band=obj.cost,
        nji_level=str(nji),
        figures_source=source[:200],
        own=obj.school_id is not None,
    )


def interventions_for_school(*, school, school_year=None) -> list[InterventionChoice] | None:
    """The menukaart to choose from; for a school year, with the figures of the edition in force for that year's
    programme (the 2021-2022 programme: the 2021 figures), which the item then keeps as its snapshot."""
    module = _selectors("menukaart")
    if school_year is not None and hasattr(module, "interventions_in_edition"):
        qs = _call("menukaart", "interventions_in_edition", school=school, school_year=school_year)
    else:
        qs = _call("menukaart", "interventions_for_school", school=school)
    if qs is None:
        return None
    try:
        return [_intervention_choice(obj) for obj in qs]
    except UNAVAILABLE as exc:
        logger.info("programma.sources: menukaart interventions unusable: %s", exc)
        return None


def considered(*, school, school_year) -> list[int] | None:
    """Ids of the interventions on the school's shortlist of the year (menukaart keuzehulp), offered first."""
    rows = _call("menukaart", "considered_for", school=school, school_year=school_year)
    if rows is None:
        return None
    try:
        return [obj.pk for obj in rows]
    except UNAVAILABLE:
        return None


def goal_area_names() -> dict[str, str] | None:
    module = _selectors("menukaart")
    return dict(getattr(module, "GOAL_AREAS", {}) or {}) or None if module else None


# --- schoolscan --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PriorityChoice:
    ref: int
    title: str
    goal_area: str
    grades: str
    aim: str

    @property
    def label(self) -> str:
        return f"{self.goal_area} – {self.title}" if self.goal_area else self.title


def scan_status(*, school, school_year) -> str | None:
    """The scan's status label, None when there is no scan (or no schoolscan app)."""
    scan = _call("schoolscan", "scan_for", school=school, school_year=school_year)
    if scan is None:
        return None
    try:
        return str(scan.get_status_display())
    except UNAVAILABLE:
        return None


def scan_statuses(*, schools, school_year) -> dict[int, str]:
    """{school id: scan status label} for many schools in one query (board overview); {} without schoolscan."""
    scans = _call("schoolscan", "scans_for_schools", schools=schools, school_year=school_year)
    try:
        return {school_id: str(scan.get_status_display()) for school_id, scan in (scans or {}).items()}
    except UNAVAILABLE:
        return {}


def budget_bases(*, schools, school_year) -> dict[int, dict] | None:
    """{school id: budget basis} for the schools that have a scan in that year: one query; None without
    schoolscan (then callers fall back to `budget_basis` per school)."""
    scans = _call("schoolscan", "scans_for_schools", schools=schools, school_year=school_year)
    module = _selectors("schoolscan")
    if scans is None or module is None or not hasattr(module, "budget_basis_of"):
        return None
    return {school_id: _basis(module.budget_basis_of(scan=scan)) for school_id, scan in scans.items()}


def _basis(basis) -> dict | None:
    if not isinstance(basis, dict):
        return None
    units = basis.get("disadvantage_units")
    return {
        "pupils": basis.get("pupils"),
        "disadvantage_units": None if units is None else Decimal(str(units)),
    }


def priorities(*, school, school_year) -> list[PriorityChoice] | None:
    rows = _call("schoolscan", "priorities_for", school=school, school_year=school_year)
    if rows is None:
        return None
    try:
        return [
            PriorityChoice(
                ref=p.pk,
                title=p.title,
                goal_area=getattr(p, "goal_area", "") or "",
                grades=getattr(p, "grades", "") or "",
                aim=getattr(p, "aim", "") or "",
            )
            for p in rows
        ]
    except UNAVAILABLE:
        return None


def budget_basis(*, school, school_year) -> dict | None:
    """{"pupils": int|None, "disadvantage_units": Decimal|None} from the scan, or None without a scan."""
    return _basis(_call("schoolscan", "budget_basis", school=school, school_year=school_year))


def scan_summary(*, school, school_year) -> list[tuple[str, list[str]]] | None:
    rows = _call("schoolscan", "scan_summary", school=school, school_year=school_year)
    return [(str(title), [str(line) for line in lines]) for title, lines in rows] if rows else None


def scan_delays(*, school, school_year) -> list[dict] | None:
    """Delay per domain and grade from the scan's section 2 (`schoolscan.selectors.delays_for`); None without a
    scan (or without schoolscan)."""
    rows = _call("schoolscan", "delays_for", school=school, school_year=school_year)
    return list(rows) if rows else None


# --- kanvas ------------------------------------------------------------------------------------------------


def kanvas_moments(*, school, school_year) -> list[str] | None:
    moments = _call("kanvas", "moments_for", school=school, school_year=school_year)
    return list(moments) if moments else None


def kanvas_groups(*, school, moment, compare=None) -> list[dict] | None:
    rows = _call("kanvas", "klassenzorgscore_per_group", school=school, moment=moment, compare=compare)
    return list(rows) if rows else None


def kanvas_school(*, school, moment, compare=None) -> dict | None:
    summary = _call("kanvas", "school_summary", school=school, moment=moment, compare=compare)
    return dict(summary) if summary else None


def group_concern(*, school, group_names, moment) -> list[dict] | None:
    rows = _call("kanvas", "group_concern_for", school=school, group_names=group_names, moment=moment)
    return list(rows) if rows else None


# --- ouderbetrokkenheid ------------------------------------------------------------------------------------


def surveys(*, school, school_year) -> list | None:
    rows = _call("ouderbetrokkenheid", "surveys_for", school=school, school_year=school_year)
    return list(rows) if rows else None


def survey_results(*, survey) -> dict | None:
    results = _call("ouderbetrokkenheid", "survey_results", survey=survey)
    return dict(results) if results else None


def agreements(*, school, school_year) -> list[dict] | None:
    rows = _call("ouderbetrokkenheid", "agreements_for", school=school, school_year=school_year)
    if not rows:
        return None
    try:
        return [
            {
                "what": a.what,
                # stages is stored comma-separated ("onderbouw,middenbouw"): the model's helper names them
                "stages": str(a.get_stages_display()),
                "frequency": str(a.get_frequency_display()),
                "who": str(a.who),
                "starts_on": a.starts_on,
            }
            for a in rows
        ]
    except UNAVAILABLE:
        return None

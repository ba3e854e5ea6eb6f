"""The one place where the programme reads other apps, only through their cross-app selectors
(docs/conventions.md). The apps are always installed: a selector that fails (import error, missing function, a bug
inside it) is an error and propagates; only a selector that answers "no data" makes a function return None, and
then the page says "nog geen gegevens". The selectors module is looked up when called (imports stay lazy, which
keeps the apps free of import cycles).

Every function returns plain data (dicts, lists, dataclasses), never pupil-level data.
"""

import importlib
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext


def _selectors(app: str):
    """The app's selectors module."""
    return importlib.import_module(f"{app}.selectors")


def _call(app: str, name: str, **kwargs):
    return getattr(_selectors(app), name)(**kwargs)


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
    source = obj.figures_source or ""
    date = obj.figures_date
    if date:
        source = f"{source} ({date:%d-%m-%Y})" if source else f"{date:%d-%m-%Y}"
    nji = obj.get_nji_level_display() if obj.nji_level else ""
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


def interventions_for_school(*, school, school_year=None) -> list[InterventionChoice]:
    """The menukaart to choose from; for a school year, with the figures of the edition in force for that year's
    programme (the 2021-2022 programme: the 2021 figures), which the item then keeps as its snapshot."""
    if school_year is not None:
        qs = _call("menukaart", "interventions_in_edition", school=school, school_year=school_year)
    else:
        qs = _call("menukaart", "interventions_for_school", school=school)
    return [_intervention_choice(obj) for obj in qs]


def considered(*, school, school_year) -> list[int]:
    """Ids of the interventions on the school's shortlist of the year (menukaart keuzehulp), offered first."""
    return [obj.pk for obj in _call("menukaart", "considered_for", school=school, school_year=school_year)]


def goal_area_names() -> dict[str, str]:
    return dict(_selectors("menukaart").GOAL_AREAS)


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
    """The scan's status label, None when there is no scan."""
    scan = _call("schoolscan", "scan_for", school=school, school_year=school_year)
    return None if scan is None else str(scan.get_status_display())


def scan_in_concept(*, school, school_year) -> bool:
    """There is a scan for the year and it is still in concept (not vastgesteld)."""
    scan = _call("schoolscan", "scan_for", school=school, school_year=school_year)
    return scan is not None and scan.status == "concept"


def scan_statuses(*, schools, school_year) -> dict[int, str]:
    """{school id: scan status label} for many schools in one query (board overview)."""
    scans = _call("schoolscan", "scans_for_schools", schools=schools, school_year=school_year)
    return {school_id: str(scan.get_status_display()) for school_id, scan in scans.items()}


def scans_made(*, schools, school_year) -> set[int]:
    """The ids of the schools whose scan for the year is made (established, not a concept): one query."""
    scans = _call("schoolscan", "scans_for_schools", schools=schools, school_year=school_year)
    return {school_id for school_id, scan in scans.items() if scan.status != "concept"}


def budget_bases(*, schools, school_year) -> dict[int, dict]:
    """{school id: budget basis} for the schools that have a scan in that year: one query."""
    scans = _call("schoolscan", "scans_for_schools", schools=schools, school_year=school_year)
    module = _selectors("schoolscan")
    return {school_id: _basis(module.budget_basis_of(scan=scan)) for school_id, scan in scans.items()}


def _basis(basis: dict | None) -> dict | None:
    if basis is None:
        return None
    units = basis.get("disadvantage_units")
    return {
        "pupils": basis.get("pupils"),
        "disadvantage_units": None if units is None else Decimal(str(units)),
    }


def priorities(*, school, school_year) -> list[PriorityChoice]:
    rows = _call("schoolscan", "priorities_for", school=school, school_year=school_year)
    return [
        PriorityChoice(
            ref=p.pk, title=p.title, goal_area=p.goal_area or "", grades=p.grades or "", aim=p.aim or ""
        )
        for p in rows
    ]


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

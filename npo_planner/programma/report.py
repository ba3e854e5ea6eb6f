"""Everything the preview page and the PDF show, gathered once: the same data for both, aggregates only
(no pupil; KanVAS and survey figures arrive suppressed from their selectors and are checked again here)."""

import datetime
import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from npo_planner.lib.charts import bar_chart
from npo_planner.lib.combination_groups import combination_grades
from npo_planner.lib.privacy import hidden_label, is_small, rows_to_hide
from npo_planner.programma import selectors, sources
from npo_planner.programma.budget import AREAS, Budget
from npo_planner.programma.models import Item, Programme
from npo_planner.scholen.models import Group


@dataclass
class ItemReport:
    item: Item
    months: list[bool]
    monitoring: list[dict] = field(default_factory=list)  # per target group: before/after klassenzorgscore
    monitoring_moments: tuple[str, str] | None = None
    parent_measure: dict | None = None  # {"next": {...}|None, "before": {...}|None}
    start_scan: list[dict] | None = None  # delays per grade in the item's subject, this year's scan
    next_scan: list[dict] | None = None  # the same in the next school year's scan; None: no scan yet

    @property
    def month_runs(self) -> list[tuple[bool, int]]:
        """The timeline's row as runs of months (running or not, how many): one cell per run instead of one per
        month, which WeasyPrint lays out several times faster (bench/programme_pdf.py)."""
        runs: list[tuple[bool, int]] = []
        for on in self.months:
            if runs and runs[-1][0] == on:
                runs[-1] = (on, runs[-1][1] + 1)
            else:
                runs.append((on, 1))
        return runs


def _month_index(day: datetime.date, start: datetime.date) -> int:
    return (day.year - start.year) * 12 + day.month - start.month


def _months(item: Item, start: datetime.date, count: int) -> list[bool]:
    first, last = _month_index(item.starts_on, start), _month_index(item.ends_on, start)
    return [first <= i <= last for i in range(count)]


def _shown(row: dict) -> bool:
    return not row.get("suppressed") and not is_small(row.get("n"))


def target_group_names(text: str, group_names: set[str]) -> list[str]:
    """The school's group names mentioned in the item's target groups ('5a, 6a', 'groepen 5a en 6b', and
    combination groups such as '1/2' or '5/6'): longest names first, each match taken out of the text so '5/6'
    does not also count as a group '5' or '6'."""
    rest = text.lower()
    found = set()
    for name in sorted(group_names, key=len, reverse=True):
        pattern = re.compile(rf"(?<![0-9a-z]){re.escape(name.lower())}(?![0-9a-z])")
        if pattern.search(rest):
            found.add(name)
            rest = pattern.sub(" ", rest)
    return sorted(found)


def _kanvas(programme: Programme) -> dict | None:
    moments = []
    for year in selectors.programme_years(programme):
        moments += sources.kanvas_moments(school=programme.school, school_year=year) or []
    if not moments:
        return None
    first, last = moments[0], moments[-1]
    compare = first if last != first else None
    groups = sources.kanvas_groups(school=programme.school, moment=last, compare=compare) or []
    hidden = rows_to_hide(groups)  # the selector's rule, checked again: a small group and its complement
    rows = []
    for index, row in enumerate(groups):
        shown = _shown(row) and index not in hidden
        rows.append(
            {
                "group": row.get("group"),
                "n": row.get("n") if shown else None,
                "score": row.get("score") if shown else None,
                "previous": row.get("previous") if shown else None,
                "change": row.get("change") if shown else None,
                "scales": (row.get("scales") or {}) if shown else {},
                "suppressed": not shown,
                "hidden_label": None if shown else hidden_label(row.get("n")),
                "highlight": shown and row.get("change") is not None and abs(row["change"]) >= 10,
            }
        )
    chart = None
    if rows:
        series = {last: [r["score"] for r in rows]}
        if compare:
            series = {compare: [r["previous"] for r in rows], last: [r["score"] for r in rows]}
        chart = bar_chart(
            [str(r["group"]) for r in rows],
            series,
            ylabel=_("klassenzorgscore (%)"),
            ylim=(0, 100),
            height=2.4,
        )
    summary = _school_lines(sources.kanvas_school(school=programme.school, moment=last, compare=compare))
    return {
        "moments": moments,
        "moment": last,
        "compare": compare,
        "rows": rows,
        "chart": chart,
        "summary": summary,
    }


SCHOOL_MEASURES = [
    ("klassenzorgscore", _lazy("Klassenzorgscore van de school"), True),
    ("welbevinden", _lazy("Welbevinden (gemiddelde, 1–4)"), False),
    ("veiligheidsbeleving", _lazy("Veiligheidsbeleving (gemiddelde, 1–4)"), False),
]


def _school_lines(summary: dict | None) -> list[dict] | None:
    """School-wide KanVAS figures that are present, each with its change; nothing when under 5 pupils."""
    if not summary or is_small(summary.get("n")):
        return None
    lines = []
    for key, label, percent in SCHOOL_MEASURES:
        value = summary.get(key)
        if isinstance(value, int | float):
            change = summary.get(f"{key}_change")  # kanvas.selectors.school_summary with `compare`
            digits = 1 if percent else 2  # a percentage with 1 decimal, a mean on the 1–4 scale with 2
            lines.append(
                {
                    "label": label,
                    "value": round(value, digits),
                    "change": None if change is None else round(change, digits),
                    "percent": percent,
                }
            )
    return lines or None


def _parents(programme: Programme) -> dict:
    surveys = []
    years = selectors.programme_years(programme)
    for year in years:
        for survey in sources.surveys(school=programme.school, school_year=year) or []:
            results = sources.survey_results(survey=survey)
            if results:
                surveys.append(
                    {
                        "title": str(survey.title),
                        # when it was held: its first day, else the start of its school year
                        "day": getattr(survey, "starts_on", None) or year.start,
                        "year": year.label,
                        "results": results,
                        "statements": _statement_rows(results),
                        "options": _option_rows(results),
                    }
                )
    agreements = [
        row for year in years for row in sources.agreements(school=programme.school, school_year=year) or []
    ]
    return {"surveys": surveys, "agreements": agreements or None}


def _group_agree(row: dict, group: str) -> dict:
    cell = row.get(group)
    if not isinstance(cell, dict) or cell.get("agree_pct") is None and cell.get("n") is None:
        return {"value": None, "suppressed": False}
    if cell.get("suppressed") or is_small(cell.get("n")):  # the selector's own suppression counts too
        return {"value": None, "suppressed": True}
    return {"value": cell.get("agree_pct"), "suppressed": False}


def _statement_rows(results: dict) -> list[dict]:
    """Per statement the share of parents and of the team that agree (3 or 4), under 5 respondents hidden."""
    return [
        {
            "number": row.get("number"),
            "text": row.get("text", ""),
            "ouder": _group_agree(row, "ouder"),
            "team": _group_agree(row, "team"),
        }
        for row in results.get("statements", [])
    ]


def _option_rows(results: dict) -> list[dict]:
    """Per involvement option the points and rank of parents and team; a group under 5 respondents hidden."""
    counts = results.get("n") or {}
    rows = []
    for row in results.get("options", []):
        out = {"number": row.get("number"), "text": row.get("text", "")}
        for group in ("ouder", "team"):
            cell = row.get(group) if isinstance(row.get(group), dict) else {}
            hidden = is_small(counts.get(group)) or bool(cell.get("suppressed"))
            out[group] = {
                "points": None if hidden else cell.get("points"),
                "rank": None if hidden else cell.get("rank"),
                "suppressed": hidden,
            }
        rows.append(out)
    return rows


def _agree(results: dict, numbers: set[int] | None = None) -> dict:
    """Mean share agreeing (3 or 4) over the statements (or those `numbers`), per respondent group; None for a
    group under 5 respondents (or without figures)."""
    out = {}
    for group in ("ouder", "team"):
        values = []
        for row in results.get("statements", []):
            if numbers is not None and row.get("number") not in numbers:
                continue
            cell = row.get(group)
            if (
                isinstance(cell, dict)
                and not cell.get("suppressed")
                and not is_small(cell.get("n"))
                and cell.get("agree_pct") is not None
            ):
                values.append(float(cell["agree_pct"]))
        out[group] = round(sum(values) / len(values), 1) if values else None
    return out


def _keywords(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-zà-ÿ]+", text.lower()) if len(w) >= 5}


def _about_parents(item: Item) -> bool:
    return "ouder" in f"{item.name} {item.priority}".lower()


def _related_statements(item: Item, results: dict) -> set[int]:
    """The survey statements about the item: all of them for a parent-involvement item, else those that share a
    word with the item's name or priority (e.g. 'Kanjertraining')."""
    rows = results.get("statements", [])
    if _about_parents(item):
        return {row.get("number") for row in rows}
    words = _keywords(f"{item.name} {item.priority}")
    return {row.get("number") for row in rows if words & _keywords(str(row.get("text", "")))}


def _parent_measure(item: Item, surveys: list[dict]) -> dict | None:
    """Parents' and team's agreement with the related statements in the first survey from the item's start on
    (and in the last one before it, as the starting point). None when no survey has statements about it."""
    after = [s for s in surveys if s["day"] >= item.starts_on]
    before = [s for s in surveys if s["day"] < item.starts_on]

    def measure(survey):
        numbers = _related_statements(item, survey["results"])
        if not numbers:
            return None
        return {"title": survey["title"], "statements": len(numbers), **_agree(survey["results"], numbers)}

    result = {
        "next": measure(after[0]) if after else None,
        "before": measure(before[-1]) if before else None,
        # a survey was held after the start, but none of its statements is about this item
        "next_held": after[0]["title"] if after else None,
    }
    return result if result["next"] or result["before"] or result["next_held"] else None


def _delays(item: Item, rows: list[dict] | None, grades: set[int] | None) -> list[dict] | None:
    """The scan's delays in the item's subject (a domain whose every word is in the item's name or priority, e.g.
    'Begrijpend lezen') for the item's target grades (all grades when it names no groups); None without scan."""
    if rows is None:
        return None
    words = set(re.findall(r"[a-zà-ÿ]+", f"{item.name} {item.priority}".lower()))
    return [
        row
        for row in rows
        if set(re.findall(r"[a-zà-ÿ]+", row["domain"].lower())) <= words
        and (not grades or row["grade"] in grades)
    ]


def _monitoring(
    programme: Programme,
    items: list[ItemReport],
    kanvas: dict | None,
    parents: dict,
) -> None:
    """Outcome measures per item as data comes in: klassenzorgscore and signal shares of its target groups at
    the first and latest KanVAS moment, parents' agreement with the related statements in the next parent
    survey, and the delay in its subject and target grades in this year's scan (the start) and the next year's.
    A fixed number of queries whatever the number of items: KanVAS is read once per moment for all groups."""
    # a group serves its own grade, the grades its name holds (5/6) and its pupils' own grades (Enrollment.grade:
    # a combination group with another name, "Bijen", whose pupils are in grades 5 and 6)
    group_grades: dict[str, set[int]] = {}
    for name, grade, pupil_grade in (
        Group.objects.filter(school=programme.school, school_year__in=selectors.programme_years(programme))
        .values_list("name", "grade", "enrollments__grade")
        .distinct()
    ):
        group_grades.setdefault(name, {grade, *combination_grades(name)}).update({pupil_grade} - {None})
    group_names = set(group_grades)
    moments = kanvas["moments"] if kanvas else []
    before, after = (moments[0], moments[-1]) if len(moments) >= 2 else (None, None)
    delays_start = sources.scan_delays(school=programme.school, school_year=programme.first_year)
    later = selectors.programme_years(programme)[1:2]  # the next scan: of the programme's second school year
    delays_next = sources.scan_delays(school=programme.school, school_year=later[0]) if later else []
    names_per_item = {id(r): target_group_names(r.item.target_groups, group_names) for r in items}
    wanted = sorted({name for names in names_per_item.values() for name in names})
    # the latest moment's groups as the KanVAS table shows them: a group hidden there stays hidden here
    hidden_now = {r["group"] for r in kanvas["rows"] if r["suppressed"]} if kanvas else set()
    by_moment = {}
    if wanted and before is not None:
        for moment in (before, after):
            rows = sources.group_concern(school=programme.school, group_names=wanted, moment=moment)
            by_moment[moment] = {r.get("group"): r for r in rows or []}
    for report in items:
        item = report.item
        names = names_per_item[id(report)]
        grades = {grade for name in names for grade in group_grades[name]}
        report.start_scan = _delays(item, delays_start, grades)
        report.next_scan = _delays(item, delays_next, grades)
        report.parent_measure = _parent_measure(item, parents["surveys"])
        if not names or before is None:
            continue
        report.monitoring_moments = (before, after)
        for name in names:
            b, a = by_moment[before].get(name), by_moment[after].get(name)
            shown_b, shown_a = bool(b and _shown(b)), bool(a and _shown(a) and name not in hidden_now)
            before_score = b.get("score") if shown_b else None
            after_score = a.get("score") if shown_a else None
            report.monitoring.append(
                {
                    "group": name,
                    "before": before_score,
                    "after": after_score,
                    "change": None
                    if before_score is None or after_score is None
                    else round(after_score - before_score, 1),
                    "signals_before": (b.get("scales") or {}) if shown_b else {},
                    "signals_after": (a.get("scales") or {}) if shown_a else {},
                    "suppressed": bool((b and not shown_b) or (a and not shown_a)),
                    "hidden_label": _monitoring_label((b, shown_b), (a, shown_a)),
                    "measured": bool(b or a),
                }
            )


def _monitoring_label(*moments: tuple[dict | None, bool]) -> str | None:
    """For a target group hidden at a moment: '< 5' when it is small there, else 'afgeschermd' (hidden so that a
    small group cannot be computed from the school figures)."""
    hidden = [row for row, shown in moments if row and not shown]
    if not hidden:
        return None
    return hidden_label(min(row.get("n") or 0 for row in hidden))


def _month_count(programme: Programme) -> int:
    """The months the programme's timeline spans, from the start of its first school year."""
    return _month_index(programme.last_year.end, programme.first_year.start) + 1


def _item_reports(programme: Programme, items: list[Item]) -> list[ItemReport]:
    start, count = programme.first_year.start, _month_count(programme)
    return [ItemReport(item=i, months=_months(i, start, count)) for i in items]


def item_report(programme: Programme, item: Item) -> ItemReport:
    """The monitoring of one item (the page where its outcome is recorded), as the preview shows it."""
    (report,) = _item_reports(programme, [item])
    _monitoring(programme, [report], _kanvas(programme), _parents(programme))
    return report


def budget_chart(budget: Budget, labels: tuple[str, ...]) -> str:
    """Per school year the planned cost stacked by goal area, and the NPO budget of the year as a line over it:
    a reader sees at once whether a year's plan stays within its money. Euro axis with € and thousands dots."""
    return bar_chart(
        list(labels),
        # Areas with planned cost only, by letter (the table above names them): a legend that fits the page.
        {area: [float(v) for v in budget.planned[area]] for area in AREAS if any(budget.planned[area])},
        ylabel=_("gepland per schooljaar"),
        stacked=True,
        height=3.0,
        width=6.0,
        euro=True,
        legend_below=True,
        line=(_("NPO-budget"), tuple(None if a is None else float(a) for a in budget.allocations)),
    )


def build(programme: Programme, *, items: list[Item] | None = None) -> dict:
    items = items if items is not None else selectors.items_of(programme)
    budget = selectors.programme_budget(programme=programme, items=items)
    start, count = programme.first_year.start, _month_count(programme)
    item_reports = _item_reports(programme, items)
    kanvas = _kanvas(programme)
    parents = _parents(programme)
    scan_summary = sources.scan_summary(school=programme.school, school_year=programme.first_year)
    _monitoring(programme, item_reports, kanvas, parents)
    submissions = list(
        programme.submissions.select_related("decided_by").defer("snapshot").order_by("-number")
    )
    latest = submissions[0] if submissions else None
    consented = selectors.consented_version(programme, submissions)  # marks which version is current
    month_labels = [str(MONTHS[(start.month - 1 + i) % 12 + 1]) for i in range(count)]
    years = programme.year_labels
    return {
        "programme": programme,
        "school": programme.school,
        "items": item_reports,
        "budget": budget,
        "budget_rows": budget.rows(),
        "budget_chart": budget_chart(budget, years) if items else None,
        "goal_areas": selectors.goal_area_labels(),
        "scan_summary": scan_summary,
        "scan_status": sources.scan_status(school=programme.school, school_year=programme.first_year),
        "priorities": sources.priorities(school=programme.school, school_year=programme.first_year),
        "kanvas": kanvas,
        "parents": parents,
        "submissions": submissions,
        "latest_submission": latest,
        "decided": selectors.latest_decided(submissions),
        "consented": consented,
        "awaiting": selectors.awaited_councils(programme, latest),
        "month_labels": month_labels,
        "year_labels": years,
        "generated_at": timezone.localtime(),
    }

"""Reads of the parent-survey app. `surveys_for`, `survey_results` and `agreements_for` are the cross-app
contract (docs/conventions.md); they return aggregates only, with groups of fewer than 5 respondents suppressed."""

from collections import Counter, defaultdict
from collections.abc import Mapping
from functools import lru_cache
from itertools import product

from django.db import transaction
from django.db.models import BigIntegerField, Case, Count, F, Q, QuerySet, Value, When
from django.db.models.functions import Substr
from django.db.models.lookups import Exact

from npo_planner.lib.privacy import SMALL_CELL, TOTAL, complementary_suppression, hidden_label
from npo_planner.scholen.models import School, SchoolYear
from ouderbetrokkenheid.fixture import (
    DEFAULT_TEMPLATE_CODE,
    NEUTRAL_TEMPLATE_CODE,
    load_default_template,
    load_neutral_template,
)
from ouderbetrokkenheid.models import (
    OPTION_SCALE,
    STATEMENT_SCALE,
    Agreement,
    RespondentKind,
    Response,
    SchoolTheme,
    Stage,
    Survey,
    SurveyTemplate,
    TemplateOption,
    TemplateStatement,
)
from ouderbetrokkenheid.themes import own_code, theme_choices

GROUPS = (RespondentKind.PARENT.value, RespondentKind.TEAM.value)


def default_template() -> SurveyTemplate:
    """The shared default template (seed 003). The data migration loads it; a database flushed since (e.g. by
    transactional tests) gets it back from the same fixture."""
    template = SurveyTemplate.objects.filter(code=DEFAULT_TEMPLATE_CODE).first()
    if template is None:
        with transaction.atomic():
            template = load_default_template(SurveyTemplate, TemplateStatement, TemplateOption)
    return template


def neutral_template() -> SurveyTemplate:
    """The shared template without a method's name in it (same structure as the default); like the default, put
    back from its fixture when a flushed database lost it."""
    template = SurveyTemplate.objects.filter(code=NEUTRAL_TEMPLATE_CODE).first()
    if template is None:
        with transaction.atomic():
            template = load_neutral_template(SurveyTemplate, TemplateStatement, TemplateOption)
    return template


def templates_for(*, school: School) -> list[SurveyTemplate]:
    """The shared templates and the school's own, with their number of statements and options."""
    return list(
        SurveyTemplate.objects.filter(Q(school__isnull=True) | Q(school=school))
        .annotate(
            n_statements=Count("statements", distinct=True),
            n_options=Count("options", distinct=True),
            n_surveys=Count("surveys", filter=Q(surveys__school=school), distinct=True),
        )
        .order_by("school_id", "name")
    )


def surveys_for(*, school: School, school_year: SchoolYear | None) -> list[Survey]:
    """The school's surveys of that year with `n_parents` and `n_team` (respondent counts), oldest first."""
    return list(
        Survey.objects.filter(school=school, school_year=school_year)
        .select_related("school_year", "template")
        .annotate(
            n_parents=Count("responses", filter=Q(responses__respondent=RespondentKind.PARENT)),
            n_team=Count("responses", filter=Q(responses__respondent=RespondentKind.TEAM)),
        )
        .order_by("created_at", "id")
    )


def surveys_being_entered(*, school: School, school_year: SchoolYear | None, user) -> list[Survey]:
    """The open surveys of that year, in which staff type in paper forms, with `n_forms` (every form so far) and
    `n_mine` (the forms `user` typed in), oldest first; one query. The teacher's start page lists these."""
    return list(
        Survey.objects.filter(school=school, school_year=school_year, status=Survey.Status.OPEN)
        .annotate(
            n_forms=Count("responses"),
            n_mine=Count("responses", filter=Q(responses__entered_by=user)),
        )
        .order_by("created_at", "id")
    )


def earlier_surveys(*, survey: Survey) -> list[Survey]:
    """Surveys of the same school that started before this one (candidates for a comparison), newest first."""
    return list(
        Survey.objects.filter(school_id=survey.school_id)
        .exclude(pk=survey.pk)
        .filter(
            Q(school_year__start__lt=survey.school_year.start)
            | Q(school_year=survey.school_year_id, created_at__lt=survey.created_at)
        )
        .select_related("school_year")
        .order_by("-school_year__start", "-created_at")
    )


def _stage_filter(stage: str | None) -> dict:
    if stage in Stage.values:
        return {stage: True}
    return {}


def _small(n: int) -> bool:
    return 0 < n < SMALL_CELL


def _figures(counts: dict[int, int], scale: list[int], group_size: int, hidden: bool = False) -> dict:
    """Share of each answer, mean and points of one item for one respondent group. Suppressed when the group or
    the number who answered is under 5, or when `hidden` (a complement under 5 could be found by subtraction)."""
    n = sum(counts.values())
    suppressed = group_size < SMALL_CELL or _small(n) or hidden
    if suppressed or n == 0:
        return {
            "n": n,
            "suppressed": suppressed,
            "hidden_label": hidden_label(min(n, group_size)) if suppressed else None,
            "counts": None,
            "pct": dict.fromkeys(scale),
            "agree_pct": None,
            "mean": None,
            "points": None,
            "rank": None,
        }
    points = sum(value * count for value, count in counts.items())
    pct = {value: 100.0 * counts.get(value, 0) / n for value in scale}
    return {
        "n": n,
        "suppressed": False,
        "hidden_label": None,
        "counts": {value: counts.get(value, 0) for value in scale},
        "pct": pct,
        "agree_pct": (pct.get(3, 0) + pct.get(4, 0)) if len(scale) == 4 else None,
        "mean": points / n,
        "points": points,
        "rank": None,
    }


STAGES = tuple(Stage.values)
# A respondent may have children in several bouwen: the atoms of the small-cell rule are the combinations.
COMBINATIONS = tuple(product((False, True), repeat=len(STAGES)))
CELLS = {
    TOTAL: COMBINATIONS,
    **{stage: tuple(c for c in COMBINATIONS if c[index]) for index, stage in enumerate(STAGES)},
}


def _aggregate(survey: Survey, items: list[tuple[str, int, list[int]]]) -> tuple[dict, dict]:
    """Respondents per group and bouw combination, and answer counts (kind, number) → group → combination →
    value → count for the `items` (kind, number, scale): one pass over the survey's rows whatever the number of
    respondents and the bouw shown (each item's answer is one character of its response's row, answer_row)."""
    column = {"s": "statement_answers", "p": "option_answers"}
    counted = {
        f"{kind}{number}_{value}": Count(
            "id", filter=Q(Exact(Substr(column[kind], number, 1), Value(str(value))))
        )
        for kind, number, scale in items
        for value in scale
    }
    rows = (
        Response.objects.filter(survey=survey)
        .values("respondent", *STAGES)
        .annotate(n=Count("id"), **counted)
        .order_by()
    )
    sizes: dict[str, Counter] = {group: Counter() for group in GROUPS}
    counts: defaultdict = defaultdict(lambda: defaultdict(lambda: defaultdict(Counter)))
    for row in rows:
        combination = tuple(row[stage] for stage in STAGES)
        group = row["respondent"]
        sizes[group][combination] += row["n"]
        for kind, number, scale in items:
            for value in scale:
                if row[f"{kind}{number}_{value}"]:
                    counts[(kind, number)][group][combination][value] += row[f"{kind}{number}_{value}"]
    return sizes, counts


@lru_cache(maxsize=512)
def _hidden_cells(atoms: tuple[tuple[tuple[bool, ...], int], ...]) -> frozenset:
    """The cells (whole school, each bouw) to hide for these people per bouw combination, so no group of 1–4
    follows from the whole school and the bouwen by adding and subtracting (npo_planner.lib.privacy)."""
    return frozenset(complementary_suppression(dict(atoms), CELLS, keep={TOTAL}))


def _cell_hidden(per_combination: Mapping, cell) -> bool:
    return cell in _hidden_cells(tuple(sorted((c, n) for c, n in per_combination.items() if n)))


def dense_ranks(points: dict) -> dict:
    """{key: points or None} → {key: rank}; highest first, ties share a rank and the next follows on (1, 1, 2)."""
    distinct = sorted({p for p in points.values() if p is not None}, reverse=True)
    place = {p: index for index, p in enumerate(distinct, start=1)}
    return {key: (place[p] if p is not None else None) for key, p in points.items()}


def survey_results(*, survey: Survey, stage: str | None = None) -> dict:
    """Per statement and per involvement option the figures for parents and team side by side.

    Returns {"n": {"ouder": int, "team": int}, "suppressed": {...: bool}, "stage": stage,
    "statements": [{"number", "code", "text", "team_text", "parents_only", "ouder": figures, "team": figures|None}],
    "options": [... same, figures add "points" and "rank"]}; figures: n, pct {1..4}, agree_pct, mean, suppressed.
    Three queries whatever the number of respondents and the bouw. A figure is hidden when it rests on fewer than
    5 people, and so is a bouw (or, failing that, the whole school) from which together with the other pages a
    group of fewer than 5 could be computed (whole school minus onderbouw minus middenbouw = bovenbouw)."""
    template = SurveyTemplate.objects.prefetch_related("statements", "options").get(pk=survey.template_id)
    stage = stage if stage in Stage.values else None
    cell = stage or TOTAL
    items = [("s", s.number, list(STATEMENT_SCALE)) for s in template.statements.all()] + [
        ("p", o.number, list(OPTION_SCALE)) for o in template.options.all()
    ]
    per_combination, per_item = _aggregate(survey, items)
    sizes = {g: sum(n for c, n in per_combination[g].items() if c in CELLS[cell]) for g in GROUPS}
    hidden_group = {g: _cell_hidden(per_combination[g], cell) for g in GROUPS}

    def figures(key, group, scale):
        answered = per_item[key][group]
        counts = Counter()
        for combination, values in answered.items():
            if combination in CELLS[cell]:
                counts.update(values)
        people = {combination: sum(values.values()) for combination, values in answered.items()}
        hidden = hidden_group[group] or _cell_hidden(people, cell)
        return _figures(dict(counts), scale, sizes[group], hidden)

    statements = []
    for statement in template.statements.all():
        key = ("s", statement.number)
        statements.append(
            {
                "number": statement.number,
                "code": statement.code,
                "text": statement.parent_text,
                "team_text": statement.team_text,
                "parents_only": statement.parents_only,
                "ouder": figures(key, "ouder", list(STATEMENT_SCALE)),
                "team": None if statement.parents_only else figures(key, "team", list(STATEMENT_SCALE)),
            }
        )
    options = []
    for option in template.options.all():
        key = ("p", option.number)
        options.append(
            {
                "number": option.number,
                "code": option.code,
                "text": option.parent_text,
                "team_text": option.team_text,
                "parents_only": False,
                "ouder": figures(key, "ouder", list(OPTION_SCALE)),
                "team": figures(key, "team", list(OPTION_SCALE)),
            }
        )
    for group in GROUPS:
        ranks = dense_ranks({row["number"]: row[group]["points"] for row in options})
        for row in options:
            row[group]["rank"] = ranks[row["number"]]
    return {
        "n": sizes,
        "suppressed": {group: sizes[group] < SMALL_CELL or hidden_group[group] for group in GROUPS},
        "stage": stage,
        "statements": statements,
        "options": options,
    }


def survey_comparison(*, current: dict, earlier: dict) -> list[dict]:
    """Per statement number in both results: agreement and mean now and then, and the change, per group."""
    before = {row["number"]: row for row in earlier["statements"]}
    rows = []
    for row in current["statements"]:
        old = before.get(row["number"])
        if old is None:
            continue
        entry = {"number": row["number"], "text": row["text"], "same_text": row["text"] == old["text"]}
        for group in GROUPS:
            now, then = row[group], old[group]
            if now is None or then is None:
                entry[group] = None
                continue
            change = None
            if now["agree_pct"] is not None and then["agree_pct"] is not None:
                change = now["agree_pct"] - then["agree_pct"]
            entry[group] = {
                "agree_now": now["agree_pct"],
                "agree_then": then["agree_pct"],
                "mean_now": now["mean"],
                "mean_then": then["mean"],
                "change": change,
            }
        rows.append(entry)
    return rows


def remarks_for(*, survey: Survey, stage: str | None = None) -> QuerySet[Response]:
    """Responses with a remark (staff only: free text is not an aggregate); a query, for the page to paginate."""
    return (
        Response.objects.filter(survey=survey, **_stage_filter(stage))
        .exclude(remark="")
        .only("id", "public_id", "respondent", "remark", "theme", "own_theme", "version", "survey_id")
        .order_by("theme", "own_theme_id", "public_id")  # not by id: arrival order could link an answer
    )


def school_themes(*, school: School | int, with_use: bool = False) -> list[SchoolTheme]:
    """The school's own remark themes in their order (one query); `with_use` adds `n_remarks` (remarks tagged
    with it) and `n_surveys` (surveys those remarks are in)."""
    themes = SchoolTheme.objects.filter(school=school).order_by("order", "label", "id")
    if with_use:
        themes = themes.annotate(
            n_remarks=Count("responses", distinct=True), n_surveys=Count("responses__survey", distinct=True)
        )
    return list(themes)


def theme_use(*, theme: SchoolTheme) -> dict:
    """How many remarks carry this own theme, in how many surveys: {"n_remarks": int, "n_surveys": int}."""
    return Response.objects.filter(own_theme=theme).aggregate(
        n_remarks=Count("id"), n_surveys=Count("survey", distinct=True)
    )


def theme_tally(
    *,
    survey: Survey,
    stage: str | None = None,
    own_themes: list[SchoolTheme] | None = None,
    small_cells: bool = False,
) -> list[dict]:
    """Per theme how many remarks parents and team gave (like seed 003, Bijlage 5); untagged remarks as ''.

    Order: the default themes, the school's own (code 'eigen-<id>'), 'Overig', then untagged. Two queries, or
    one when the caller passes the school's `own_themes` (from `school_themes`). With `small_cells` (for MR and
    bestuur) a count under 5 is None, and so is a count from which, with the whole school's and the other bouwen's,
    a count under 5 follows (the small-cell rule over the bouw combinations); `<group>_label` says which, and
    `total` is None when either group's count is."""
    if own_themes is None:
        own_themes = school_themes(school=survey.school_id)
    own_themes = [theme for theme in own_themes if theme.school_id == survey.school_id]
    stage = stage if stage in Stage.values else None
    cell = stage or TOTAL
    rows = (
        Response.objects.filter(survey=survey)
        .exclude(remark="")
        .values("theme", "own_theme_id", "respondent", *STAGES)
        .annotate(n=Count("id"))
        .order_by()
    )
    tally: defaultdict[str, dict[str, Counter]] = defaultdict(
        lambda: {group: Counter() for group in GROUPS}
    )  # theme → group → combination → count
    for row in rows:
        code = own_code(row["own_theme_id"]) if row["own_theme_id"] else row["theme"]
        tally[code][row["respondent"]][tuple(row[s] for s in STAGES)] += row["n"]
    result = []
    for code, label in [*theme_choices(own_themes), ("", None)]:
        per_combination = tally.get(code)
        if not per_combination:
            continue
        counts = {g: sum(n for c, n in per_combination[g].items() if c in CELLS[cell]) for g in GROUPS}
        if not any(counts.values()):
            continue
        entry = {"theme": code, "label": label, **counts, "total": sum(counts.values())}
        if small_cells:
            for group in GROUPS:
                hidden = counts[group] > 0 and (
                    counts[group] < SMALL_CELL or _cell_hidden(per_combination[group], cell)
                )
                entry[f"{group}_label"] = hidden_label(counts[group]) if hidden else None
                if hidden:
                    entry[group] = entry["total"] = None
        result.append(entry)
    return result


def responses_for(*, survey: Survey) -> QuerySet[Response]:
    """The entered forms of a survey with their answers (for correction), newest day first. Within a day, typed
    and imported forms come newest first; online answers follow in the order of their random code, so their
    order never tells which parent answered when. A query, for the page to paginate."""
    online = Q(source=Response.Source.ONLINE)
    return (
        Response.objects.filter(survey=survey)
        .select_related("entered_by")
        .order_by(
            "-created_on",
            Case(When(online, then=Value(1)), default=Value(0)),
            Case(When(online, then=F("public_id")), default=Value("")),
            Case(When(online, then=Value(0)), default=F("id"), output_field=BigIntegerField()).desc(),
        )
    )


def respondent_counts(*, survey: Survey) -> dict:
    counts = Response.objects.filter(survey=survey).aggregate(
        total=Count("id"),
        ouder=Count("id", filter=Q(respondent=RespondentKind.PARENT)),
        team=Count("id", filter=Q(respondent=RespondentKind.TEAM)),
    )
    return counts


def agreements_for(*, school: School, school_year: SchoolYear | None) -> list[Agreement]:
    """The school's parent-involvement agreements of that year, by start date."""
    return list(
        Agreement.objects.filter(school=school, school_year=school_year)
        .select_related("survey")
        .order_by("starts_on", "id")
    )


def cycle_summary(*, school: School, school_year: SchoolYear | None) -> dict:
    """Surveys this year, their respondents and agreements: two queries."""
    surveys = Survey.objects.filter(school=school, school_year=school_year).aggregate(
        n_surveys=Count("id", distinct=True),
        n_open=Count("id", filter=Q(status=Survey.Status.OPEN), distinct=True),
        n_respondents=Count("responses"),
    )
    surveys["n_agreements"] = Agreement.objects.filter(school=school, school_year=school_year).count()
    return surveys

"""Parse and validate KanVAS answer files (CONTRACT §3) and sociogram files (CONTRACT §4) into a Plan.

parse → validate every row with row-numbered errors → compare with what the school already has → a Plan that
the preview shows and `kanvas.writers` writes in one transaction. Nothing here writes to the database.
An answers file is read by `kanvas.answer_frame.parse_answers`: without errors it is checked column-wise there
(same checks, same Plan); a file with an error is checked here row by row (`parse_answers_rows`), which words each
error. This module does not import answer_frame (answer_frame builds on it).
"""

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Q
from django.utils.translation import gettext as _

from kanvas.models import Moment, Nomination, Participation, Response, moment_parts, moment_school_year_label
from kanvas.replacing import Replacement, answer_replacements, sociogram_replacements
from kanvas.scoring import QuestionnaireDef, load_instruments
from kanvas.wide_layout import ITEM_COLUMN, LongRows, answer_layout, is_wide, item_codes, wide_item_columns
from npo_planner.lib.column_mapping import Mapping, MappingHint
from npo_planner.lib.combination_groups import grade_warning, pupil_grade
from npo_planner.lib.import_errors import ImportErrors
from npo_planner.lib.tabular import LARGE_MAX_BYTES, MAX_BYTES, read_table
from npo_planner.scholen.models import PUPIL_CODE_RE, Enrollment, Group, Pupil, School

ANSWER_COLUMNS = ["leerling", "groep", "meetmoment", "vragenlijst", "vraag", "antwoord"]
SOCIOGRAM_COLUMNS = ["leerling", "groep", "meetmoment", "vraag", "gekozen"]
OPTIONAL_COLUMNS = ["leerjaar"]
ANSWER_VALUES = {"1": 1, "2": 2, "3": 3, "4": 4}
MAX_CHOICES = 5
SOCIOGRAM_QUESTIONS = ("positief", "negatief")
# What a word in a file may stand for in the mapping step (file word → value).
ANSWER_WORD_VALUES = ["1", "2", "3", "4", "leerling", "docent", "ouder", "veiligheid"]
PUPIL_QUESTIONNAIRES = {"leerling", "veiligheid"}  # answered by the pupil, grade 5–8
YEAR_RANGE = (2000, 2100)
# CONTRACT §1's 500,000 rows of answers do not fit in 20 MB (41 bytes a long row with 10-character pupil codes):
# answers files have the larger limit (80 MB), under which a long file (at most about 85 bytes a row, with
# 32-character codes) always meets the row limit first; a wide file with the item columns of all four
# questionnaires (about 130 bytes a row with 10-character codes) too, unless its codes and group names are long.
ANSWERS_MAX_BYTES = LARGE_MAX_BYTES


def max_bytes(kind: str) -> int:
    """The byte limit of a file of this kind (`antwoorden` or `sociogram`)."""
    return ANSWERS_MAX_BYTES if kind == "antwoorden" else MAX_BYTES


@dataclass(eq=False)
class ResponseBlock:
    """The responses to one questionnaire in a file: a row per (moment, pupil code), a column per item of the
    questionnaire in instrument order; 0 is "not answered" (an empty cell or no row for the item), else 1–4."""

    questionnaire: str
    keys: list[tuple[str, str]]
    values: np.ndarray  # int8, len(keys) × number of items

    def __eq__(self, other) -> bool:
        """Equal when they hold the same answers, whatever the order of their rows."""
        if not isinstance(other, ResponseBlock):
            return NotImplemented
        return self.questionnaire == other.questionnaire and self.rows() == other.rows()

    def rows(self) -> dict[tuple[str, str], dict[int, int | None]]:
        """{(moment, code): {position: value or None}}: for tests and small files, not for the import path."""
        return {
            key: {i: (int(v) or None) for i, v in enumerate(row)}
            for key, row in zip(self.keys, self.values.tolist(), strict=True)
        }


def response_blocks(
    answers: dict[tuple[str, str, str], dict[int, int | None]], instruments: dict[str, QuestionnaireDef]
) -> dict[str, ResponseBlock]:
    """Blocks from {(moment, code, questionnaire): {item id: value or None}} (the row-by-row check)."""
    keys: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for moment, code, questionnaire in answers:
        keys[questionnaire].append((moment, code))
    blocks = {}
    for questionnaire, block_keys in sorted(keys.items()):
        columns = {item_id: i for i, item_id in enumerate(instruments[questionnaire].items.values())}
        values = np.zeros((len(block_keys), len(columns)), dtype=np.int8)
        for row, (moment, code) in enumerate(block_keys):
            for item_id, value in answers[(moment, code, questionnaire)].items():
                values[row, columns[item_id]] = value or 0
        blocks[questionnaire] = ResponseBlock(questionnaire, block_keys, values)
    return blocks


@dataclass
class Plan:
    """What an import will write; shown in the preview, written by kanvas.writers."""

    kind: str
    replace: bool
    total_rows: int = 0
    warnings: list[str] = field(default_factory=list)
    # moment label → school year label
    moments: dict[str, str] = field(default_factory=dict)
    existing_moments: set[str] = field(default_factory=set)
    # (school year label, group name) → the group's grade (its lowest, for a combination group)
    groups: dict[tuple[str, str], int] = field(default_factory=dict)
    # (school year label, group name, pupil code) → the pupil's own grade in that group (Enrollment.grade)
    pupil_grades: dict[tuple[str, str, str], int] = field(default_factory=dict)
    new_groups: set[tuple[str, str]] = field(default_factory=set)
    # (moment label, pupil code) → group name
    placements: dict[tuple[str, str], str] = field(default_factory=dict)
    new_pupils: set[str] = field(default_factory=set)
    moved: int = 0  # participations that move to another group (replace only)
    # answers: questionnaire code → its responses; the answers read per questionnaire (repeated rows once)
    responses: dict[str, ResponseBlock] = field(default_factory=dict)
    answers_per_questionnaire: dict[str, int] = field(default_factory=dict)
    replaced_pairs: set[tuple[str, str]] = field(default_factory=set)  # (moment, questionnaire) with old data
    # sociogram: (moment, chooser code, chosen code, positive)
    nominations: list[tuple[str, str, str, bool]] = field(default_factory=list)
    replaced_moments: set[str] = field(default_factory=set)
    # replace: what the file covers and what that removes (kanvas.replacing)
    replacements: list[Replacement] = field(default_factory=list)
    kept: list[Replacement] = field(default_factory=list)  # other groups' data, untouched (removed = 0)
    removed_ids: list[int] = field(default_factory=list)  # Response or Nomination ids the writer deletes

    @property
    def answer_count(self) -> int:
        return sum(self.answers_per_questionnaire.values())

    @property
    def rows_written(self) -> int:
        return self.answer_count if self.kind == "antwoorden" else len(self.nominations)

    def summary(self) -> dict:
        return {
            "rows": self.total_rows,
            "moments": [
                {
                    "label": label,
                    "school_year": year,
                    "new": label not in self.existing_moments,
                    "replaced": any(r.moment == label and r.removed for r in self.replacements),
                }
                for label, year in sorted(self.moments.items())
            ],
            "groups": sorted({name for _y, name in self.groups}),
            "new_groups": sorted(f"{name} ({year})" for year, name in self.new_groups),
            "pupils": len({code for _m, code in self.placements}),
            "new_pupils": len(self.new_pupils),
            "moved": self.moved,
            "answers": self.answer_count,
            "answers_per_questionnaire": dict(sorted(self.answers_per_questionnaire.items())),
            "replaced": [r.text() for r in self.replacements],
            "kept": [k.text() for k in self.kept],
            "replacements": [r.as_dict() for r in self.replacements],
            "nominations": len(self.nominations),
            "warnings": list(self.warnings),
        }


def moment_year_label(value: str) -> str | None:
    """The school year label of a valid moment label, else None."""
    parts = moment_parts(value)
    if parts and YEAR_RANGE[0] <= parts[0] <= YEAR_RANGE[1]:
        return moment_school_year_label(value)
    return None


class RowChecks:
    """Checks shared by both files: pupil code, group, grade, moment; one group per pupil per moment."""

    def __init__(self, plan: Plan, errors: ImportErrors, has_grade_column: bool):
        self.plan = plan
        self.errors = errors
        self.has_grade_column = has_grade_column
        self.valid_codes: set[str] = set()
        self.moment_cache: dict[str, str | None] = {}
        self.first_row: dict[tuple[str, str], int] = {}  # (moment, code) → first row number
        self.group_row: dict[tuple[str, str], int] = {}

    def code(self, row: int, column: str, value: str) -> bool:
        if value in self.valid_codes:
            return True
        if not PUPIL_CODE_RE.match(value):
            message = (
                _("de leerlingcode ontbreekt.")
                if not value
                else _("een leerlingcode heeft 1–32 tekens: letters, cijfers, - of _.")
            )
            self.errors.add(message, row=row, column=column, value=value)
            return False
        self.valid_codes.add(value)
        return True

    def moment(self, row: int, value: str) -> str | None:
        if value not in self.moment_cache:
            self.moment_cache[value] = moment_year_label(value)
        year_label = self.moment_cache[value]
        if year_label is None:
            self.errors.add(
                _("een meetmoment schrijf je als JJJJ-najaar of JJJJ-voorjaar, bijv. 2021-najaar."),
                row=row,
                column="meetmoment",
                value=value,
            )
        return year_label

    def placement(self, row: int, values: dict[str, str]) -> tuple[str, str] | None:
        """Validate leerling, groep, leerjaar and meetmoment; returns (moment, code) or None."""
        code = values.get("leerling", "")
        group = values.get("groep", "")
        ok = self.code(row, "leerling", code)
        if not 1 <= len(group) <= 20:
            self.errors.add(_("een groepsnaam heeft 1 tot 20 tekens."), row=row, column="groep", value=group)
            ok = False
        year_label = self.moment(row, values.get("meetmoment", ""))
        if not ok or year_label is None:
            return None
        grade = self._grade(row, group, values.get("leerjaar", ""))
        if grade is None:
            return None
        moment = values["meetmoment"]
        plan = self.plan
        plan.moments[moment] = year_label
        group_key = (year_label, group)
        known_grade = plan.groups.get(group_key)
        if known_grade is None:
            plan.groups[group_key] = grade
            self.group_row[group_key] = row
            self._warn_combination_group(group, grade)
        elif grade < known_grade:
            plan.groups[group_key] = grade  # a combination group (5/6): the group's grade is its lowest
        key = (moment, code)
        placed = plan.placements.get(key)
        if placed is None:
            plan.placements[key] = group
            self.first_row[key] = row
        elif placed != group:
            self.errors.add(
                _(
                    "leerling %(code)s staat bij %(moment)s ook in groep %(group)s (rij %(row)s); "
                    "een leerling zit op één meetmoment in één groep."
                )
                % {"code": code, "moment": moment, "group": placed, "row": self.first_row[key]},
                row=row,
                column="groep",
                value=group,
            )
            return None
        known_pupil_grade = plan.pupil_grades.setdefault((year_label, group, code), grade)
        if known_pupil_grade != grade:
            self.errors.add(
                _(
                    "leerling %(code)s heeft in groep %(group)s (schooljaar %(year)s) al leerjaar %(grade)s; een "
                    "leerling heeft in een groep één leerjaar."
                )
                % {"code": code, "group": group, "year": year_label, "grade": known_pupil_grade},
                row=row,
                column="leerjaar",
                value=str(grade),
            )
            return None
        return key

    def _warn_combination_group(self, group: str, grade: int) -> None:
        """A combination group (1/2, 5/6) named without a leerjaar column: every pupil gets the first grade."""
        warning = None if self.has_grade_column else grade_warning(group, grade)
        if warning:
            self.plan.warnings.append(warning)

    def _grade(self, row: int, group: str, text: str) -> int | None:
        return pupil_grade(
            errors=self.errors, row=row, text=text, group=group, grade_column="leerjaar", group_column="groep"
        )


def answer_fields(instruments: dict[str, QuestionnaireDef]) -> list[str]:
    """The fields of an answers file a mapping may name: the long layout's columns and the item codes."""
    return [*ANSWER_COLUMNS, *OPTIONAL_COLUMNS, *item_codes(instruments)]


def answers_reading(instruments: dict[str, QuestionnaireDef], mapping: Mapping | None) -> dict:
    """How an answers file is read (`read_table` / `read_frame` keywords): its layout, size limit and mapping."""
    return {
        "required": answer_layout(instruments, OPTIONAL_COLUMNS),
        "max_bytes": ANSWERS_MAX_BYTES,
        "mapping": mapping,
        "words_in": answer_word_columns(instruments),
    }


def answer_word_columns(instruments: dict[str, QuestionnaireDef]) -> set[str]:
    """The columns of an answers file whose cells may be words of the mapping (questionnaire and answers)."""
    return {"vragenlijst", "antwoord", *item_codes(instruments)}


def mapping_fields(kind: str) -> list[str]:
    """The fields a file column of this kind may be mapped to (`antwoorden` or `sociogram`)."""
    if kind == "antwoorden":
        return answer_fields(load_instruments())
    return [*SOCIOGRAM_COLUMNS, *OPTIONAL_COLUMNS]


def mapping_values(kind: str) -> list[str]:
    """The values a word in a file of this kind may stand for."""
    return ANSWER_WORD_VALUES if kind == "antwoorden" else list(SOCIOGRAM_QUESTIONS)


def _with_words_hint(errors: ImportErrors, words: set[str]) -> None:
    """Words no rule knows (a questionnaire, an answer): the mapping step offers to say what they mean."""
    if words:
        errors.mapping_hint = MappingHint(missing=[], columns=[], words=words)


def parse_answers_rows(
    *, school: School, data: bytes, filename: str, replace: bool, mapping: Mapping | None = None
) -> Plan:
    """Row-by-row check of an answers file; raises ImportErrors listing every error.

    Rows of one pupil usually follow each other, so the pupil/group/moment checks are done once per run of equal
    values; a row with an error is always checked (and reported) on its own.
    """
    instruments = load_instruments()
    table = read_table(data, filename, **answers_reading(instruments, mapping))
    rows, has_grade = table.rows, "leerjaar" in table.columns
    plan = Plan(kind="antwoorden", replace=replace, total_rows=len(rows), warnings=list(table.warnings))
    errors = ImportErrors()
    if is_wide(table.known):
        rows = LongRows(rows, wide_item_columns(table.columns, instruments), instruments, errors)
    checks = RowChecks(plan, errors, has_grade)
    pair_rows: dict[tuple[str, str], int] = {}
    duplicates = 0
    unknown_words: set[str] = set()
    all_answers: dict[tuple[str, str, str], dict[int, int | None]] = {}
    items: dict[tuple[str, str], tuple[QuestionnaireDef, int]] = {}
    last_place = None
    answers: dict | None = None
    key = None
    for row, values in rows:
        place = (
            values.get("leerling", ""),
            values.get("groep", ""),
            values.get("meetmoment", ""),
            values.get("leerjaar", ""),
            values.get("vragenlijst", ""),
        )
        if place != last_place:
            key = checks.placement(row, values)
            last_place = place if key is not None else None
            answers = None
        questionnaire_code, item_code = place[4], values.get("vraag", "")
        found = items.get((questionnaire_code, item_code))
        if found is None:
            questionnaire = instruments.get(questionnaire_code.lower())
            if questionnaire is None:
                errors.add(
                    _("onbekende vragenlijst; kies uit %(names)s.")
                    % {"names": ", ".join(sorted(instruments))},
                    row=row,
                    column="vragenlijst",
                    value=questionnaire_code,
                )
                if questionnaire_code:
                    unknown_words.add(questionnaire_code)
                last_place = None
                continue
            item_id = questionnaire.items.get(item_code.upper())
            if item_id is None:
                errors.add(
                    _("deze vraag hoort niet bij vragenlijst %(q)s (%(items)s).")
                    % {"q": questionnaire.code, "items": questionnaire.item_range()},
                    row=row,
                    column=values.get(ITEM_COLUMN, "vraag"),
                    value=item_code,
                )
                continue
            found = items[(questionnaire_code, item_code)] = (questionnaire, item_id)
        questionnaire, item_id = found
        text = values.get("antwoord", "")
        if text == "":
            value = None
        else:
            value = ANSWER_VALUES.get(text)
            if value is None:
                errors.add(
                    _answer_problem(text), row=row, column=values.get(ITEM_COLUMN, "antwoord"), value=text
                )
                if not _is_number(text):
                    unknown_words.add(text)
                continue
        if key is None:
            continue
        if answers is None:
            answer_key = (key[0], key[1], questionnaire.code)
            answers = all_answers.get(answer_key)
            if answers is None:
                answers = all_answers[answer_key] = {}
                pair_rows.setdefault((key[0], questionnaire.code), row)
        if item_id in answers:
            if answers[item_id] != value:
                _conflict(
                    errors,
                    rows,
                    row,
                    key,
                    questionnaire,
                    item_id,
                    item_code,
                    answers[item_id],
                    text,
                    items,
                    values.get(ITEM_COLUMN, "antwoord"),
                )
            else:
                duplicates += 1
            continue
        answers[item_id] = value
    _with_words_hint(errors, unknown_words)
    errors.raise_if_any()
    plan.responses = response_blocks(all_answers, instruments)
    for (_moment, _code, questionnaire_code), answers in all_answers.items():
        counts = plan.answers_per_questionnaire
        counts[questionnaire_code] = counts.get(questionnaire_code, 0) + len(answers)
    finish_answers(school, plan, errors, checks, pair_rows=pair_rows, duplicates=duplicates)
    errors.raise_if_any()
    return plan


def finish_answers(school, plan: Plan, errors: ImportErrors, checks, *, pair_rows, duplicates: int) -> None:
    """Warnings of a checked answers file and the comparison with what the school has (errors go to `errors`)."""
    if duplicates:
        plan.warnings.append(
            _("%(n)s dubbele rij(en) met hetzelfde antwoord zijn één keer geteld.") % {"n": duplicates}
        )
    young = {
        (moment, code)
        for questionnaire_code in PUPIL_QUESTIONNAIRES & plan.responses.keys()
        for moment, code in plan.responses[questionnaire_code].keys
        if plan.pupil_grades[(plan.moments[moment], plan.placements[(moment, code)], code)] < 5
    }
    if young:
        plan.warnings.append(
            _(
                "%(n)s leerling(en) in groep 1–4 hebben een leerlingvragenlijst; die is bedoeld voor groep 5–8."
            )
            % {"n": len(young)}
        )
    _compare_with_school(school, plan, errors, checks, pair_rows=pair_rows)


def _conflict(
    errors, rows, row, key, questionnaire, item_id, item_code, earlier, text, items, column
) -> None:
    """The same answer twice with different values; the first row is looked up only for listed errors."""
    moment, code = key
    first = "?"
    if not errors.full:
        for number, values in rows:
            found = items.get((values.get("vragenlijst", ""), values.get("vraag", "")))
            if (
                found is not None
                and found[1] == item_id
                and values.get("leerling") == code
                and values.get("meetmoment") == moment
            ):
                first = number
                break
    errors.add(
        _(
            "leerling %(code)s heeft bij %(moment)s op vraag %(item)s van vragenlijst %(q)s al antwoord '%(v)s' (rij %(row)s)."
        )
        % {
            "code": code,
            "moment": moment,
            "item": item_code.upper(),
            "q": questionnaire.code,
            "v": _shown(earlier),
            "row": first,
        },
        row=row,
        column=column,
        value=text,
    )


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


def _answer_problem(text: str) -> str:
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        return _("een antwoord is een heel getal van 1 tot en met 4, of leeg.")
    if not number.is_integer():
        return _("een antwoord is een heel getal (geen decimalen) van 1 tot en met 4, of leeg.")
    return _("een antwoord ligt tussen 1 en 4.")


def _shown(value: int | None) -> str:
    return "" if value is None else str(value)


def parse_sociogram(
    *, school: School, data: bytes, filename: str, replace: bool, mapping: Mapping | None = None
) -> Plan:
    table = read_table(
        data,
        filename,
        required=SOCIOGRAM_COLUMNS,
        optional=OPTIONAL_COLUMNS,
        mapping=mapping,
        words_in={"vraag"},
    )
    rows, warnings, has_grade = table.rows, table.warnings, "leerjaar" in table.columns
    unknown_words: set[str] = set()
    plan = Plan(kind="sociogram", replace=replace, total_rows=len(rows), warnings=list(warnings))
    errors = ImportErrors()
    checks = RowChecks(plan, errors, has_grade)
    seen: dict[tuple[str, str, str, bool], int] = {}
    counts: dict[tuple[str, str, bool], int] = defaultdict(int)
    pending: list[tuple[int, str, str, str, str, bool]] = []  # row, moment, chooser, chosen, group, positive
    moment_rows: dict[str, int] = {}
    for row, values in rows:
        key = checks.placement(row, values)
        question = values.get("vraag", "").lower()
        if question not in SOCIOGRAM_QUESTIONS:
            errors.add(
                _("vraag is 'positief' of 'negatief'."),
                row=row,
                column="vraag",
                value=values.get("vraag", ""),
            )
            if question:
                unknown_words.add(values["vraag"])
            continue
        positive = question == "positief"
        chosen = values.get("gekozen", "")
        if not checks.code(row, "gekozen", chosen):
            continue
        if key is None:
            continue
        moment, code = key
        moment_rows.setdefault(moment, row)
        if chosen == code:
            errors.add(_("een leerling kan zichzelf niet kiezen."), row=row, column="gekozen", value=chosen)
            continue
        nomination = (moment, code, chosen, positive)
        if nomination in seen:
            errors.add(
                _("deze keuze staat er al in rij %(row)s.") % {"row": seen[nomination]},
                row=row,
                column="gekozen",
                value=chosen,
            )
            continue
        seen[nomination] = row
        counts[(moment, code, positive)] += 1
        if counts[(moment, code, positive)] > MAX_CHOICES:
            errors.add(
                _("leerling %(code)s heeft bij %(moment)s meer dan %(max)s keuzes bij vraag %(question)s.")
                % {"code": code, "moment": moment, "max": MAX_CHOICES, "question": question},
                row=row,
                column="gekozen",
                value=chosen,
            )
            continue
        pending.append((row, moment, code, chosen, plan.placements[key], positive))
    _with_words_hint(errors, unknown_words)
    errors.raise_if_any()
    _check_chosen_in_group(school, plan, errors, pending)
    errors.raise_if_any()
    plan.nominations = [
        (moment, code, chosen, positive) for _r, moment, code, chosen, _g, positive in pending
    ]
    _compare_with_school(school, plan, errors, checks, moment_rows=moment_rows)
    errors.raise_if_any()
    return plan


def _check_chosen_in_group(school, plan: Plan, errors: ImportErrors, pending) -> None:
    """A chosen pupil is in the chooser's group at that moment: in the file, or already known to the school."""
    known: dict[tuple[str, str], str] = {}  # (moment, code) → group name, from the database
    moment_years = plan.moments
    for moment, pupil_code, group_name in Participation.objects.filter(
        moment__school=school, moment__label__in=list(moment_years)
    ).values_list("moment__label", "pupil__code", "group__name"):
        known[(moment, pupil_code)] = group_name
    enrolled: set[tuple[str, str, str]] = set(  # (year, group, code)
        Enrollment.objects.filter(
            group__school=school, group__school_year__label__in=set(moment_years.values())
        ).values_list("group__school_year__label", "group__name", "pupil__code")
    )
    for row, moment, _code, chosen, group, _positive in pending:
        if plan.placements.get((moment, chosen)) == group:
            continue
        if (moment, chosen) in plan.placements:
            errors.add(
                _("deze leerling staat bij %(moment)s in groep %(other)s, niet in %(group)s.")
                % {"moment": moment, "other": plan.placements[(moment, chosen)], "group": group},
                row=row,
                column="gekozen",
                value=chosen,
            )
            continue
        if known.get((moment, chosen)) == group or (
            (moment, chosen) not in known and (moment_years[moment], group, chosen) in enrolled
        ):
            plan.placements[(moment, chosen)] = group  # chosen but did not choose: placed in the group too
            continue
        errors.add(
            _("deze leerling staat bij %(moment)s niet in groep %(group)s.")
            % {"moment": moment, "group": group},
            row=row,
            column="gekozen",
            value=chosen,
        )


def _compare_with_school(
    school: School,
    plan: Plan,
    errors: ImportErrors,
    checks: RowChecks,
    *,
    pair_rows: dict[tuple[str, str], int] | None = None,
    moment_rows: dict[str, int] | None = None,
) -> None:
    """What exists already: moments, data to replace (refused without replace), groups, pupils, placements."""
    moments = {m.label: m for m in Moment.objects.filter(school=school, label__in=list(plan.moments))}
    plan.existing_moments = set(moments)
    if pair_rows is not None and moments:
        existing_pairs = set(
            Response.objects.filter(participation__moment__in=moments.values())
            .values_list("participation__moment__label", "questionnaire__code")
            .distinct()
        )
        for pair, row in sorted(pair_rows.items(), key=lambda kv: kv[1]):
            if pair in existing_pairs:
                if plan.replace:
                    plan.replaced_pairs.add(pair)
                else:
                    errors.add(
                        _(
                            "voor %(moment)s zijn al antwoorden op vragenlijst %(q)s ingelezen; "
                            "kies 'vervangen' om ze te vervangen."
                        )
                        % {"moment": pair[0], "q": pair[1]},
                        row=row,
                        column="meetmoment",
                        value=pair[0],
                    )
    if pair_rows is not None and plan.replace:
        answer_replacements(plan, moments)
    if moment_rows is not None and moments:
        with_nominations = set(
            Nomination.objects.filter(moment__in=moments.values())
            .values_list("moment__label", flat=True)
            .distinct()
        )
        for label, row in sorted(moment_rows.items(), key=lambda kv: kv[1]):
            if label in with_nominations:
                if plan.replace:
                    plan.replaced_moments.add(label)
                else:
                    errors.add(
                        _(
                            "voor %(moment)s is al een sociogram ingelezen; kies 'vervangen' om het te vervangen."
                        )
                        % {"moment": label},
                        row=row,
                        column="meetmoment",
                        value=label,
                    )
        if plan.replace:
            sociogram_replacements(plan, moments)
    existing_groups = {
        (year, name): grade
        for year, name, grade in Group.objects.filter(
            school=school, school_year__label__in=set(plan.moments.values())
        ).values_list("school_year__label", "name", "grade")
    }
    plan.new_groups = {key for key in plan.groups if key not in existing_groups}
    differing = sorted(
        f"{name} ({year})"
        for (year, name), grade in plan.groups.items()
        if key_grade_differs(existing_groups, (year, name), grade)
    )
    if differing:
        plan.warnings.append(
            _("Bij bestaande groep(en) %(groups)s blijft het leerjaar dat de school al heeft.")
            % {"groups": ", ".join(differing)}
        )
    codes = {code for _m, code in plan.placements}
    existing_codes = set(Pupil.objects.filter(school=school).values_list("code", flat=True))
    plan.new_pupils = codes - existing_codes
    if moments:
        placed = Participation.objects.filter(moment__in=moments.values()).filter(
            Q(pupil__code__in=codes) if len(codes) < 900 else Q()
        )
        for moment, code, group in placed.values_list("moment__label", "pupil__code", "group__name"):
            wanted = plan.placements.get((moment, code))
            if wanted is None or wanted == group:
                continue
            if plan.replace:
                plan.moved += 1
            else:
                errors.add(
                    _(
                        "leerling %(code)s staat bij %(moment)s al in groep %(group)s; kies 'vervangen' om de "
                        "leerling naar de groep in dit bestand te verplaatsen."
                    )
                    % {"code": code, "moment": moment, "group": group},
                    row=checks.first_row.get((moment, code)),
                    column="groep",
                    value=wanted,
                )


def key_grade_differs(existing: dict, key, grade: int) -> bool:
    return key in existing and existing[key] != grade

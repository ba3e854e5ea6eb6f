"""Column-wise check of a KanVAS answers file (CONTRACT §3) for the common case: a file without errors.

Gives the same Plan as the row-by-row check (`kanvas.importers.parse_answers_rows`), or None as soon as anything
is wrong or unusual; the caller then runs the row-by-row check, which reports every error with its row number and
its exact Dutch wording. The checks themselves are the row-by-row ones, applied once per distinct value: pupil,
group, grade and moment once per distinct placement, questionnaire and item once per distinct pair, the answer
once per distinct text. Nothing here writes to the database.
"""

from dataclasses import dataclass

import numpy as np

from kanvas.importers import (
    ANSWER_VALUES,
    Plan,
    ResponseBlock,
    RowChecks,
    answers_reading,
    finish_answers,
    parse_answers_rows,
)
from kanvas.scoring import load_instruments
from kanvas.wide_layout import is_wide, wide_item_columns
from npo_planner.lib.column_mapping import Mapping
from npo_planner.lib.import_errors import ImportErrors
from npo_planner.lib.tabular import read_frame
from npo_planner.scholen.models import School

VALUE_CODES = {"": 0, **ANSWER_VALUES}  # 0 stands for an empty answer (None)
MAX_PAIRS = 1_000_000  # distinct (vragenlijst, vraag) texts: more is no clean file; the row check reports it


def parse_answers(
    *, school: School, data: bytes, filename: str, replace: bool, mapping: Mapping | None = None
) -> Plan:
    """Read and check an answers file; raises ImportErrors listing every error.

    A file without any error is checked column by column (`parse_answers_frame` below); a file with an error, or
    anything the vectorised check does not vouch for, is checked row by row (`kanvas.importers.parse_answers_rows`),
    which words every error with its row number.
    """
    plan = parse_answers_frame(school=school, data=data, filename=filename, replace=replace, mapping=mapping)
    if plan is not None:
        return plan
    return parse_answers_rows(school=school, data=data, filename=filename, replace=replace, mapping=mapping)


def parse_answers_frame(
    *, school: School, data: bytes, filename: str, replace: bool, mapping: Mapping | None = None
) -> Plan | None:
    """The Plan of an error-free answers file, or None (then check it row by row). Raises the reader's errors."""
    instruments = load_instruments()
    frame = read_frame(data, filename, **answers_reading(instruments, mapping))
    table = frame.data
    if table.empty:
        return None
    has_grade = "leerjaar" in frame.columns
    plan = Plan(kind="antwoorden", replace=replace, total_rows=len(table), warnings=list(frame.warnings))
    errors = ImportErrors()
    checks = RowChecks(plan, errors, has_grade)

    columns = {name: _codes(table[name]) for name in table.columns if name != "row"}
    row_numbers = table["row"].to_numpy()
    if is_wide(set(table.columns)):
        wide = _long_columns(columns, wide_item_columns(frame.columns, instruments), instruments)
        if wide is None:
            return None
        columns, rows = wide
        row_numbers = row_numbers[rows]
    if not _placements_pass(columns, row_numbers, checks, has_grade):
        return None
    items = _row_items(columns["vragenlijst"], columns["vraag"], instruments)
    values = _row_values(*columns["antwoord"])
    if items is None or values is None:
        return None

    (moment_numbers, moment_texts), (pupil_numbers, pupil_texts) = columns["meetmoment"], columns["leerling"]
    row_place = moment_numbers * len(pupil_texts) + pupil_numbers
    duplicates = 0
    pair_rows = {}  # (moment, questionnaire) → first row, for the "already imported" check
    for number, (code, width) in enumerate(items.questionnaires.items()):
        rows = np.flatnonzero(items.questionnaire == number)
        places, response_of_row = np.unique(row_place[rows], return_inverse=True)
        matrix, repeats = _answer_matrix(
            response_of_row * width + items.column[rows], values[rows], len(places) * width
        )
        if matrix is None:
            return None
        keys = zip(
            moment_texts[places // len(pupil_texts)].tolist(),
            pupil_texts[places % len(pupil_texts)].tolist(),
            strict=True,
        )
        plan.responses[code] = ResponseBlock(code, list(keys), matrix.reshape(len(places), width))
        plan.answers_per_questionnaire[code] = len(rows) - repeats
        duplicates += repeats
        moments, first = np.unique(moment_numbers[rows], return_index=True)
        for moment, row in zip(moments.tolist(), row_numbers[rows[first]].tolist(), strict=True):
            pair_rows[(moment_texts[moment], code)] = int(row)

    finish_answers(school, plan, errors, checks, pair_rows=pair_rows, duplicates=duplicates)
    return None if errors else plan


def _long_columns(columns, item_columns, instruments):
    """The columns of the long file a wide one stands for (CONTRACT §3), as (code per row, distinct texts), and
    for each long row the index of its wide row; None when a row's questionnaire is unknown or has no item columns
    (the row-by-row check reports it).

    A wide row gives a long row for each item column of its questionnaire, and one for each filled cell of another
    questionnaire's item (which the item check then refuses), in row-major order like a long file."""
    questionnaire_numbers, questionnaire_texts = columns.pop("vragenlijst")
    codes = [code for _column, code in item_columns]
    belongs = np.zeros((len(questionnaire_texts), len(codes)), dtype=bool)
    for number, text in enumerate(questionnaire_texts.tolist()):
        questionnaire = instruments.get(text.lower())
        if questionnaire is None:
            return None
        belongs[number] = [code in questionnaire.items for code in codes]
        if not belongs[number].any():
            return None
    cells = [columns.pop(column) for column, _code in item_columns]
    texts = sorted(set().union(*(column_texts.tolist() for _numbers, column_texts in cells)))
    index = {text: i for i, text in enumerate(texts)}
    answers = np.empty((len(questionnaire_numbers), len(cells)), dtype=np.int32)
    for position, (numbers, column_texts) in enumerate(cells):
        answers[:, position] = np.asarray([index[t] for t in column_texts.tolist()], dtype=np.int32)[numbers]
    empty = index.get("", -1)
    rows, positions = np.nonzero(belongs[questionnaire_numbers] | (answers != empty))
    long = {name: (numbers[rows], names) for name, (numbers, names) in columns.items()}
    long["vragenlijst"] = (questionnaire_numbers[rows], questionnaire_texts)
    long["vraag"] = (positions.astype(np.int64), np.asarray(codes, dtype=object))
    long["antwoord"] = (answers[rows, positions].astype(np.int64), np.asarray(texts, dtype=object))
    return long, rows


def _placements_pass(columns, row_numbers, checks: RowChecks, has_grade: bool) -> bool:
    """leerling, groep, meetmoment (and leerjaar) checked once per distinct combination, in file order."""
    names = ["leerling", "groep", "meetmoment", *(["leerjaar"] if has_grade else [])]
    _unique, first = np.unique(_combined([columns[name] for name in names]), return_index=True)
    for index in np.sort(first).tolist():
        values = {name: columns[name][1][columns[name][0][index]] for name in names}
        if checks.placement(int(row_numbers[index]), values) is None:
            return False
    return True


@dataclass
class RowItems:
    questionnaires: dict[str, int]  # questionnaire code → number of items, in the order first met
    questionnaire: np.ndarray  # per row: index into `questionnaires`
    column: np.ndarray  # per row: the item's column in its questionnaire (instrument order)


def _row_items(questionnaire_column, item_column, instruments) -> RowItems | None:
    """Each distinct (vragenlijst, vraag) text pair looked up once; None when one is not a known item."""
    (questionnaire_numbers, questionnaire_texts), (item_numbers, item_texts) = (
        questionnaire_column,
        item_column,
    )
    pair_count = len(questionnaire_texts) * len(item_texts)
    if pair_count > MAX_PAIRS:
        return None
    row_pair = questionnaire_numbers * len(item_texts) + item_numbers
    pair_questionnaire = np.full(pair_count, -1, dtype=np.int64)
    pair_column = np.full(pair_count, -1, dtype=np.int64)
    item_columns: dict[str, dict[str, int]] = {}  # questionnaire code → {item code: column}
    for pair in np.flatnonzero(np.bincount(row_pair, minlength=pair_count)).tolist():
        questionnaire = instruments.get(questionnaire_texts[pair // len(item_texts)].lower())
        if questionnaire is None:
            return None
        if questionnaire.code not in item_columns:
            item_columns[questionnaire.code] = {code: i for i, code in enumerate(questionnaire.items)}
        column = item_columns[questionnaire.code].get(item_texts[pair % len(item_texts)].upper())
        if column is None:
            return None
        pair_questionnaire[pair] = list(item_columns).index(questionnaire.code)
        pair_column[pair] = column
    return RowItems(
        questionnaires={code: len(columns) for code, columns in item_columns.items()},
        questionnaire=pair_questionnaire[row_pair],
        column=pair_column[row_pair],
    )


def _row_values(numbers: np.ndarray, texts: np.ndarray) -> np.ndarray | None:
    """The answer per row (0 = empty, 1–4); None when a text is anything else."""
    if not set(texts) <= VALUE_CODES.keys():
        return None
    return np.asarray([VALUE_CODES[text] for text in texts], dtype=np.int8)[numbers]


def _answer_matrix(cells: np.ndarray, values: np.ndarray, size: int) -> tuple[np.ndarray | None, int]:
    """The values placed in their cells (response × item, flattened), and how many rows repeated a cell.

    One answer per pupil, moment and item: a repeat with the same value is counted, another value makes it None.
    """
    repeats = 0
    if np.bincount(cells).max() > 1:
        order = np.argsort(cells, kind="stable")
        repeated = cells[order][1:] == cells[order][:-1]
        if (values[order][1:][repeated] != values[order][:-1][repeated]).any():
            return None, 0
        repeats = int(repeated.sum())
    matrix = np.zeros(size, dtype=np.int8)
    matrix[cells] = values
    return matrix, repeats


def _codes(column) -> tuple[np.ndarray, np.ndarray]:
    """(code per row, the distinct texts) of a categorical column (npo_planner.lib.tabular.read_frame)."""
    return column.cat.codes.to_numpy().astype(np.int64), column.cat.categories.to_numpy(dtype=object)


def _combined(columns: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """One integer per row that is equal for rows equal in all these columns."""
    combined = np.zeros(len(columns[0][0]), dtype=np.int64)
    size = 1
    for codes, texts in columns:
        if size * len(texts) >= 2**62:  # renumber densely before the product could overflow
            _unique, combined = np.unique(combined, return_inverse=True)
            size = int(combined.max()) + 1
        combined = combined * len(texts) + codes
        size *= len(texts)
    return combined

"""Column-wise check of a KanVAS answers file (CONTRACT §3) for the common case: a file without errors.

Gives the same Plan as the row-by-row check (`kanvas.importers.parse_answers_rows`), or None as soon as anything
is wrong or unusual; the caller then runs the row-by-row check, which reports every error with its row number and
its exact Dutch wording. The checks themselves are the row-by-row ones, applied once per distinct value: pupil,
group, grade and moment once per distinct placement, questionnaire and item once per distinct pair, the answer
once per distinct text. A wide file (a row per response) is checked per questionnaire as a matrix of its item
columns, never expanded into a row per answer. Nothing here writes to the database.
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


@dataclass
class Block:
    """One questionnaire's responses in a file, checked."""

    rows: np.ndarray  # the file's rows (positions in the table) of this questionnaire
    places: np.ndarray  # a number per response (moment × pupil), ascending
    matrix: np.ndarray  # int8, a row per place, a column per item of the questionnaire (instrument order)
    answers: int  # the answers read (a repeated one once)
    repeats: int  # the answers repeated with the same value


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

    placement_names = ["leerling", "groep", "meetmoment", *(["leerjaar"] if has_grade else [])]
    columns = {name: _codes(table[name]) for name in placement_names}
    row_numbers = table["row"].to_numpy()
    if not _placements_pass(columns, row_numbers, checks, has_grade):
        return None
    (moment_numbers, moment_texts), (pupil_numbers, pupil_texts) = columns["meetmoment"], columns["leerling"]
    row_place = moment_numbers * len(pupil_texts) + pupil_numbers
    if is_wide(set(table.columns)):
        blocks = wide_blocks(table, wide_item_columns(frame.columns, instruments), instruments, row_place)
    else:
        blocks = _long_blocks(table, instruments, row_place)
    if blocks is None:
        return None

    duplicates = 0
    pair_rows = {}  # (moment, questionnaire) → first row, for the "already imported" check
    for code, block in blocks.items():
        keys = zip(
            moment_texts[block.places // len(pupil_texts)].tolist(),
            pupil_texts[block.places % len(pupil_texts)].tolist(),
            strict=True,
        )
        plan.responses[code] = ResponseBlock(code, list(keys), block.matrix)
        plan.answers_per_questionnaire[code] = block.answers
        duplicates += block.repeats
        moments, first = np.unique(moment_numbers[block.rows], return_index=True)
        for moment, row in zip(moments.tolist(), row_numbers[block.rows[first]].tolist(), strict=True):
            pair_rows[(moment_texts[moment], code)] = int(row)

    finish_answers(school, plan, errors, checks, pair_rows=pair_rows, duplicates=duplicates)
    return None if errors else plan


def _long_blocks(table, instruments, row_place) -> dict[str, Block] | None:
    """The blocks of a long file: a row per answer, placed in its response's row and its item's column."""
    items = _row_items(_codes(table["vragenlijst"]), _codes(table["vraag"]), instruments)
    values = _row_values(*_codes(table["antwoord"]))
    if items is None or values is None:
        return None
    blocks = {}
    for number, (code, width) in enumerate(items.questionnaires.items()):
        rows = np.flatnonzero(items.questionnaire == number)
        places, response_of_row = np.unique(row_place[rows], return_inverse=True)
        matrix, repeats = _answer_matrix(
            response_of_row * width + items.column[rows], values[rows], len(places) * width
        )
        if matrix is None:
            return None
        blocks[code] = Block(rows, places, matrix.reshape(len(places), width), len(rows) - repeats, repeats)
    return blocks


def wide_blocks(table, item_columns, instruments, row_place) -> dict[str, Block] | None:
    """The blocks of a wide file (CONTRACT §3), a row per response: each questionnaire's item columns taken as
    they are, a small-integer matrix, never expanded into a row per answer. None when a row's questionnaire is
    unknown or has no item columns, an answer is not 1–4 or empty, a row fills an item of another questionnaire,
    or a repeated response gives another answer (the row-by-row check reports it, naming the item's column)."""
    questionnaire_numbers, questionnaire_texts = _codes(table["vragenlijst"])
    codes = []  # questionnaire code per distinct text ("Leerling" and "leerling" are one)
    for text in questionnaire_texts.tolist():
        questionnaire = instruments.get(text.lower())
        if questionnaire is None:
            return None
        codes.append(questionnaire.code)
    order = list(dict.fromkeys(codes))
    questionnaire_of_row = np.asarray([order.index(code) for code in codes], dtype=np.int8)[
        questionnaire_numbers
    ]
    cells = []  # (item code, answer per row: 0 = empty, 1–4)
    for column, item in item_columns:
        values = _item_values(table[column])
        if values is None:
            return None
        cells.append((item, values))
    if _fills_another_questionnaire(cells, order, questionnaire_of_row, instruments):
        return None
    blocks = {}
    for number, code in enumerate(order):
        items = {item: position for position, item in enumerate(instruments[code].items)}
        present = [(items[item], values) for item, values in cells if item in items]
        if not present:
            return None
        rows = np.flatnonzero(questionnaire_of_row == number)
        matrix = np.zeros((len(rows), len(items)), dtype=np.int8)
        for position, values in present:
            matrix[:, position] = values[rows]
        block = _one_row_per_response(rows, row_place[rows], matrix, len(present))
        if block is None:
            return None
        blocks[code] = block
    return blocks


def _item_values(column) -> np.ndarray | None:
    """An item column's answers (int8: 0 = empty, 1–4), looked up once per distinct text; None for another text."""
    codes, texts = column.cat.codes.to_numpy(), column.cat.categories.to_numpy(dtype=object)
    lookup = np.asarray([VALUE_CODES.get(text, -1) for text in texts.tolist()], dtype=np.int8)
    if (lookup < 0).any():
        return None
    return lookup[codes]


def _fills_another_questionnaire(cells, order: list[str], questionnaire_of_row, instruments) -> bool:
    """Whether a row has an answer in the column of an item that is not its questionnaire's."""
    foreign_rows = {}  # the questionnaires not owning an item → their rows
    for item, values in cells:
        foreign = tuple(n for n, code in enumerate(order) if item not in instruments[code].items)
        if not foreign:
            continue
        if foreign not in foreign_rows:
            foreign_rows[foreign] = np.isin(questionnaire_of_row, foreign)
        if np.logical_and(values != 0, foreign_rows[foreign]).any():
            return True
    return False


def _one_row_per_response(rows, places, matrix, present: int) -> Block | None:
    """The block with a row per distinct (moment, pupil), in the order of their numbers; a response given twice
    is counted once, and refused (None) when the two differ in any answer (an empty one included)."""
    order = np.argsort(places, kind="stable")
    places, matrix = places[order], matrix[order]
    repeated = places[1:] == places[:-1]
    if repeated.any() and (matrix[1:][repeated] != matrix[:-1][repeated]).any():
        return None
    first = np.concatenate(([True], ~repeated))
    repeats = int(repeated.sum()) * present
    return Block(rows, places[first], matrix[first], int(first.sum()) * present, repeats)


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

"""Column-wise check of a KanVAS answers file (CONTRACT §3) for the common case: a file without errors.

Gives the same Plan as the row-by-row check (`kanvas.importers.parse_answers_rows`), or None as soon as anything
is wrong or unusual; the caller then runs the row-by-row check, which reports every error with its row number and
its exact Dutch wording. The checks themselves are the row-by-row ones, applied once per distinct value: pupil,
group, grade and moment once per distinct placement, questionnaire and item once per distinct pair, the answer
once per distinct text. Nothing here writes to the database.
"""

import numpy as np
import pandas as pd

from kanvas.importers import (
    ANSWER_COLUMNS,
    ANSWER_VALUES,
    OPTIONAL_COLUMNS,
    Plan,
    ResponseBlock,
    RowChecks,
    finish_answers,
)
from kanvas.scoring import load_instruments
from npo_planner.lib.import_errors import ImportErrors
from npo_planner.lib.tabular import read_frame
from npo_planner.scholen.models import School

VALUE_CODES = {"": 0, **ANSWER_VALUES}  # 0 stands for an empty answer (None)


def parse_answers_frame(*, school: School, data: bytes, filename: str, replace: bool) -> Plan | None:
    """The Plan of an error-free answers file, or None (then check it row by row). Raises the reader's errors."""
    frame = read_frame(data, filename, required=ANSWER_COLUMNS, optional=OPTIONAL_COLUMNS)
    table = frame.data
    if table.empty:
        return None
    has_grade = "leerjaar" in frame.columns
    plan = Plan(kind="antwoorden", replace=replace, total_rows=len(table), warnings=list(frame.warnings))
    errors = ImportErrors()
    checks = RowChecks(plan, errors, has_grade)

    place_columns = ["leerling", "groep", "meetmoment", *(["leerjaar"] if has_grade else [])]
    for values in table.drop_duplicates(place_columns)[[*place_columns, "row"]].to_dict("records"):
        if checks.placement(int(values["row"]), values) is None:
            return None

    instruments = load_instruments()
    # each distinct (vragenlijst, vraag) text pair → questionnaire and item column, checked once
    questionnaire_numbers, questionnaire_texts = pd.factorize(table["vragenlijst"])
    item_numbers, item_texts = pd.factorize(table["vraag"])
    pairs, pair_of_row = np.unique(
        questionnaire_numbers.astype(np.int64) * len(item_texts) + item_numbers, return_inverse=True
    )
    codes: list[str] = []  # questionnaire codes in this file
    pair_questionnaire = np.empty(len(pairs), dtype=np.int64)
    pair_column = np.empty(len(pairs), dtype=np.int64)
    columns = {}  # questionnaire code → {item code: column}
    for number, pair in enumerate(pairs.tolist()):
        questionnaire = instruments.get(questionnaire_texts[pair // len(item_texts)].lower())
        if questionnaire is None:
            return None
        if questionnaire.code not in columns:
            columns[questionnaire.code] = {code: i for i, code in enumerate(questionnaire.items)}
            codes.append(questionnaire.code)
        column = columns[questionnaire.code].get(item_texts[pair % len(item_texts)].upper())
        if column is None:
            return None
        pair_questionnaire[number] = codes.index(questionnaire.code)
        pair_column[number] = column
    row_questionnaire = pair_questionnaire[pair_of_row]
    row_column = pair_column[pair_of_row]

    answer_numbers, answer_texts = pd.factorize(table["antwoord"])
    if not set(answer_texts) <= VALUE_CODES.keys():
        return None
    row_values = np.asarray([VALUE_CODES[text] for text in answer_texts], dtype=np.int8)[answer_numbers]

    moment_numbers, moment_texts = pd.factorize(table["meetmoment"])
    pupil_numbers, pupil_texts = pd.factorize(table["leerling"])
    moment_texts, pupil_texts = np.asarray(moment_texts, dtype=object), np.asarray(pupil_texts, dtype=object)
    row_place = moment_numbers.astype(np.int64) * len(pupil_texts) + pupil_numbers
    row_numbers = table["row"].to_numpy()

    duplicates = 0
    pair_rows = {}
    for number, code in enumerate(codes):
        rows = np.flatnonzero(row_questionnaire == number)
        places, response_of_row = np.unique(row_place[rows], return_inverse=True)
        width = len(columns[code])
        cells = response_of_row * width + row_column[rows]
        values = row_values[rows]
        # one answer per pupil, moment and item: a repeat with the same value is counted, another is an error
        order = np.argsort(cells, kind="stable")
        repeated = cells[order][1:] == cells[order][:-1]
        if repeated.any():
            if (values[order][1:][repeated] != values[order][:-1][repeated]).any():
                return None
            duplicates += int(repeated.sum())
        matrix = np.zeros(len(places) * width, dtype=np.int8)
        matrix[cells] = values
        plan.responses[code] = ResponseBlock(
            code,
            list(
                zip(
                    moment_texts[places // len(pupil_texts)].tolist(),
                    pupil_texts[places % len(pupil_texts)].tolist(),
                    strict=True,
                )
            ),
            matrix.reshape(len(places), width),
        )
        plan.answers_per_questionnaire[code] = len(rows) - int(repeated.sum())
        moments, first = np.unique(moment_numbers[rows], return_index=True)
        for moment, row in zip(moments.tolist(), row_numbers[rows[first]].tolist(), strict=True):
            pair_rows[(moment_texts[moment], code)] = int(row)

    finish_answers(school, plan, errors, checks, pair_rows=pair_rows, duplicates=duplicates)
    return None if errors else plan

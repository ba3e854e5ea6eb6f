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
    RowChecks,
    finish_answers,
)
from kanvas.scoring import load_instruments
from npo_planner.lib.import_errors import ImportErrors
from npo_planner.lib.tabular import read_frame
from npo_planner.scholen.models import School

VALUE_CODES = {"": 0, **ANSWER_VALUES}  # 0 stands for an empty answer (None)
VALUES = [None, 1, 2, 3, 4]


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
    pair_numbers = table.groupby(["vragenlijst", "vraag"], sort=False).ngroup().to_numpy()
    pairs = table[["vragenlijst", "vraag"]].drop_duplicates()
    questionnaire_codes = []
    item_ids = []
    for questionnaire_code, item_code in pairs.itertuples(index=False, name=None):
        questionnaire = instruments.get(questionnaire_code.lower())
        item_id = questionnaire.items.get(item_code.upper()) if questionnaire is not None else None
        if item_id is None:
            return None
        questionnaire_codes.append(questionnaire.code)
        item_ids.append(item_id)
    row_items = np.asarray(item_ids, dtype=np.int64)[pair_numbers]
    row_questionnaires = np.asarray(questionnaire_codes, dtype=object)[pair_numbers]

    texts = table["antwoord"]
    if not set(texts.unique()) <= VALUE_CODES.keys():
        return None
    row_values = texts.map(VALUE_CODES).to_numpy(dtype=np.int64)

    # one answer per pupil, moment and item: a repeat with the same value is counted, another value is an error
    places = table.groupby(["meetmoment", "leerling"], sort=False).ngroup().to_numpy().astype(np.int64)
    answer_keys = places * (int(row_items.max()) + 1) + row_items
    repeated = pd.Series(answer_keys).duplicated().to_numpy()
    duplicates = int(repeated.sum())
    if duplicates and (repeated & ~pd.Series(answer_keys * 5 + row_values).duplicated().to_numpy()).any():
        return None

    keep = ~repeated
    moments = table["meetmoment"].to_numpy()[keep]
    codes = table["leerling"].to_numpy()[keep]
    kept_questionnaires = row_questionnaires[keep]
    pair_rows = {
        (moment, questionnaire): int(row)
        for moment, questionnaire, row in pd.DataFrame(
            {"m": moments, "q": kept_questionnaires, "row": table["row"].to_numpy()[keep]}
        )
        .drop_duplicates(["m", "q"])
        .itertuples(index=False, name=None)
    }
    answers = plan.answers
    for moment, code, questionnaire, item_id, value in zip(
        moments.tolist(),
        codes.tolist(),
        kept_questionnaires.tolist(),
        row_items[keep].tolist(),
        row_values[keep].tolist(),
        strict=True,
    ):
        key = (moment, code, questionnaire)
        values = answers.get(key)
        if values is None:
            values = answers[key] = {}
        values[item_id] = VALUES[value]

    finish_answers(school, plan, errors, checks, pair_rows=pair_rows, duplicates=duplicates)
    return None if errors else plan

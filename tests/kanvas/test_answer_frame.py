"""The column-wise check of an answers file (kanvas.answer_frame) gives exactly what the row-by-row check gives:
the same Plan for a file without errors, and for any other file no Plan, so the row check reports the errors."""

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kanvas.answer_frame import parse_answers, parse_answers_frame
from kanvas.importers import parse_answers_rows
from kanvas.scoring import load_instruments, scale_score
from npo_planner.lib.import_errors import ImportErrors
from tests.kanvas.helpers import ANSWER_HEADER, csv_bytes, import_answers, pupil_rows, stored_scores

M1 = "2021-najaar"
M2 = "2022-voorjaar"
QUESTIONNAIRES = (("leerling", "L", 24), ("docent", "D", 24), ("ouder", "O", 24), ("veiligheid", "V", 22))


def generated_file(seed: int, pupils: int = 30) -> bytes:
    """A realistic file: several moments and questionnaires, empty answers, repeated rows, mixed case, spaces."""
    rng = random.Random(seed)
    lines = [" Leerling ;groep;MEETMOMENT;vragenlijst;vraag;antwoord;leerjaar;opmerking"]
    for number in range(pupils):
        code = f"G{number:03d}"
        grade = 3 + number % 6
        group = f"{grade}{'abc'[number % 3]}"
        for moment in (M1, M2) if number % 4 else (M1,):
            for questionnaire, prefix, count in QUESTIONNAIRES:
                if rng.random() < 0.2:
                    continue
                for item in range(1, count + 1):
                    answer = "" if rng.random() < 0.08 else str(rng.randint(1, 4))
                    shown_q = questionnaire.capitalize() if item % 7 == 0 else questionnaire
                    shown_item = f"{prefix.lower() if item % 5 == 0 else prefix}{item:02d}"
                    line = f"{code};{group};{moment};{shown_q};{shown_item};{answer};{grade if item % 3 else ''};x"
                    lines.append(line if item % 11 else line.replace(";", " ; ", 1))
                    if rng.random() < 0.02:
                        lines.append(line)  # the same row twice is counted once
                    if rng.random() < 0.01:
                        lines.append(";;;;;;;")  # a blank row keeps the row numbers of the rest
    return ("\n".join(lines) + "\n").encode("utf-8")


def both(school, data, *, replace=False):
    fast = parse_answers_frame(school=school, data=data, filename="a.csv", replace=replace)
    try:
        rows = parse_answers_rows(school=school, data=data, filename="a.csv", replace=replace)
    except ImportErrors as errors:
        rows = errors.messages()
    return fast, rows


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_clean_generated_file_gives_the_same_plan_both_ways(cast, seed):
    data = generated_file(seed)
    fast, rows = both(cast.school_a, data)
    assert fast is not None
    assert fast == rows
    assert fast.summary() == rows.summary()
    assert any("dubbele rij" in warning for warning in fast.warnings)


def test_same_plan_when_replacing_what_the_school_has(cast):
    import_answers(cast.school_a, pupil_rows("G001", "4c", M1) + pupil_rows("G900", "5a", M1))
    fast, rows = both(cast.school_a, generated_file(4), replace=True)
    assert fast is not None
    assert fast == rows
    assert fast.replaced_pairs == {(M1, "leerling")} and fast.moved == 1


def test_refused_without_replace_goes_to_the_row_check_with_its_row_numbers(cast):
    import_answers(cast.school_a, pupil_rows("G001", "4b", M1))
    data = generated_file(5)
    fast, rows = both(cast.school_a, data)
    assert fast is None
    with pytest.raises(ImportErrors) as error:
        parse_answers(school=cast.school_a, data=data, filename="a.csv", replace=False)
    assert error.value.messages() == rows


@pytest.mark.parametrize(
    "bad_line",
    [
        "G001;4b;2021-najaar;leerling;L01;5",
        "G001;4b;2021-najaar;leerling;L99;1",
        "G001;4b;2021-najaar;leerlingen;L01;1",
        "G001;4c;2021-najaar;leerling;L01;1",
        "G 001;4b;2021-najaar;leerling;L01;1",
        "G001;4b;2021-herfst;leerling;L01;1",
        "G001;xb;2021-najaar;leerling;L01;1",
        "G001;4b;2021-najaar;leerling;L01;2,5",
    ],
)
def test_a_file_with_an_error_gets_the_row_checks_messages(cast, bad_line):
    rows = pupil_rows("G001", "4b", M1, {"OS": 3}) + [bad_line] + pupil_rows("G002", "4b", M1)
    data = csv_bytes(ANSWER_HEADER, rows)
    fast, expected = both(cast.school_a, data)
    assert fast is None
    assert isinstance(expected, list) and expected
    with pytest.raises(ImportErrors) as error:
        parse_answers(school=cast.school_a, data=data, filename="a.csv", replace=False)
    assert error.value.messages() == expected


def test_stored_scores_are_the_scoring_rules_applied_to_the_row_checks_plan(cast):
    data = generated_file(6)
    expected_plan = parse_answers_rows(school=cast.school_a, data=data, filename="a.csv", replace=False)
    import_answers_data(cast.school_a, data)
    instruments = load_instruments()
    expected = {}
    for code, block in expected_plan.responses.items():
        questionnaire = instruments[code]
        item_ids = list(questionnaire.items.values())
        for (moment, pupil), values in block.rows().items():
            answers = {item_ids[position]: value for position, value in values.items()}
            for scale in questionnaire.scales:
                expected[(moment, pupil, code, scale.code)] = scale_score(answers, scale)
    stored = {
        (s["moment"], s["code"], s["questionnaire"], s["scale"]): (s["score"], s["answered"], s["signal"])
        for s in stored_scores(participation__moment__school=cast.school_a)
    }
    assert stored == expected
    assert any(signal for _score, _answered, signal in stored.values())
    assert any(score is None for score, _answered, _signal in stored.values())


def import_answers_data(school, data):
    from kanvas.services import file_import

    return file_import(school=school, user=None, kind="antwoorden", data=data, filename="a.csv")


CELLS = {
    "leerling": st.sampled_from(["A1", "A2", "a1", "", "A 1", "0007"]),
    "groep": st.sampled_from(["5a", "5b", "1a", "x", ""]),
    "meetmoment": st.sampled_from([M1, M2, "2021-zomer", ""]),
    "vragenlijst": st.sampled_from(["leerling", "Veiligheid", "x"]),
    "vraag": st.sampled_from(["L01", "l02", "V01", "L99", ""]),
    "antwoord": st.sampled_from(["1", "2", "4", "", "5", "0", "1.0", " 3 "]),
    "leerjaar": st.sampled_from(["", "5", "6", "9"]),
}


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    with_grade=st.booleans(),
    rows=st.lists(st.fixed_dictionaries(CELLS), min_size=1, max_size=12),
)
def test_any_small_file_gives_the_same_plan_or_the_same_errors(cast, with_grade, rows):
    columns = [c for c in CELLS if with_grade or c != "leerjaar"]
    lines = [";".join(columns)] + [";".join(row[c] for c in columns) for row in rows]
    data = ("\n".join(lines) + "\n").encode()
    fast, expected = both(cast.school_a, data)
    if fast is not None:
        assert fast == expected
    try:
        result = parse_answers(school=cast.school_a, data=data, filename="a.csv", replace=False)
    except ImportErrors as errors:
        result = errors.messages()
    assert result == expected

"""KanVAS answers in the wide layout (CONTRACT §3): one row per pupil, moment and questionnaire, a column per item
code; the same rules, errors, Plan and stored results as the long layout."""

import io
import random

import pytest
from openpyxl import Workbook

from kanvas.answer_frame import parse_answers_frame
from kanvas.importers import parse_answers_rows
from kanvas.models import Participation
from kanvas.services import file_import
from npo_planner.lib.import_errors import ImportErrors
from tests.kanvas.helpers import ANSWER_HEADER, csv_bytes, stored_answers, stored_scores

M1, M2 = "2021-najaar", "2022-voorjaar"
QUESTIONNAIRES = (("leerling", "L", 24), ("veiligheid", "V", 22))
PLACE = ["leerling", "groep", "meetmoment", "vragenlijst"]


def answer_rows(seed: int = 1, pupils: int = 25) -> list[tuple[str, str, str, str, dict[str, str]]]:
    """(code, group, moment, questionnaire, {item: answer text}) with empty answers here and there."""
    rng = random.Random(seed)
    rows = []
    for number in range(pupils):
        group = f"{5 + number % 4}{'ab'[number % 2]}"
        for moment in (M1, M2):
            for questionnaire, prefix, count in QUESTIONNAIRES:
                if rng.random() < 0.2:
                    continue
                answers = {
                    f"{prefix}{i:02d}": "" if rng.random() < 0.1 else str(rng.randint(1, 4))
                    for i in range(1, count + 1)
                }
                rows.append((f"W{number:03d}", group, moment, questionnaire, answers))
    return rows


def long_file(rows) -> bytes:
    return csv_bytes(
        ANSWER_HEADER,
        [
            f"{code};{group};{moment};{q};{item};{value}"
            for code, group, moment, q, answers in rows
            for item, value in answers.items()
        ],
    )


def wide_lines(rows) -> list[list[str]]:
    items = [f"L{i:02d}" for i in range(1, 25)] + [f"V{i:02d}" for i in range(1, 23)]
    lines = [[*PLACE, *items]]
    for code, group, moment, q, answers in rows:
        lines.append([code, group, moment, q, *(answers.get(item, "") for item in items)])
    return lines


def wide_file(rows) -> bytes:
    return ("\n".join(";".join(line) for line in wide_lines(rows)) + "\n").encode("utf-8")


def stored(school):
    answers = sorted(stored_answers(participation__moment__school=school))
    scores = sorted(
        (s["moment"], s["code"], s["questionnaire"], s["scale"], s["score"], s["signal"])
        for s in stored_scores(participation__moment__school=school)
    )
    placements = sorted(
        Participation.objects.filter(moment__school=school).values_list(
            "moment__label", "pupil__code", "group__name", "group__grade"
        )
    )
    return answers, scores, placements


def test_wide_and_long_files_store_the_same(cast):
    rows = answer_rows()
    long_record = file_import(
        school=cast.school_a,
        user=None,
        kind="antwoorden",
        data=long_file(rows),
        filename="l.csv",
        replace=False,
    )
    wide_record = file_import(
        school=cast.school_b,
        user=None,
        kind="antwoorden",
        data=wide_file(rows),
        filename="w.csv",
        replace=False,
    )
    assert stored(cast.school_a) == stored(cast.school_b)
    assert stored(cast.school_a)[0]  # something was stored
    assert wide_record.rows == long_record.rows


def test_wide_xlsx_is_read_too(cast):
    rows = answer_rows(seed=2, pupils=5)
    book = Workbook()
    for line in wide_lines(rows):
        book.active.append([int(v) if v.isdigit() else (v or None) for v in line])
    buffer = io.BytesIO()
    book.save(buffer)
    file_import(
        school=cast.school_a,
        user=None,
        kind="antwoorden",
        data=long_file(rows),
        filename="l.csv",
        replace=False,
    )
    file_import(
        school=cast.school_b,
        user=None,
        kind="antwoorden",
        data=buffer.getvalue(),
        filename="w.xlsx",
        replace=False,
    )
    assert stored(cast.school_a) == stored(cast.school_b)


def test_column_wise_and_row_wise_checks_give_the_same_plan_for_a_wide_file(cast):
    data = wide_file(answer_rows(seed=3))
    fast = parse_answers_frame(school=cast.school_a, data=data, filename="w.csv", replace=False)
    rows = parse_answers_rows(school=cast.school_a, data=data, filename="w.csv", replace=False)
    assert fast is not None
    assert fast == rows
    assert fast.summary() == rows.summary()


def refused(school, data) -> list[str]:
    with pytest.raises(ImportErrors) as info:
        file_import(school=school, user=None, kind="antwoorden", data=data, filename="w.csv", replace=False)
    assert not Participation.objects.filter(moment__school=school).exists()
    return info.value.messages()


def test_bad_answer_names_the_items_column_and_the_row(cast):
    rows = [row for row in answer_rows(seed=4, pupils=3) if row[3] == "leerling"]
    lines = wide_lines(rows)
    lines[2][len(PLACE) + 6] = "5"  # row 3 of the file (header is row 1), column L07
    assert lines[2][3] == "leerling"
    data = ("\n".join(";".join(line) for line in lines) + "\n").encode("utf-8")
    assert refused(cast.school_a, data) == ["rij 3, kolom L07: waarde '5': een antwoord ligt tussen 1 en 4."]


def test_a_filled_cell_of_another_questionnaire_is_refused(cast):
    header = ";".join([*PLACE, "L01", "V01"])
    data = csv_bytes(header, ["W1;5a;2021-najaar;leerling;3;2"])
    messages = refused(cast.school_a, data)
    assert len(messages) == 1 and messages[0].startswith(
        "rij 2, kolom V01: waarde 'V01': deze vraag hoort niet"
    )


def test_a_questionnaire_without_item_columns_is_refused(cast):
    data = csv_bytes(";".join([*PLACE, "L01"]), ["W1;5a;2021-najaar;docent;3"])
    assert refused(cast.school_a, data) == [
        "rij 2, kolom vragenlijst: waarde 'docent': het bestand heeft geen kolommen met de vragen van vragenlijst "
        "docent (D01–D24)."
    ]


def test_a_file_without_item_and_answer_columns_names_the_missing_columns(cast):
    data = csv_bytes(";".join(PLACE), ["W1;5a;2021-najaar;leerling"])
    assert refused(cast.school_a, data) == [
        "rij 1, kolom vraag: deze verplichte kolom ontbreekt in de kopregel.",
        "rij 1, kolom antwoord: deze verplichte kolom ontbreekt in de kopregel.",
    ]


def test_repeated_rows_and_mixed_case_give_the_same_plan_both_ways(cast):
    """The per-questionnaire matrix check: a response given twice is counted once, "Leerling" is leerling."""
    rows = answer_rows(seed=5)
    lines = wide_lines(rows)
    lines += [lines[3], lines[7]]  # the same responses again, further down
    lines[5][3] = lines[5][3].capitalize()
    data = ("\n".join(";".join(line) for line in lines) + "\n").encode("utf-8")
    fast = parse_answers_frame(school=cast.school_a, data=data, filename="w.csv", replace=False)
    rows_plan = parse_answers_rows(school=cast.school_a, data=data, filename="w.csv", replace=False)
    assert fast is not None
    assert fast == rows_plan
    assert any("dubbele rij" in warning for warning in fast.warnings)


def test_a_repeated_response_with_another_answer_names_its_row_and_the_items_column(cast):
    rows = [row for row in answer_rows(seed=6, pupils=3) if row[3] == "leerling"]
    lines = wide_lines(rows)
    repeat = list(lines[2])  # file row 3
    position = len(PLACE) + 4  # column L05
    repeat[position] = "1" if repeat[position] != "1" else "2"
    lines.append(repeat)  # file row len(lines)
    data = ("\n".join(";".join(line) for line in lines) + "\n").encode("utf-8")
    assert parse_answers_frame(school=cast.school_a, data=data, filename="w.csv", replace=False) is None
    (message,) = refused(cast.school_a, data)
    assert message.startswith(
        f"rij {len(lines)}, kolom L05: waarde '{repeat[position]}': leerling {repeat[0]} "
    )
    assert message.endswith("(rij 3).")

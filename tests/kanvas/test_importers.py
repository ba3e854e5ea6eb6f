"""CONTRACT §1 and §3: every bad input is refused with the right row and column, and nothing is written."""

import io

import pytest
from openpyxl import Workbook

from kanvas import importers
from kanvas.models import ImportRecord, Moment, Participation, Response
from kanvas.services import file_import
from npo_planner.lib import tabular
from npo_planner.lib.import_errors import ImportErrors
from npo_planner.scholen.models import AuditEntry, Enrollment, Group, Pupil, SchoolYear
from tests.kanvas.helpers import (
    ANSWER_HEADER,
    csv_bytes,
    import_answers,
    pupil_rows,
    stored_answers,
    stored_score,
    stored_scores,
)

GOOD = pupil_rows("K001", "5b", "2021-najaar")


def counts():
    return (
        Response.objects.count(),
        len(stored_answers()),
        Participation.objects.count(),
        Moment.objects.count(),
        Pupil.objects.count(),
        Group.objects.count(),
        Enrollment.objects.count(),
        ImportRecord.objects.count(),
    )


def refused(school, data, filename="antwoorden.csv", kind="antwoorden", replace=False):
    before = counts()
    with pytest.raises(ImportErrors) as info:
        file_import(school=school, user=None, kind=kind, data=data, filename=filename, replace=replace)
    assert counts() == before, "a refused file must write nothing"
    return info.value.messages()


def test_good_file_creates_pupils_groups_moment_and_scores(cast):
    record = import_answers(cast.school_a, GOOD, user=cast.ib)
    assert record.rows == 24
    assert len(stored_answers()) == 24
    pupil = Pupil.objects.get(school=cast.school_a, code="K001")
    group = Group.objects.get(school=cast.school_a, name="5b")
    assert group.grade == 5 and group.school_year == cast.year
    assert Enrollment.objects.filter(group=group, pupil=pupil).exists()
    moment = Moment.objects.get(school=cast.school_a, label="2021-najaar")
    assert moment.school_year.label == "2021-2022"
    assert {s["scale"]: s["score"] for s in stored_scores()} == {"NI": 1.0, "OS": 1.0, "OV": 1.0, "HS": 4.0}
    assert not any(s["signal"] for s in stored_scores())
    assert record.username == "ib_a" and len(record.sha256) == 64 and record.size > 0
    assert AuditEntry.objects.filter(action="kanvas.import.antwoorden", school=cast.school_a).exists()


def test_school_year_is_created_when_needed_and_voorjaar_belongs_to_the_year_before(cast):
    import_answers(cast.school_a, pupil_rows("K001", "6a", "2023-voorjaar"))
    assert Moment.objects.get(label="2023-voorjaar").school_year.label == "2022-2023"
    assert SchoolYear.objects.filter(label="2022-2023").exists()


def test_signal_is_stored(cast):
    import_answers(cast.school_a, pupil_rows("K001", "5b", "2021-najaar", {"OS": 3, "HS": 2}))
    assert {s["scale"] for s in stored_scores() if s["signal"]} == {"OS", "HS"}


def test_too_few_answers_stored_without_score(cast):
    rows = pupil_rows("K001", "5b", "2021-najaar", skip={"L07", "L08", "L09"})
    import_answers(cast.school_a, rows)
    os_score = stored_score("OS")
    assert os_score["score"] is None and os_score["answered"] == 3 and not os_score["signal"]
    assert [a[3] for a in stored_answers() if a[4] is None] == ["L07", "L08", "L09"]


def test_header_case_spaces_order_and_unknown_columns(cast):
    header = " Vraag ;ANTWOORD;leerling;Groep;meetmoment;vragenlijst;opmerking"
    rows = []
    for line in GOOD:
        code, group, moment, questionnaire, item, answer = line.split(";")
        rows.append(f"{item};{answer};{code};{group};{moment};{questionnaire};iets")
    record = file_import(
        school=cast.school_a,
        user=None,
        kind="antwoorden",
        data=csv_bytes(header, rows),
        filename="a.csv",
        replace=False,
    )
    assert record.rows == 24
    assert any("opmerking" in w for w in record.summary["warnings"])


@pytest.mark.parametrize("delimiter", [",", "\t"])
def test_other_delimiters(cast, delimiter):
    text = "\n".join(line.replace(";", delimiter) for line in [ANSWER_HEADER, *GOOD])
    record = file_import(
        school=cast.school_a,
        user=None,
        kind="antwoorden",
        data=text.encode(),
        filename="a.csv",
        replace=False,
    )
    assert record.rows == 24


def test_bom_cp1252_quotes_and_leading_zeros(cast):
    rows = [line.replace("K001", "0042").replace("5b", '"5é"') for line in GOOD]
    data = "\n".join([ANSWER_HEADER, *rows]).encode("cp1252")
    file_import(
        school=cast.school_a, user=None, kind="antwoorden", data=data, filename="a.csv", replace=False
    )
    assert Pupil.objects.filter(code="0042").exists()
    assert Group.objects.filter(name="5é").exists()
    data = b"\xef\xbb\xbf" + csv_bytes(ANSWER_HEADER, pupil_rows("0043", "5b", "2022-voorjaar"))
    file_import(
        school=cast.school_a, user=None, kind="antwoorden", data=data, filename="b.csv", replace=False
    )
    assert Pupil.objects.filter(code="0043").exists()


def test_xlsx_first_sheet_with_numbers(cast):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(ANSWER_HEADER.split(";"))
    for line in GOOD:
        cells = line.split(";")
        cells[5] = int(cells[5])
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    record = file_import(
        school=cast.school_a,
        user=None,
        kind="antwoorden",
        data=buffer.getvalue(),
        filename="a.xlsx",
        replace=False,
    )
    assert record.rows == 24


def test_wrong_file_type_is_refused(cast):
    assert "alleen .csv- en .xlsx-bestanden" in refused(cast.school_a, b"x", filename="a.pdf")[0]


def test_broken_xlsx_is_refused(cast):
    assert "geen geldig .xlsx" in refused(cast.school_a, b"not a zip", filename="a.xlsx")[0]


MB = 1024 * 1024


def test_too_large_file_is_refused_up_front(cast, monkeypatch):
    monkeypatch.setattr(tabular, "MAX_BYTES", MB)
    data = b"leerling;groep;meetmoment;vraag;gekozen\n" + b"K001;5b;2021-najaar;positief;K002\n" * 40_000
    assert refused(cast.school_a, data, kind="sociogram") == ["het bestand is 1,3 MB; het maximum is 1 MB."]


def test_an_answers_file_has_its_own_larger_limit(cast, monkeypatch):
    monkeypatch.setattr(importers, "ANSWERS_MAX_BYTES", MB)
    data = csv_bytes(ANSWER_HEADER, GOOD * 1300)
    assert len(data) > MB
    assert refused(cast.school_a, data)[0].endswith("het maximum is 1 MB.")


def test_five_hundred_thousand_answer_rows_with_ten_character_codes_fit_the_byte_limit():
    """CONTRACT §1: 500,000 rows; the byte limit must not bind first for a long answers file with 10-character
    pupil codes (41 bytes a row), nor the 20 MB of the other files keep it out."""
    row = b"AB12345678;5b;2021-najaar;veiligheid;V22;4\n"
    assert len(row) * 500_000 > tabular.MAX_BYTES
    assert len(row) * 500_000 < importers.ANSWERS_MAX_BYTES


def test_too_many_rows_is_refused(cast, monkeypatch):
    monkeypatch.setattr(tabular, "MAX_ROWS", 10)
    assert "rij 12:" in refused(cast.school_a, csv_bytes(ANSWER_HEADER, GOOD))[0]


def test_xlsx_bomb_is_refused_before_parsing(cast):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", "0" * 5_000_000)
    assert "verdacht sterk ingepakt" in refused(cast.school_a, buffer.getvalue(), filename="a.xlsx")[0]


def test_binary_csv_is_refused(cast):
    assert "binaire gegevens" in refused(cast.school_a, b"leerling;groep\x00\x01", filename="a.csv")[0]


def test_duplicate_header_column_is_refused(cast):
    data = csv_bytes(ANSWER_HEADER + ";antwoord", [GOOD[0] + ";2"])
    assert refused(cast.school_a, data) == [
        "rij 1, kolom antwoord: deze kolomnaam staat twee keer in de kopregel."
    ]


def test_missing_column(cast):
    data = csv_bytes("leerling;groep;meetmoment;vragenlijst;vraag", [";".join(GOOD[0].split(";")[:5])])
    assert refused(cast.school_a, data) == [
        "rij 1, kolom antwoord: deze verplichte kolom ontbreekt in de kopregel."
    ]


def test_empty_file(cast):
    assert "leeg" in refused(cast.school_a, b"")[0]


def one_bad(row_index, column, value):
    rows = list(GOOD)
    cells = rows[row_index].split(";")
    cells[ANSWER_HEADER.split(";").index(column)] = value
    rows[row_index] = ";".join(cells)
    return csv_bytes(ANSWER_HEADER, rows)


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("vragenlijst", "leerkracht", "rij 4, kolom vragenlijst: waarde 'leerkracht': onbekende vragenlijst"),
        (
            "vraag",
            "L25",
            "rij 4, kolom vraag: waarde 'L25': deze vraag hoort niet bij vragenlijst leerling (L01–L24)",
        ),
        ("vraag", "D03", "rij 4, kolom vraag: waarde 'D03'"),
        ("antwoord", "5", "rij 4, kolom antwoord: waarde '5': een antwoord ligt tussen 1 en 4."),
        ("antwoord", "0", "rij 4, kolom antwoord: waarde '0': een antwoord ligt tussen 1 en 4."),
        (
            "antwoord",
            "2.5",
            "rij 4, kolom antwoord: waarde '2.5': een antwoord is een heel getal (geen decimalen)",
        ),
        ("antwoord", "twee", "rij 4, kolom antwoord: waarde 'twee': een antwoord is een heel getal"),
        ("leerling", "K 001", "rij 4, kolom leerling: waarde 'K 001': een leerlingcode heeft 1–32 tekens"),
        ("leerling", "", "rij 4, kolom leerling: waarde '': de leerlingcode ontbreekt."),
        ("leerling", "x" * 33, "rij 4, kolom leerling"),
        ("groep", "", "rij 4, kolom groep: waarde '': een groepsnaam heeft 1 tot 20 tekens."),
        ("groep", "g" * 21, "rij 4, kolom groep"),
        ("groep", "Kangoeroes", "rij 4, kolom groep: waarde 'Kangoeroes': het leerjaar ontbreekt"),
        (
            "meetmoment",
            "2021-zomer",
            "rij 4, kolom meetmoment: waarde '2021-zomer': een meetmoment schrijf je als",
        ),
        ("meetmoment", "najaar 2021", "rij 4, kolom meetmoment"),
    ],
)
def test_bad_value_is_refused_with_row_and_column(cast, column, value, expected):
    messages = refused(cast.school_a, one_bad(2, column, value))
    assert any(m.startswith(expected) for m in messages), messages


def test_bad_leerjaar_column(cast):
    rows = [line + ";5" for line in GOOD]
    rows[0] = rows[0][:-1] + "9"
    messages = refused(cast.school_a, csv_bytes(ANSWER_HEADER + ";leerjaar", rows))
    assert messages[0] == "rij 2, kolom leerjaar: waarde '9': leerjaar is een heel getal van 1 tot en met 8."


def test_leerjaar_column_gives_grade_of_a_group_without_digit(cast):
    rows = [line.replace("5b", "Kangoeroes") + ";3" for line in GOOD]
    file_import(
        school=cast.school_a,
        user=None,
        kind="antwoorden",
        data=csv_bytes(ANSWER_HEADER + ";leerjaar", rows),
        filename="a.csv",
        replace=False,
    )
    assert Group.objects.get(name="Kangoeroes").grade == 3


def test_pupil_in_two_groups_at_one_moment(cast):
    rows = GOOD + pupil_rows("K001", "6b", "2021-najaar")[:1]
    messages = refused(cast.school_a, csv_bytes(ANSWER_HEADER, rows))
    assert messages == [
        "rij 26, kolom groep: waarde '6b': leerling K001 staat bij 2021-najaar ook in groep 5b (rij 2); "
        "een leerling zit op één meetmoment in één groep."
    ]


def test_pupil_in_another_group_at_another_moment_is_fine(cast):
    import_answers(cast.school_a, GOOD + pupil_rows("K001", "6b", "2022-voorjaar"))
    assert Participation.objects.count() == 2


def test_same_answer_twice_with_different_values(cast):
    rows = [*GOOD, GOOD[3].rsplit(";", 1)[0] + ";4"]
    messages = refused(cast.school_a, csv_bytes(ANSWER_HEADER, rows))
    assert messages == [
        "rij 26, kolom antwoord: waarde '4': leerling K001 heeft bij 2021-najaar op vraag L04 van vragenlijst "
        "leerling al antwoord '1' (rij 5)."
    ]


def test_same_answer_twice_with_the_same_value_is_counted_once(cast):
    record = import_answers(cast.school_a, [*GOOD, GOOD[3]])
    assert record.rows == 24
    assert any("dubbele" in w for w in record.summary["warnings"])


def test_every_error_is_listed_up_to_100(cast):
    rows = [line.rsplit(";", 1)[0] + ";7" for line in GOOD * 1] + [
        f"K{i:03d};5b;2021-najaar;leerling;L01;9" for i in range(100, 200)
    ]
    messages = refused(cast.school_a, csv_bytes(ANSWER_HEADER, rows))
    assert len(messages) == 101
    assert messages[-1].startswith("… en nog")


def test_an_error_in_the_last_row_writes_nothing(cast):
    rows = [*pupil_rows("K002", "5b", "2021-najaar"), *GOOD[:-1], GOOD[-1].rsplit(";", 1)[0] + ";x"]
    messages = refused(cast.school_a, csv_bytes(ANSWER_HEADER, rows))
    assert messages[0].startswith("rij 49, kolom antwoord")


def test_reimport_of_a_moment_is_refused_without_replace(cast):
    import_answers(cast.school_a, GOOD)
    messages = refused(
        cast.school_a, csv_bytes(ANSWER_HEADER, pupil_rows("K001", "5b", "2021-najaar", {"OS": 4}))
    )
    assert messages == [
        "rij 2, kolom meetmoment: waarde '2021-najaar': voor 2021-najaar zijn al antwoorden op vragenlijst "
        "leerling ingelezen; kies 'vervangen' om ze te vervangen."
    ]


def test_replace_is_atomic_and_replaces_only_that_questionnaire(cast):
    import_answers(
        cast.school_a, GOOD + pupil_rows("K001", "5b", "2021-najaar", questionnaire="docent", prefix="D")
    )
    record = import_answers(cast.school_a, pupil_rows("K001", "5b", "2021-najaar", {"OS": 4}), replace=True)
    assert record.replaced
    assert len(stored_answers()) == 48
    assert stored_score("OS", "leerling")["score"] == 4.0
    assert stored_score("OS", "docent")["score"] == 1.0


def test_replace_with_a_bad_file_keeps_the_old_data(cast):
    import_answers(cast.school_a, GOOD)
    refused(cast.school_a, one_bad(5, "antwoord", "8"), replace=True)
    assert stored_score("OS")["score"] == 1.0


def test_other_questionnaire_for_an_imported_moment_is_allowed(cast):
    import_answers(cast.school_a, GOOD)
    import_answers(cast.school_a, pupil_rows("K001", "5b", "2021-najaar", questionnaire="ouder", prefix="O"))
    assert len(stored_answers()) == 48


def test_moving_a_pupil_to_another_group_needs_replace(cast):
    import_answers(cast.school_a, GOOD)
    rows = pupil_rows("K001", "6b", "2021-najaar", questionnaire="docent", prefix="D")
    messages = refused(cast.school_a, csv_bytes(ANSWER_HEADER, rows))
    assert messages[0].startswith(
        "rij 2, kolom groep: waarde '6b': leerling K001 staat bij 2021-najaar al in groep 5b"
    )
    import_answers(cast.school_a, rows, replace=True)
    assert Participation.objects.get().group.name == "6b"


def test_existing_pupil_and_group_are_reused(cast):
    import_answers(cast.school_a, pupil_rows(cast.pupil_a5.code, "5a", "2021-najaar"))
    participation = Participation.objects.get()
    assert participation.pupil == cast.pupil_a5 and participation.group == cast.group_a5
    assert Pupil.objects.filter(school=cast.school_a).count() == 2


def test_other_school_same_codes_are_separate(cast):
    import_answers(cast.school_a, GOOD)
    import_answers(cast.school_b, GOOD)
    assert Pupil.objects.filter(code="K001").count() == 2


def test_a_failure_after_the_answers_are_written_rolls_everything_back(cast, monkeypatch):
    from kanvas import writers

    def failing_on_responses(real):
        def write(model, columns, rows):
            if model is Response:
                raise RuntimeError("disk full")
            return real(model, columns, rows)

        return write

    # responses go through _copy_lines on PostgreSQL, through _copy_rows elsewhere
    for name in ("_copy_rows", "_copy_lines"):
        monkeypatch.setattr(writers, name, failing_on_responses(getattr(writers, name)))
    before = counts()
    with pytest.raises(RuntimeError):
        import_answers(cast.school_a, GOOD)
    assert counts() == before


def test_text_in_neither_utf8_nor_windows_1252_is_refused(cast):
    data = csv_bytes(ANSWER_HEADER, GOOD[:1]) + b"K002;5b;2021-najaar;leerling;L01;\x81\n"
    assert "geen tekst in UTF-8 of Windows-1252" in refused(cast.school_a, data)[0]

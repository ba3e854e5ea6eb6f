"""Migration 0011: the answers of every response move from one row per answer into the response's row, without
loss, and back when the migration is reversed."""

import pytest

from tests.migrations import historical_school, latest, migrate

BEFORE = [("ouderbetrokkenheid", "0010_survey_file_mapping_and_parsed_rows")]
AFTER = [("ouderbetrokkenheid", "0011_answers_in_response_row")]

GIVEN = [
    [("s", 1, 3), ("s", 2, 4), ("s", 9, 1), ("p", 1, 2), ("p", 8, 3)],  # gaps in between
    [("p", 3, 1)],  # options only
    [],  # a remark only
    [("s", n, 1 + n % 4) for n in range(1, 10)] + [("p", n, 1 + n % 3) for n in range(1, 9)],
]


@pytest.mark.django_db(transaction=True)
def test_answers_move_into_their_response_row_and_back():
    newest = latest()
    try:
        apps = migrate(BEFORE)
        model = apps.get_model
        school, year = historical_school(apps)
        template = model("ouderbetrokkenheid", "SurveyTemplate").objects.create(name="Migratietest")
        survey = model("ouderbetrokkenheid", "Survey").objects.create(
            school=school, school_year=year, template=template, title="Peiling", token="t-1", team_token="t-2"
        )
        Response, Answer = model("ouderbetrokkenheid", "Response"), model("ouderbetrokkenheid", "Answer")
        ids = []
        for index, answers in enumerate(GIVEN):
            response = Response.objects.create(
                survey=survey, respondent="ouder", source="papier", public_id=f"code{index}", remark="r"
            )
            ids.append(response.pk)
            for kind, number, value in answers:
                Answer.objects.create(response=response, kind=kind, number=number, value=value)

        apps = migrate(AFTER)
        after = apps.get_model("ouderbetrokkenheid", "Response").objects
        rows = dict(after.values_list("id", "statement_answers"))
        options = dict(after.values_list("id", "option_answers"))
        assert [rows[pk] for pk in ids] == ["34......1", "", "", "234123412"]
        assert [options[pk] for pk in ids] == ["2......3", "..1", "", "23123123"]

        apps = migrate(BEFORE)
        Answer = apps.get_model("ouderbetrokkenheid", "Answer")
        for pk, answers in zip(ids, GIVEN, strict=True):
            assert sorted(
                Answer.objects.filter(response_id=pk).values_list("kind", "number", "value")
            ) == sorted(answers)
    finally:
        migrate(newest)


def test_the_row_texts_read_back_as_the_answers_given():
    from ouderbetrokkenheid.answer_row import answer_codes, encode_answers

    for answers in GIVEN:
        codes = answer_codes(*encode_answers(answers))
        assert sorted((code[0], int(code[1:]), value) for code, value in codes.items()) == sorted(answers)

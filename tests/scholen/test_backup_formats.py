"""Backups of another format: one written before a response held its own answers (format 1, with one
`ouderbetrokkenheid.answer` row per answer) restores with every answer; a newer format is refused."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from npo_planner.scholen.models import School
from ouderbetrokkenheid.models import Response, Survey
from ouderbetrokkenheid.selectors import survey_results
from tests.ouderbetrokkenheid.factories import add_responses, sample_survey
from tests.scholen.test_backup import _snapshot

PARENTS = [
    ("ouder", {"s1": 4, "s2": 1, "s8": 3, "p1": 3, "p2": 2}, ("onderbouw",), "Graag via de schoolapp"),
    ("ouder", {"s1": 3, "s3": 2, "p3": 1}, ("middenbouw",), ""),
    ("ouder", {}, ("onderbouw",), "Alleen een opmerking"),
]
TEAM = [("team", {"s1": 2, "p1": 1, "p2": 3}, ("bovenbouw",), "Werkdruk")]


def _filled(cast) -> Survey:
    survey = sample_survey(cast)
    add_responses(survey, cast.director, PARENTS * 3 + TEAM * 5)
    return survey


def _answers() -> dict[str, dict[str, int]]:
    return {r.public_id: r.answers for r in Response.objects.all()}


def _as_format_1(path: str) -> int:
    """Rewrite a backup file into the shape written before format 2: each response's answers as separate
    ouderbetrokkenheid.answer rows (response, kind, number, value), the response row without them."""
    with open(path, encoding="utf-8") as handle:
        payload = json.load(handle)
    objects, answers = [], []
    for item in payload["objects"]:
        objects.append(item)
        if item["model"] != "ouderbetrokkenheid.response":
            continue
        fields = item["fields"]
        given = Response(
            statement_answers=fields.pop("statement_answers"), option_answers=fields.pop("option_answers")
        ).answers
        for code, value in given.items():
            answers.append(
                {
                    "model": "ouderbetrokkenheid.answer",
                    "pk": len(answers) + 1,
                    "fields": {
                        "response": item["pk"],
                        "kind": code[0],
                        "number": int(code[1:]),
                        "value": value,
                    },
                }
            )
    payload["version"] = 1
    payload["objects"] = objects + answers
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(payload, handle)
    return len(answers)


def _set_version(path: str, version: int) -> None:
    with open(path, encoding="utf-8") as handle:
        payload = json.load(handle)
    payload["version"] = version
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(payload, handle)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("shape", ["format-1", "format-1-answers-in-row", "current"])
def test_school_backup_restores_every_answer_and_the_same_results(tmp_path, cast, client, shape):
    """Format 1 as written before answers moved into the response row, and as written after (still numbered 1)."""
    survey = _filled(cast)
    answers, results = _answers(), survey_results(survey=survey)
    assert sum(len(given) for given in answers.values()) == 3 * 8 + 5 * 3
    path = str(tmp_path / "school.json")
    call_command("backup_data", output=path, school=cast.school_a.brin)
    if shape == "format-1":
        assert _as_format_1(path) == 3 * 8 + 5 * 3
    elif shape == "format-1-answers-in-row":
        _set_version(path, 1)
    call_command(
        "delete_school", output=str(tmp_path / "weg.json"), school=cast.school_a.brin, stdout=StringIO()
    )
    assert not Response.objects.exists()

    call_command("restore_data", path, stdout=StringIO())
    assert _answers() == answers
    restored = Survey.objects.get(school__brin=cast.school_a.brin)
    assert survey_results(survey=restored) == results
    client.force_login(cast.director)
    page = client.get(
        reverse("ouderbetrokkenheid:results", kwargs={"brin": cast.school_a.brin, "survey_id": restored.pk})
    )
    assert page.status_code == 200
    assert page.context["results"] == results
    assert "Respondenten: 9 ouders en 5 teamleden" in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_whole_database_backup_of_format_1_restores_every_record(tmp_path, cast):
    _filled(cast)
    before = _snapshot()
    path = str(tmp_path / "alles.json")
    call_command("backup_data", output=path)
    _as_format_1(path)
    call_command("flush", interactive=False)
    call_command("restore_data", path, stdout=StringIO())
    assert _snapshot() == before


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda answers: answers[0]["fields"].update(value=5), "waarde '5' ligt niet tussen 1 en 4"),
        (lambda answers: answers[-1]["fields"].update(value=0), "waarde '0' ligt niet tussen 1 en 3"),
        (lambda answers: answers[0]["fields"].update(response=999999), "staat niet in de back-up"),
        (lambda answers: answers.append({**answers[0], "pk": 999999}), "twee keer beantwoord"),
        (lambda answers: answers[0]["fields"].update(kind="x"), r"geen stelling \(s\) of suggestie \(p\)"),
    ],
    ids=["statement-value", "option-value", "no-response", "twice", "kind"],
)
def test_a_format_1_answer_that_cannot_be_carried_over_refuses_the_whole_restore(
    tmp_path, cast, spoil, message
):
    _filled(cast)
    path = str(tmp_path / "school.json")
    call_command("backup_data", output=path, school=cast.school_a.brin)
    _as_format_1(path)
    with open(path, encoding="utf-8") as handle:
        payload = json.load(handle)
    answers = [item for item in payload["objects"] if item["model"] == "ouderbetrokkenheid.answer"]
    spoil(answers)
    payload["objects"] = [
        o for o in payload["objects"] if o["model"] != "ouderbetrokkenheid.answer"
    ] + answers
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(payload, handle)
    call_command(
        "delete_school", output=str(tmp_path / "weg.json"), school=cast.school_a.brin, stdout=StringIO()
    )
    with pytest.raises(CommandError, match=message):
        call_command("restore_data", path)
    assert not School.objects.filter(brin=cast.school_a.brin).exists() and not Response.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("version", [4, "3", None, 0])
def test_a_backup_of_an_unknown_format_is_refused_in_dutch(tmp_path, version):
    path = tmp_path / "nieuw.json"
    path.write_text(
        json.dumps({"format": "npo-planner-backup", "version": version, "scope": "all", "objects": []})
    )
    with pytest.raises(CommandError, match="niet kent \\(zij leest de formaten 1 tot en met 3\\)"):
        call_command("restore_data", str(path))
    path.write_text(json.dumps({"format": "iets anders", "version": 2}))
    with pytest.raises(CommandError, match="Dit is geen back-up van NPO-planner."):
        call_command("restore_data", str(path))

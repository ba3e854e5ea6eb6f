"""A file never removes paper or online answers (issue 13.2, CONTRACT §1/§6): 'vervangen' replaces only the answers
that came from earlier files, 'toevoegen' adds the file to what is there, and the preview says what goes."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from npo_planner.lib.import_errors import ImportErrors
from ouderbetrokkenheid import importers
from ouderbetrokkenheid.answers import Filled
from ouderbetrokkenheid.importers import responses_import
from ouderbetrokkenheid.models import Response
from ouderbetrokkenheid.services import response_record
from tests.ouderbetrokkenheid.factories import add_responses, sample_survey
from tests.ouderbetrokkenheid.test_importers import csv_bytes, row

pytestmark = pytest.mark.django_db


def survey_with_every_origin(cast, files=2, paper=3, online=1):
    """A survey with `files` answers read from a file, `paper` typed in and `online` answered on the link."""
    survey = sample_survey(cast)
    responses_import(
        user=cast.director,
        school=cast.school_a,
        year_label=survey.school_year.label,
        title=survey.title,
        data=csv_bytes([row()] * files),
        filename="eerste.csv",
    )
    add_responses(survey, cast.teacher, [("ouder", {"s1": 4}, (), "getypt")] * paper)
    for _ in range(online):
        response_record(
            user=None, survey=survey, filled=Filled(respondent="ouder", answers={"s2": 1}), source="online"
        )
    return survey


def origins(survey):
    return sorted(survey.responses.values_list("source", flat=True))


def run(cast, survey, data, **mode):
    return responses_import(
        user=cast.director,
        school=cast.school_a,
        year_label=survey.school_year.label,
        title=survey.title,
        data=data,
        filename="tweede.csv",
        **mode,
    )


def test_replace_removes_only_the_answers_of_earlier_files(cast):
    survey = survey_with_every_origin(cast)
    result = run(cast, survey, csv_bytes([row("team", s=["1"] * 7 + ["", ""])] * 4), replace=True)
    assert survey.responses.filter(source="papier", remark="getypt").count() == 3
    assert origins(survey) == ["bestand"] * 4 + ["online"] + ["papier"] * 3
    assert result.rows == 4 and result.removed == 2
    assert survey.responses.get(source="online").answers == {"s2": 1}


def test_add_keeps_everything_and_adds_the_file(cast):
    survey = survey_with_every_origin(cast)
    result = run(cast, survey, csv_bytes([row()] * 5), add=True)
    assert result.rows == 5 and result.removed == 0
    assert origins(survey) == ["bestand"] * 7 + ["online"] + ["papier"] * 3


def test_without_a_choice_a_survey_with_answers_is_refused_and_replace_with_add_too(cast):
    survey = survey_with_every_origin(cast)
    with pytest.raises(ImportErrors) as caught:
        run(cast, survey, csv_bytes([row()]))
    assert "vervangen" in caught.value.messages()[0] and "toevoegen" in caught.value.messages()[0]
    with pytest.raises(ImportErrors):
        run(cast, survey, csv_bytes([row()]), replace=True, add=True)
    assert len(origins(survey)) == 6


def test_the_plan_counts_what_goes_and_what_stays(cast):
    survey = survey_with_every_origin(cast, files=12, paper=30, online=8)
    plan = importers.import_plan(
        school=cast.school_a,
        year_label=survey.school_year.label,
        title=survey.title,
        data=csv_bytes([row()] * 3 + [row("team", s=["1"] * 7 + ["", ""])]),
        filename="x.csv",
        mode="vervangen",
    )
    assert plan.effect() == (
        "12 antwoorden uit eerdere bestanden worden vervangen; 30 papieren en 8 online antwoorden blijven."
    )
    assert (plan.n_parents, plan.n_team) == (3, 1)
    assert Response.objects.count() == 50  # the plan writes nothing


def test_command_add_and_replace(cast, tmp_path):
    survey = survey_with_every_origin(cast)
    path = tmp_path / "p.csv"
    path.write_bytes(csv_bytes([row()] * 3))

    def command(*flags):
        out = io.StringIO()
        call_command(
            "import_ouderpeiling",
            "--school",
            "11AA",
            "--year",
            survey.school_year.label,
            "--title",
            survey.title,
            *flags,
            str(path),
            stdout=out,
            stderr=io.StringIO(),
        )
        return out.getvalue()

    assert "3 vragenlijsten toegevoegd" in command("--add")
    assert origins(survey).count("bestand") == 5
    out = command("--replace")
    assert "5 antwoorden uit eerdere bestanden vervangen" in out and "3 papieren en 1 online" in out
    assert origins(survey) == ["bestand"] * 3 + ["online"] + ["papier"] * 3
    with pytest.raises((CommandError, SystemExit)):
        command("--add", "--replace")


def test_the_upload_page_previews_the_counts_and_replaces_only_file_answers(client, cast):
    survey = survey_with_every_origin(cast)
    client.force_login(cast.director)
    upload = io.BytesIO(csv_bytes([row()] * 4))
    upload.name = "nieuw.csv"
    url = reverse("ouderbetrokkenheid:survey_import", kwargs={"brin": "11AA", "survey_id": survey.pk})
    reply = client.post(url, {"file": upload, "mode": "vervangen"})
    assert reply.status_code == 302
    preview = client.get(reply.url)
    text = preview.content.decode()
    assert (
        "2 antwoorden uit eerdere bestanden worden vervangen; 3 papieren en 1 online antwoorden blijven."
        in text
    )
    assert len(origins(survey)) == 6  # nothing written before the confirmation
    done = client.post(reply.url, {"confirm": "1"})
    assert done.status_code == 302
    assert origins(survey) == ["bestand"] * 4 + ["online"] + ["papier"] * 3

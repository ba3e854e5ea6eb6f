"""Every reader of survey answers gives the figures it gave before the answers moved into their response's row
(one row per answer before): results per bouw with ranks and percentages, the CSV report, the charts' input, the
theme tally, the counts, the paper-form list and the paper-form edit. The expected values were written by this test
(PIN_WRITE=1) against the storage of one row per answer and are compared as they are."""

import json
import os
import random
import re
from pathlib import Path

import pytest
from django.urls import reverse

from npo_planner.programma import sources
from ouderbetrokkenheid.answers import Filled
from ouderbetrokkenheid.charts import option_chart, statement_chart
from ouderbetrokkenheid.forms import QuestionnaireForm
from ouderbetrokkenheid.importers import responses_import
from ouderbetrokkenheid.models import Response, Stage
from ouderbetrokkenheid.report import report_csv
from ouderbetrokkenheid.selectors import (
    cycle_summary,
    respondent_counts,
    survey_results,
    surveys_for,
    theme_tally,
)
from ouderbetrokkenheid.services import response_update
from tests.ouderbetrokkenheid.factories import add_responses, sample_survey

PINNED = Path(__file__).parent / "pinned_answer_readers.json"
STAGE_SETS = [(), ("onderbouw",), ("middenbouw",), ("bovenbouw",), ("onderbouw", "bovenbouw")]


def _answers(rng, team):
    answers = {}
    for number in range(1, 10):
        if team and number in (8, 9) or rng.random() < 0.1:
            continue
        answers[f"s{number}"] = rng.randint(1, 4)
    for number in range(1, 9):
        if rng.random() < 0.15:
            continue
        answers[f"p{number}"] = rng.randint(1, 3)
    return answers


def _file(rng, rows):
    header = [
        "respondent",
        "bouw",
        *[f"s{n}" for n in range(1, 10)],
        *[f"p{n}" for n in range(1, 9)],
        "opmerking",
    ]
    lines = [";".join(header)]
    for index in range(rows):
        team = index % 4 == 0
        answers = _answers(rng, team)
        cells = [
            "team" if team else "ouder",
            "|".join(rng.choice(STAGE_SETS)),
            *[str(answers.get(f"s{n}", "")) for n in range(1, 10)],
            *[str(answers.get(f"p{n}", "")) for n in range(1, 9)],
            "Graag via de schoolapp" if index % 5 == 0 else "",
        ]
        lines.append(";".join(cells))
    return ("\n".join(lines) + "\n").encode()


def _build(cast):
    """A survey with typed paper forms, a file's rows and a corrected form: ~110 respondents."""
    rng = random.Random(2024)
    survey = sample_survey(cast)
    rows = []
    for index in range(70):
        team = index % 3 == 0
        remark = f"Opmerking {index} over het verkeer" if index % 4 == 0 else ""
        rows.append(("team" if team else "ouder", _answers(rng, team), rng.choice(STAGE_SETS), remark))
    add_responses(survey, cast.director, rows)
    responses_import(
        user=cast.director,
        school=cast.school_a,
        year_label=cast.year.label,
        title=survey.title,
        data=_file(rng, 40),
        filename="peiling.csv",
        add=True,
    )
    first = Response.objects.filter(survey=survey, source=Response.Source.PAPER).order_by("id").first()
    response_update(
        user=cast.director,
        response=first,
        version=first.version,
        filled=Filled(
            respondent="ouder", stages=["bovenbouw"], answers={"s1": 1, "s2": 4, "p3": 3}, remark="Nu"
        ),
    )
    return survey


def _plain(value):
    """JSON-able and stable: floats rounded, lazy texts as strings, keys as strings."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, float):
        return round(value, 9)
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


def _answer_tokens(text):
    return sorted(re.findall(r"[sp]\d+=\d", text))


def _observed(cast, client, survey):
    observed = {}
    for stage in (None, *Stage.values):
        results = survey_results(survey=survey, stage=stage)
        observed[f"results {stage}"] = _plain(results)
        observed[f"csv {stage}"] = report_csv(survey=survey, stage=stage)
        observed[f"tally {stage}"] = _plain(theme_tally(survey=survey, stage=stage, small_cells=True))
    results = survey_results(survey=survey)
    observed["charts drawn"] = [statement_chart(results) is not None, option_chart(results) is not None]
    observed["programme"] = _plain(sources.survey_results(survey=survey))
    observed["counts"] = _plain(respondent_counts(survey=survey))
    observed["surveys_for"] = [
        [s.title, s.n_parents, s.n_team] for s in surveys_for(school=cast.school_a, school_year=cast.year)
    ]
    observed["cycle"] = _plain(cycle_summary(school=cast.school_a, school_year=cast.year))
    client.force_login(cast.director)
    listed = []
    for page in (1, 2, 3):
        url = reverse("ouderbetrokkenheid:responses", kwargs={"brin": "11AA", "survey_id": survey.pk})
        html = client.get(f"{url}?pagina={page}").content.decode()
        cells = re.findall(r'<td class="font-monospace small">(.*?)</td>', html, re.S)
        listed += [" ".join(_answer_tokens(cell)) or "–" for cell in cells]
        if "Volgende" not in html:
            break
    observed["paper-form list"] = sorted(listed)
    edits = {}
    for response in Response.objects.filter(survey=survey, source=Response.Source.PAPER).exclude(remark=""):
        url = reverse(
            "ouderbetrokkenheid:response_edit", kwargs={"brin": "11AA", "response_id": response.public_id}
        )
        form = client.get(url).context["form"]
        assert form.initial == QuestionnaireForm.initial_from(response)
        edits[response.remark] = _plain(dict(sorted(form.initial.items())))
    observed["paper-form edit"] = edits
    return observed


@pytest.mark.django_db
def test_every_reader_of_survey_answers_gives_the_pinned_figures(cast, client):
    survey = _build(cast)
    observed = json.loads(json.dumps(_observed(cast, client, survey)))
    if os.environ.get("PIN_WRITE"):
        PINNED.write_text(json.dumps(observed, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    expected = json.loads(PINNED.read_text())
    assert observed.keys() == expected.keys()
    for key in expected:
        assert observed[key] == expected[key], key

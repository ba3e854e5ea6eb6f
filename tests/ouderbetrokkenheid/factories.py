"""Helpers that build parent-survey data for tests (through the services, so the rules apply)."""

from ouderbetrokkenheid.answers import Filled
from ouderbetrokkenheid.models import Agreement, Response, SchoolTheme, Survey, SurveyTemplate
from ouderbetrokkenheid.selectors import default_template
from ouderbetrokkenheid.services import (
    agreement_create,
    response_record,
    school_theme_create,
    survey_create,
    template_copy,
)

SAMPLE_TITLE = "Voorbeeldpeiling"


def sample_survey(cast, title=SAMPLE_TITLE) -> Survey:
    survey = Survey.objects.filter(school=cast.school_a, school_year=cast.year, title=title).first()
    return survey or survey_create(
        user=cast.director,
        school=cast.school_a,
        school_year=cast.year,
        title=title,
        template=default_template(),
    )


def sample_response(cast) -> Response:
    """A paper form typed in by the cast's teacher (so the teacher may correct it)."""
    survey = sample_survey(cast)
    existing = survey.responses.filter(entered_by=cast.teacher).first()
    return existing or response_record(
        user=cast.teacher, survey=survey, filled=Filled(respondent="ouder", answers={"s1": 3, "p1": 2})
    )


def sample_template(cast) -> SurveyTemplate:
    existing = SurveyTemplate.objects.filter(school=cast.school_a).first()
    return existing or template_copy(user=cast.director, school=cast.school_a, source=default_template())


def sample_agreement(cast) -> Agreement:
    existing = Agreement.objects.filter(school=cast.school_a).first()
    return existing or agreement_create(
        user=cast.director,
        school=cast.school_a,
        school_year=cast.year,
        what="Maandelijks bericht via de schoolapp",
        stages="onderbouw",
        frequency="maandelijks",
        who="leerkrachten",
        starts_on="2022-09-01",
        survey=None,
    )


def sample_theme(cast, school=None, label="Verkeersveiligheid", keywords="verkeer, oversteken, parkeren"):
    """A school's own remark theme (school A's unless `school` is given)."""
    school = school or cast.school_a
    user = cast.director if school == cast.school_a else cast.director_b
    existing = SchoolTheme.objects.filter(school=school, label=label).first()
    return existing or school_theme_create(user=user, school=school, label=label, keywords=keywords)


def add_responses(survey, user, rows):
    """rows: (respondent, answers dict, stages list, remark) tuples."""
    for respondent, answers, stages, remark in rows:
        response_record(
            user=user,
            survey=survey,
            filled=Filled(respondent=respondent, answers=answers, stages=list(stages), remark=remark),
        )


def survey_with_remarks(cast, remarks=("Het parkeren bij school is gevaarlijk", "Graag via de schoolapp")):
    survey = sample_survey(cast)
    add_responses(survey, cast.director, [("ouder", {}, ("onderbouw",), remark) for remark in remarks])
    return survey


def survey_of_school_b(cast):
    survey = survey_create(
        user=cast.director_b,
        school=cast.school_b,
        school_year=cast.year,
        title="Peiling B",
        template=default_template(),
    )
    add_responses(survey, cast.director_b, [("ouder", {}, (), "Het verkeer rond school")])
    return survey

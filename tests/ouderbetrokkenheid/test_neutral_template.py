"""A neutral questionnaire beside the seed-003 Kanjertraining one: same structure, no method's name, shipped by a
data migration and offered when a survey is created; the Kanjertraining template stays the import's default."""

import pytest
from django.urls import reverse

from ouderbetrokkenheid.fixture import DEFAULT_TEMPLATE_CODE, NEUTRAL_TEMPLATE_CODE
from ouderbetrokkenheid.models import Survey, SurveyTemplate
from ouderbetrokkenheid.selectors import default_template
from tests.migrations import latest, migrate

pytestmark = pytest.mark.django_db


def _shape(template):
    statements = list(template.statements.values_list("number", "parents_only"))
    options = list(template.options.values_list("number", flat=True))
    return statements, options


def _texts(template):
    rows = [template.name, template.intro]
    for statement in template.statements.all():
        rows += [statement.parent_text, statement.team_text]
    for option in template.options.all():
        rows += [option.parent_text, option.team_text]
    return rows


def test_the_neutral_template_has_the_default_structure_without_kanjer_wording():
    neutral = SurveyTemplate.objects.get(code=NEUTRAL_TEMPLATE_CODE)
    kanjer = SurveyTemplate.objects.get(code=DEFAULT_TEMPLATE_CODE)
    assert neutral.school_id is None
    assert _shape(neutral) == _shape(kanjer)
    assert not [text for text in _texts(neutral) if "kanjer" in text.lower()]
    # the default still speaks of the Kanjertraining: the two are really different questionnaires
    assert any("Kanjertraining" in text for text in _texts(kanjer))


def test_the_default_template_stays_the_kanjer_one():
    assert default_template().code == "standaard-kanjer"


def test_a_director_can_create_a_survey_with_the_neutral_template(client, cast):
    neutral = SurveyTemplate.objects.get(code=NEUTRAL_TEMPLATE_CODE)
    client.force_login(cast.director)
    new_url = reverse("ouderbetrokkenheid:survey_new", kwargs={"brin": "11AA"})
    assert neutral.name in client.get(new_url).content.decode()
    response = client.post(
        new_url, {"title": "Peiling neutraal", "template": neutral.pk, "ends_on": "2022-06-10"}
    )
    assert response.status_code == 302
    assert Survey.objects.get(title="Peiling neutraal").template == neutral


@pytest.mark.django_db(transaction=True)
def test_the_migration_adds_and_removes_the_neutral_template():
    newest = latest()
    try:
        apps = migrate([("ouderbetrokkenheid", "0008_check_constraint_dutch_messages")])
        model = apps.get_model("ouderbetrokkenheid", "SurveyTemplate")
        assert not model.objects.filter(code=NEUTRAL_TEMPLATE_CODE).exists()
        apps = migrate([("ouderbetrokkenheid", "0009_neutral_template")])
        template = apps.get_model("ouderbetrokkenheid", "SurveyTemplate").objects.get(
            code=NEUTRAL_TEMPLATE_CODE
        )
        assert template.statements.count() == 9 and template.options.count() == 8
    finally:
        migrate(newest)

"""Upgrades of older backups to today's models.

Backups written before format 2 hold a parents' survey response's answers as `ouderbetrokkenheid.answer` rows
(response, kind 's'/'p', number, value). Reading such a backup folds them into their response's row, as migration
0011 did for the database: every answer is carried over, or the restore is refused and nothing is written.

Backups written before format 3 hold a school's survey file mapping as `ouderbetrokkenheid.surveyfilemapping`; it
becomes the core's `scholen.importmapping` of kind 'ouderpeiling', as migration 0013 did for the database."""

from django.utils.translation import gettext as _

from npo_planner.scholen.school_restore import RestoreRefused
from ouderbetrokkenheid.answer_row import encode_answers
from ouderbetrokkenheid.models import OPTION_SCALE, STATEMENT_SCALE

ANSWER = "ouderbetrokkenheid.answer"
RESPONSE = "ouderbetrokkenheid.response"
SCALES = {"s": STATEMENT_SCALE, "p": OPTION_SCALE}
SURVEY_MAPPING = "ouderbetrokkenheid.surveyfilemapping"


def _refuse(item: dict, problem: str) -> RestoreRefused:
    fields = item.get("fields", {})
    return RestoreRefused(
        _("Antwoord %(pk)s in de back-up (bij ingevulde vragenlijst %(response)s): %(problem)s")
        % {"pk": item.get("pk"), "response": fields.get("response"), "problem": problem}
    )


def _checked(item: dict, responses: dict) -> tuple[object, str, int, int]:
    fields = item.get("fields", {})
    response, kind, number, value = (fields.get(name) for name in ("response", "kind", "number", "value"))
    if response not in responses:
        raise _refuse(item, _("de ingevulde vragenlijst staat niet in de back-up; de back-up is onvolledig."))
    if kind not in SCALES:
        raise _refuse(item, _("soort '%(kind)s' is geen stelling (s) of suggestie (p).") % {"kind": kind})
    if type(number) is not int or number < 1:
        raise _refuse(item, _("nummer '%(number)s' is geen nummer van een vraag.") % {"number": number})
    if type(value) is not int or value not in SCALES[kind]:
        raise _refuse(
            item,
            _("waarde '%(value)s' ligt niet tussen 1 en %(top)s.")
            % {"value": value, "top": max(SCALES[kind])},
        )
    return response, kind, number, value


def answers_into_response_rows(objects: list[dict]) -> list[dict]:
    """The backup's objects with every answer row folded into its response's `statement_answers` /
    `option_answers`; refused (RestoreRefused) when an answer cannot be carried over exactly."""
    answers = [item for item in objects if item.get("model") == ANSWER]
    if not answers:
        return objects
    responses = {item.get("pk"): item for item in objects if item.get("model") == RESPONSE}
    given: dict[object, dict[tuple[str, int], int]] = {}
    for item in answers:
        response, kind, number, value = _checked(item, responses)
        per_response = given.setdefault(response, {})
        if (kind, number) in per_response:
            raise _refuse(item, _("de vraag %(code)s is twee keer beantwoord.") % {"code": f"{kind}{number}"})
        per_response[(kind, number)] = value
    for pk, values in given.items():
        fields = responses[pk].setdefault("fields", {})
        if fields.get("statement_answers") or fields.get("option_answers"):
            raise RestoreRefused(
                _(
                    "Ingevulde vragenlijst %(pk)s in de back-up heeft haar antwoorden zowel in haar eigen rij als in "
                    "losse antwoordrijen; de back-up is niet eenduidig."
                )
                % {"pk": pk}
            )
        statements, options = encode_answers(
            (kind, number, value) for (kind, number), value in values.items()
        )
        fields["statement_answers"], fields["option_answers"] = statements, options
    return [item for item in objects if item.get("model") != ANSWER]


def survey_mapping_into_core(objects: list[dict]) -> list[dict]:
    """The backup's survey file mappings as the core's import mappings of kind 'ouderpeiling'."""
    upgraded = []
    for item in objects:
        if item.get("model") == SURVEY_MAPPING:
            fields = item.get("fields", {})
            item = {
                "model": "scholen.importmapping",
                "pk": item.get("pk"),
                "fields": {
                    "school": fields.get("school"),
                    "kind": "ouderpeiling",
                    "columns": fields.get("columns") or {},
                    "values": fields.get("values") or {},
                    "updated_at": fields.get("updated_at"),
                },
            }
        upgraded.append(item)
    return upgraded

"""The shared questionnaires: the default (modelled on seed 003, about the Kanjertraining) in
fixtures/ouderbetrokkenheid_default_template.json, and a neutral one with the same structure and no reference to a
method in fixtures/ouderbetrokkenheid_neutral_template.json."""

import json
from pathlib import Path

from django.conf import settings

DEFAULT_TEMPLATE_CODE = "standaard-kanjer"
DEFAULT_TEMPLATE_FILE = Path(settings.BASE_DIR) / "fixtures" / "ouderbetrokkenheid_default_template.json"
NEUTRAL_TEMPLATE_CODE = "standaard-neutraal"
NEUTRAL_TEMPLATE_FILE = Path(settings.BASE_DIR) / "fixtures" / "ouderbetrokkenheid_neutral_template.json"


def default_template_data() -> dict:
    return json.loads(DEFAULT_TEMPLATE_FILE.read_text(encoding="utf-8"))


def neutral_template_data() -> dict:
    return json.loads(NEUTRAL_TEMPLATE_FILE.read_text(encoding="utf-8"))


def load_default_template(template_model, statement_model, option_model):
    """Create (or leave alone) the default template; works with historical models in a data migration."""
    return load_template(default_template_data(), template_model, statement_model, option_model)


def load_neutral_template(template_model, statement_model, option_model):
    """Create (or leave alone) the neutral template; works with historical models in a data migration."""
    return load_template(neutral_template_data(), template_model, statement_model, option_model)


def load_template(data: dict, template_model, statement_model, option_model):
    """Create (or leave alone) the shared template `data` describes."""
    template, created = template_model.objects.get_or_create(
        code=data["code"], defaults={"name": data["name"], "intro": data["intro"], "school": None}
    )
    if not created:
        return template
    statement_model.objects.bulk_create(
        [
            statement_model(
                template=template,
                number=s["number"],
                parent_text=s["parent_text"],
                team_text=s["team_text"],
                parents_only=s["parents_only"],
            )
            for s in data["statements"]
        ]
    )
    option_model.objects.bulk_create(
        [
            option_model(
                template=template, number=o["number"], parent_text=o["parent_text"], team_text=o["team_text"]
            )
            for o in data["options"]
        ]
    )
    return template

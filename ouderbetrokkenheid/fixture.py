"""The default questionnaire (modelled on seed 003) lives in fixtures/ouderbetrokkenheid_default_template.json."""

import json
from pathlib import Path

from django.conf import settings

DEFAULT_TEMPLATE_CODE = "standaard-kanjer"
DEFAULT_TEMPLATE_FILE = Path(settings.BASE_DIR) / "fixtures" / "ouderbetrokkenheid_default_template.json"


def default_template_data() -> dict:
    return json.loads(DEFAULT_TEMPLATE_FILE.read_text(encoding="utf-8"))


def load_default_template(template_model, statement_model, option_model):
    """Create (or leave alone) the default template; works with historical models in a data migration."""
    data = default_template_data()
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

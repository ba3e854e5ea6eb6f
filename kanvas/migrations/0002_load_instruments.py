"""Load the default KanVAS instruments (fixtures/kanvas_instruments.json, CONTRACT §2) into every database.

The fixture uses natural keys (questionnaire code; questionnaire + scale/item code); it is read here with the
historical models, so later model changes do not break this migration. Existing rows are left as they are.
"""

import json
from pathlib import Path

from django.conf import settings
from django.db import migrations

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "kanvas_instruments.json"


def load(apps, schema_editor):
    Questionnaire = apps.get_model("kanvas", "Questionnaire")
    Scale = apps.get_model("kanvas", "Scale")
    Item = apps.get_model("kanvas", "Item")
    questionnaires, scales = {}, {}
    for entry in json.loads(FIXTURE.read_text(encoding="utf-8")):
        fields = dict(entry["fields"])
        if entry["model"] == "kanvas.questionnaire":
            obj, _ = Questionnaire.objects.get_or_create(code=fields.pop("code"), defaults=fields)
            questionnaires[obj.code] = obj
        elif entry["model"] == "kanvas.scale":
            questionnaire = questionnaires[fields.pop("questionnaire")[0]]
            obj, _ = Scale.objects.get_or_create(
                questionnaire=questionnaire, code=fields.pop("code"), defaults=fields
            )
            scales[(questionnaire.code, obj.code)] = obj
        elif entry["model"] == "kanvas.item":
            questionnaire = questionnaires[fields.pop("questionnaire")[0]]
            scale = scales[tuple(fields.pop("scale"))]
            Item.objects.get_or_create(
                questionnaire=questionnaire, code=fields.pop("code"), defaults={**fields, "scale": scale}
            )


class Migration(migrations.Migration):
    dependencies = [("kanvas", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

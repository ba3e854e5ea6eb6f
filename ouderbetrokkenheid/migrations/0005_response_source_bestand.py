"""Answers read from a file are marked 'bestand' (was 'import').

Every writer has set `source` on each response since the first migration (the file import 'import', the paper entry
'papier' with the typist in `entered_by`, the online form 'online'), so the origin of existing rows is known exactly
and only the code changes; no origin has to be guessed."""

from django.db import migrations, models


def to_bestand(apps, schema_editor):
    apps.get_model("ouderbetrokkenheid", "Response").objects.filter(source="import").update(source="bestand")


def to_import(apps, schema_editor):
    apps.get_model("ouderbetrokkenheid", "Response").objects.filter(source="bestand").update(source="import")


class Migration(migrations.Migration):
    dependencies = [
        ("ouderbetrokkenheid", "0004_survey_team_token"),
    ]

    operations = [
        migrations.AlterField(
            model_name="response",
            name="source",
            field=models.CharField(
                choices=[("papier", "Papieren formulier"), ("bestand", "Bestand"), ("online", "Online")],
                max_length=10,
            ),
        ),
        migrations.RunPython(to_bestand, to_import),
    ]

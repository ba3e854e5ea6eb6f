"""Each survey gets a team link of its own: existing surveys get a fresh unguessable team token."""

import secrets

from django.db import migrations, models

import ouderbetrokkenheid.models


def fill_team_tokens(apps, schema_editor):
    Survey = apps.get_model("ouderbetrokkenheid", "Survey")
    surveys = list(Survey.objects.filter(team_token__isnull=True).only("pk"))
    for survey in surveys:
        survey.team_token = secrets.token_urlsafe(24)
    Survey.objects.bulk_update(surveys, ["team_token"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("ouderbetrokkenheid", "0003_school_themes"),
    ]

    operations = [
        migrations.AddField(
            model_name="survey",
            name="team_token",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(fill_team_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="survey",
            name="team_token",
            field=models.CharField(
                default=ouderbetrokkenheid.models.new_token, editable=False, max_length=64, unique=True
            ),
        ),
    ]

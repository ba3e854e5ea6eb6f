"""Existing follow-ups into the new shape: a finished one gets the moment it was closed (its last change), so it
is found among the closed actions; the note it had stays as what was planned."""

from django.db import migrations
from django.db.models import F


def forwards(apps, schema_editor):
    FollowUp = apps.get_model("kanvas", "FollowUp")
    FollowUp.objects.filter(status="afgerond", closed_at__isnull=True).update(closed_at=F("updated_at"))


class Migration(migrations.Migration):
    dependencies = [("kanvas", "0005_followup_due_notes")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

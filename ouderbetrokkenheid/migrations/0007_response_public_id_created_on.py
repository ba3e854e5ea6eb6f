"""Responses keep only their day (no time) and get a random public code for pages and URLs.

Existing rows: `created_on` is the local date of the old `created_at`; `public_id` is a fresh random code. Going
back, `created_at` becomes midnight of that day."""

import datetime
import secrets

import django.utils.timezone
from django.db import migrations, models
from django.utils import timezone

import ouderbetrokkenheid.models

ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
BATCH = 1000


def _code(taken: set) -> str:
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(10))
        if code not in taken:
            taken.add(code)
            return code


def forwards(apps, schema_editor):
    Response = apps.get_model("ouderbetrokkenheid", "Response")
    taken = set()
    batch = []
    for response in Response.objects.only("pk", "created_at").iterator(chunk_size=BATCH):
        response.public_id = _code(taken)
        response.created_on = timezone.localdate(response.created_at) if response.created_at else None
        batch.append(response)
        if len(batch) >= BATCH:
            Response.objects.bulk_update(batch, ["public_id", "created_on"])
            batch.clear()
    Response.objects.bulk_update(batch, ["public_id", "created_on"])


def backwards(apps, schema_editor):
    Response = apps.get_model("ouderbetrokkenheid", "Response")
    batch = []
    for response in Response.objects.only("pk", "created_on").iterator(chunk_size=BATCH):
        response.created_at = timezone.make_aware(
            datetime.datetime.combine(response.created_on, datetime.time())
        )
        batch.append(response)
    Response.objects.bulk_update(batch, ["created_at"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("ouderbetrokkenheid", "0006_pending_survey_file"),
    ]

    operations = [
        migrations.AddField(
            model_name="response",
            name="public_id",
            field=models.CharField(editable=False, max_length=12, null=True),
        ),
        migrations.AddField(
            model_name="response",
            name="created_on",
            field=models.DateField(editable=False, null=True, verbose_name="ingevuld op"),
        ),
        migrations.AlterField(
            model_name="response",
            name="created_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.AlterField(
            model_name="response",
            name="public_id",
            field=models.CharField(
                default=ouderbetrokkenheid.models.new_public_id, editable=False, max_length=12, unique=True
            ),
        ),
        migrations.AlterField(
            model_name="response",
            name="created_on",
            field=models.DateField(
                default=django.utils.timezone.localdate, editable=False, verbose_name="ingevuld op"
            ),
        ),
        migrations.RemoveField(
            model_name="response",
            name="created_at",
        ),
    ]

"""Pending uploads keep their file and checked Plan in the default storage instead of bytea columns.

Pending uploads are transient (a day at most): the ones in the database when this runs are dropped rather than
moved, and their users upload the file again (a confirmed one still being written in the background ends with
"Het bestand is er niet meer ... lees het opnieuw in")."""

from django.db import migrations, models


def drop_pending_uploads(apps, schema_editor):
    apps.get_model("kanvas", "PendingUpload").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("kanvas", "0009_pending_upload_plan"),
    ]

    operations = [
        migrations.RunPython(drop_pending_uploads, migrations.RunPython.noop),
        migrations.RemoveField(model_name="pendingupload", name="data"),
        migrations.RemoveField(model_name="pendingupload", name="plan"),
        migrations.AddField(
            model_name="pendingupload",
            name="path",
            field=models.CharField(default="", max_length=300),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="pendingupload",
            name="plan_path",
            field=models.CharField(blank=True, max_length=300),
        ),
    ]

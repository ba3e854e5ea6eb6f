"""The pupil-access log keeps one row per user, pupil and day: give every row its (local) day and collapse the
rows of the same user, pupil and day into the first one. The unique constraint follows in 0009."""

from django.db import migrations, models
from django.db.models import Min
from django.db.models.functions import TruncDate
from django.utils import timezone


def collapse_to_one_row_per_day(apps, schema_editor):
    access = apps.get_model("scholen", "PupilAccess")
    access.objects.update(day=TruncDate("at", tzinfo=timezone.get_default_timezone()))
    first_of_day = (
        access.objects.filter(user__isnull=False, pupil__isnull=False)
        .values("user_id", "pupil_id", "day")
        .annotate(first=Min("id"))
        .values("first")
    )
    access.objects.filter(user__isnull=False, pupil__isnull=False).exclude(id__in=first_of_day).delete()


class Migration(migrations.Migration):
    dependencies = [("scholen", "0007_check_constraint_dutch_messages")]

    operations = [
        migrations.AddField(model_name="pupilaccess", name="day", field=models.DateField(null=True)),
        migrations.RunPython(collapse_to_one_row_per_day, migrations.RunPython.noop),
    ]

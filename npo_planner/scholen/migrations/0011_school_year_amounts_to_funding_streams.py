"""The NPO amounts moved from the school year to the funding stream (programma 0009 ships them as FACTS.md §3
has them; the €500 sbo and (v)so stored for 2022-23 was not verified and is not carried over)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("scholen", "0010_enrollment_grade_pending_roster"),
    ]

    operations = [
        migrations.RemoveField(model_name="schoolyear", name="npo_per_disadvantage_unit"),
        migrations.RemoveField(model_name="schoolyear", name="npo_per_pupil"),
        migrations.RemoveField(model_name="schoolyear", name="npo_per_pupil_so"),
        migrations.RemoveField(model_name="schoolyear", name="npo_per_pupil_special"),
    ]

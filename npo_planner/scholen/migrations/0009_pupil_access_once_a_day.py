import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("scholen", "0008_pupil_access_day")]

    operations = [
        migrations.AlterField(
            model_name="pupilaccess",
            name="day",
            field=models.DateField(default=django.utils.timezone.localdate),
        ),
        migrations.AddConstraint(
            model_name="pupilaccess",
            constraint=models.UniqueConstraint(fields=("user", "pupil", "day"), name="pupil_access_once_a_day"),
        ),
        migrations.AddIndex(
            model_name="pupilaccess",
            index=models.Index(fields=["school", "-at"], name="pupil_access_school_at"),
        ),
    ]

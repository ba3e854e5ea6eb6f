from django.db import migrations, models
from django.db.models import OuterRef, Q, Subquery


def grade_from_group(apps, schema_editor):
    Enrollment = apps.get_model("scholen", "Enrollment")
    Group = apps.get_model("scholen", "Group")
    Enrollment.objects.filter(grade__isnull=True).update(
        grade=Subquery(Group.objects.filter(pk=OuterRef("group_id")).values("grade")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [("scholen", "0009_pupil_access_once_a_day")]

    operations = [
        migrations.AddField(
            model_name="enrollment",
            name="grade",
            field=models.PositiveSmallIntegerField(null=True, verbose_name="leerjaar"),
        ),
        migrations.RunPython(grade_from_group, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="enrollment",
            name="grade",
            field=models.PositiveSmallIntegerField(verbose_name="leerjaar"),
        ),
        migrations.AddConstraint(
            model_name="enrollment",
            constraint=models.CheckConstraint(
                condition=Q(grade__gte=1, grade__lte=8),
                name="enrollment_grade_1_8",
                violation_error_message="Het leerjaar van een leerling ligt tussen 1 en 8.",
            ),
        ),
    ]

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Q, Subquery


def grade_from_group(apps, schema_editor):
    Enrollment = apps.get_model("scholen", "Enrollment")
    Group = apps.get_model("scholen", "Group")
    Enrollment.objects.filter(grade__isnull=True).update(
        grade=Subquery(Group.objects.filter(pk=OuterRef("group_id")).values("grade")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("scholen", "0009_pupil_access_once_a_day"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

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
        migrations.CreateModel(
            name='PendingRoster',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('filename', models.CharField(max_length=255)),
                ('sha256', models.CharField(max_length=64)),
                ('rows', models.JSONField(default=list)),
                ('personal_columns', models.JSONField(default=list)),
                ('other_columns', models.JSONField(default=list)),
                ('warnings', models.JSONField(default=list)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('school', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='scholen.school')),
                ('school_year', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='scholen.schoolyear')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'groepsindeling in afwachting',
                'verbose_name_plural': 'groepsindelingen in afwachting',
            },
        ),
    ]

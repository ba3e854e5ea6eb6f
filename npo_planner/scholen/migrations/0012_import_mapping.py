"""One saved mapping per school and kind of import file (npo_planner.lib.column_mapping); the parent survey's
own mapping moves here (ouderbetrokkenheid 0013)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("scholen", "0011_school_year_amounts_to_funding_streams"),
    ]

    operations = [
        migrations.CreateModel(
            name="ImportMapping",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("kanvas", "KanVAS-antwoorden"),
                            ("sociogram", "sociogram"),
                            ("ouderpeiling", "ouderpeiling"),
                            ("rooster", "groepsindeling"),
                            ("besteding", "bestedingen"),
                        ],
                        max_length=20,
                    ),
                ),
                ("columns", models.JSONField(blank=True, default=dict)),
                ("values", models.JSONField(blank=True, default=dict)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "school",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="import_mappings",
                        to="scholen.school",
                    ),
                ),
            ],
            options={
                "verbose_name": "koppeling voor importbestanden",
                "verbose_name_plural": "koppelingen voor importbestanden",
                "constraints": [
                    models.UniqueConstraint(fields=("school", "kind"), name="import_mapping_one_per_kind")
                ],
            },
        ),
    ]

"""Funding streams as data (the NPO shipped as in FACTS.md §3), a programme per stream spanning the school years it
uses (`second_year` becomes `last_year`), and an item's cost per school year of the programme (`year_costs`)."""

import json
from decimal import Decimal
from pathlib import Path

import django.db.models.deletion
from django.db import migrations, models

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "npo_stream.json"


def load_npo(apps, schema_editor):
    FundingStream = apps.get_model("programma", "FundingStream")
    StreamAmount = apps.get_model("programma", "StreamAmount")
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    amounts = data.pop("amounts")
    stream, _created = FundingStream.objects.get_or_create(code=data["code"], defaults=data)
    for row in amounts:
        values = {k: (None if v is None else Decimal(v)) for k, v in row.items() if k.startswith("per_")}
        StreamAmount.objects.get_or_create(
            stream=stream, school_year=row["school_year"], defaults={**values, "source": row["source"]}
        )
    Programme = apps.get_model("programma", "Programme")
    Programme.objects.filter(stream=None).update(stream=stream)


load = load_npo  # tests put the reference data back after a flush (tests/conftest.py REFERENCE_DATA)


def unload_npo(apps, schema_editor):
    apps.get_model("programma", "Programme").objects.update(stream=None)


# Only the columns needed are read (values()): the school year's other columns depend on the state of scholen.
YEARS = ("id", "programme__first_year__label", "programme__last_year__label")


def costs_to_years(apps, schema_editor):
    Item = apps.get_model("programma", "Item")
    for row in Item.objects.values(*YEARS, "cost_first_year", "cost_second_year"):
        costs = {}
        for label, cost in (
            (row["programme__first_year__label"], row["cost_first_year"]),
            (row["programme__last_year__label"], row["cost_second_year"]),
        ):
            if cost:
                costs[label] = str(cost)
        Item.objects.filter(pk=row["id"]).update(year_costs=costs)


def years_to_costs(apps, schema_editor):
    Item = apps.get_model("programma", "Item")
    for row in Item.objects.values(*YEARS, "year_costs"):
        costs = row["year_costs"] or {}
        Item.objects.filter(pk=row["id"]).update(
            cost_first_year=Decimal(costs.get(row["programme__first_year__label"]) or 0),
            cost_second_year=Decimal(costs.get(row["programme__last_year__label"]) or 0),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("menukaart", "0005_check_constraint_dutch_messages"),
        ("programma", "0008_remove_chartimage_charts_in_cache_framework"),
        ("scholen", "0009_pupil_access_once_a_day"),
    ]

    operations = [
        migrations.CreateModel(
            name="FundingStream",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.SlugField(max_length=30, unique=True, verbose_name="code")),
                ("name", models.CharField(max_length=200, unique=True, verbose_name="naam")),
                (
                    "first_year",
                    models.CharField(
                        help_text="Bijvoorbeeld 2021-2022.",
                        max_length=9,
                        verbose_name="eerste schooljaar van de bestedingstermijn",
                    ),
                ),
                (
                    "last_year",
                    models.CharField(
                        help_text="Tot het einde van dit schooljaar mag het geld besteed worden.",
                        max_length=9,
                        verbose_name="laatste schooljaar van de bestedingstermijn",
                    ),
                ),
                (
                    "categories",
                    models.CharField(
                        default="ABCDEF",
                        help_text="De letters van de doelgebieden, bijvoorbeeld ABCDEF voor het NPO.",
                        max_length=6,
                        verbose_name="doelgebieden waarin verantwoord wordt",
                    ),
                ),
                ("source", models.CharField(blank=True, max_length=300, verbose_name="bron")),
                ("version", models.PositiveIntegerField(default=1)),
                (
                    "interventions",
                    models.ManyToManyField(
                        blank=True,
                        help_text="Leeg: de hele menukaart. Anders alleen deze interventies (bijvoorbeeld een interventiekaart).",
                        related_name="funding_streams",
                        to="menukaart.intervention",
                        verbose_name="interventies (catalogus)",
                    ),
                ),
            ],
            options={
                "verbose_name": "geldstroom",
                "verbose_name_plural": "geldstromen",
                "ordering": ["first_year", "name"],
            },
        ),
        migrations.CreateModel(
            name="StreamAmount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("school_year", models.CharField(help_text="Bijvoorbeeld 2022-2023.", max_length=9, verbose_name="schooljaar")),
                ("per_pupil_bo", models.DecimalField(blank=True, decimal_places=2, max_digits=8, null=True, verbose_name="per leerling basisonderwijs")),
                ("per_pupil_sbo", models.DecimalField(blank=True, decimal_places=2, max_digits=8, null=True, verbose_name="per leerling sbo")),
                ("per_pupil_so", models.DecimalField(blank=True, decimal_places=2, max_digits=8, null=True, verbose_name="per leerling (v)so")),
                ("per_unit", models.DecimalField(blank=True, decimal_places=2, max_digits=8, null=True, verbose_name="per eenheid achterstandsscore")),
                ("source", models.CharField(blank=True, max_length=300, verbose_name="bron")),
                (
                    "stream",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="amounts", to="programma.fundingstream"
                    ),
                ),
            ],
            options={
                "verbose_name": "bedrag per schooljaar",
                "verbose_name_plural": "bedragen per schooljaar",
                "ordering": ["stream", "school_year"],
                "constraints": [
                    models.UniqueConstraint(fields=("stream", "school_year"), name="stream_amount_one_per_year"),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("per_pupil_bo__gte", 0), ("per_pupil_sbo__gte", 0), ("per_pupil_so__gte", 0), ("per_unit__gte", 0)
                        ),
                        name="stream_amount_not_negative",
                        violation_error_message="Een bedrag van een geldstroom kan niet negatief zijn.",
                    ),
                ],
            },
        ),
        migrations.RenameField(model_name="programme", old_name="second_year", new_name="last_year"),
        migrations.AlterField(
            model_name="programme",
            name="last_year",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="scholen.schoolyear", verbose_name="laatste schooljaar"
            ),
        ),
        migrations.AddField(
            model_name="programme",
            name="stream",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="programmes",
                to="programma.fundingstream",
                verbose_name="geldstroom",
            ),
        ),
        migrations.RunPython(load_npo, unload_npo),
        migrations.AlterField(
            model_name="programme",
            name="stream",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="programmes",
                to="programma.fundingstream",
                verbose_name="geldstroom",
            ),
        ),
        migrations.RemoveConstraint(model_name="programme", name="programme_one_per_school_year"),
        migrations.AddConstraint(
            model_name="programme",
            constraint=models.UniqueConstraint(fields=("school", "stream", "first_year"), name="programme_one_per_stream_and_year"),
        ),
        migrations.AddField(
            model_name="item",
            name="year_costs",
            field=models.JSONField(blank=True, default=dict, verbose_name="kosten per schooljaar (€)"),
        ),
        migrations.RunPython(costs_to_years, years_to_costs),
        migrations.RemoveConstraint(model_name="item", name="item_cost_not_negative"),
        migrations.RemoveField(model_name="item", name="cost_first_year"),
        migrations.RemoveField(model_name="item", name="cost_second_year"),
    ]

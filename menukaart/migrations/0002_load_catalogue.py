"""Load the menukaart catalogue (fixtures/menukaart_catalogue.json) so every database has it."""

from django.db import migrations


def load(apps, schema_editor):
    from menukaart.catalogue import load_items, read_fixture

    load_items(apps.get_model("menukaart", "Intervention"), apps.get_model("menukaart", "InterventionFigures"), read_fixture())


class Migration(migrations.Migration):
    dependencies = [
        ("menukaart", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
    ]

"""The checked menukaart facts (FACTS.md §1, §2) for existing databases.

- The 2022 update went live on 1 April 2022: figure sets the catalogue shipped as 2022-01-01 move to that date.
- "Goed beschreven" is a Loket Gezond Leven level, not an NJi level: it moves to its own field.
- The catalogue file is loaded again: official names, cost 1 with the EEF as its source, the items that were
  missing (Directe instructie, Fonemisch bewustzijn, Schrijfonderwijs), subjects, and the recognised programmes of
  goal area C. Items are matched on their code, so items that programmes refer to keep their id.
"""

import datetime

from django.db import migrations

OLD_2022 = datetime.date(2022, 1, 1)
EDITION_2022 = datetime.date(2022, 4, 1)
SHIPPED_2022_SOURCE = "NPO-menukaart, update 2022"


def forward(apps, schema_editor):
    from menukaart.catalogue import load_items, read_fixture

    intervention = apps.get_model("menukaart", "Intervention")
    figures = apps.get_model("menukaart", "InterventionFigures")
    shipped = figures.objects.filter(
        intervention__school__isnull=True, date=OLD_2022, source__startswith=SHIPPED_2022_SOURCE
    )
    already = set(
        figures.objects.filter(date=EDITION_2022).values_list("intervention_id", flat=True)
    )
    shipped.filter(intervention_id__in=already).delete()
    shipped.update(date=EDITION_2022)
    intervention.objects.filter(nji_level="goed_beschreven").update(
        lgl_level="goed_beschreven", nji_level=""
    )
    load_items(intervention, figures, read_fixture())


class Migration(migrations.Migration):
    dependencies = [
        ("menukaart", "0003_facts_editions_recognitions"),
    ]

    operations = [
        migrations.RunPython(forward, migrations.RunPython.noop),
    ]

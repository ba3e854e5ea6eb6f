"""The survey file mapping of each school moves to the core's one model for every kind of file
(scholen.ImportMapping, kind 'ouderpeiling'); reversible: going back copies them into SurveyFileMapping again."""

from django.db import migrations

KIND = "ouderpeiling"


def to_core(apps, schema_editor):
    SurveyFileMapping = apps.get_model("ouderbetrokkenheid", "SurveyFileMapping")
    ImportMapping = apps.get_model("scholen", "ImportMapping")
    ImportMapping.objects.bulk_create(
        ImportMapping(school_id=saved.school_id, kind=KIND, columns=saved.columns, values=saved.values)
        for saved in SurveyFileMapping.objects.all()
    )


def from_core(apps, schema_editor):
    SurveyFileMapping = apps.get_model("ouderbetrokkenheid", "SurveyFileMapping")
    ImportMapping = apps.get_model("scholen", "ImportMapping")
    SurveyFileMapping.objects.bulk_create(
        SurveyFileMapping(school_id=saved.school_id, columns=saved.columns, values=saved.values)
        for saved in ImportMapping.objects.filter(kind=KIND)
    )
    ImportMapping.objects.filter(kind=KIND).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("ouderbetrokkenheid", "0012_pendingsurveyfile_confirmed"),
        ("scholen", "0012_import_mapping"),
    ]

    operations = [
        migrations.RunPython(to_core, from_core),
        migrations.DeleteModel(name="SurveyFileMapping"),
    ]

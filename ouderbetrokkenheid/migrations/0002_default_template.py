from django.db import migrations


def forwards(apps, schema_editor):
    from ouderbetrokkenheid.fixture import load_default_template

    load_default_template(
        apps.get_model("ouderbetrokkenheid", "SurveyTemplate"),
        apps.get_model("ouderbetrokkenheid", "TemplateStatement"),
        apps.get_model("ouderbetrokkenheid", "TemplateOption"),
    )


def backwards(apps, schema_editor):
    from ouderbetrokkenheid.fixture import default_template_data

    apps.get_model("ouderbetrokkenheid", "SurveyTemplate").objects.filter(
        code=default_template_data()["code"], surveys__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("ouderbetrokkenheid", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]

from django.db import migrations


def forwards(apps, schema_editor):
    from ouderbetrokkenheid.fixture import load_neutral_template

    load_neutral_template(
        apps.get_model("ouderbetrokkenheid", "SurveyTemplate"),
        apps.get_model("ouderbetrokkenheid", "TemplateStatement"),
        apps.get_model("ouderbetrokkenheid", "TemplateOption"),
    )


def backwards(apps, schema_editor):
    from ouderbetrokkenheid.fixture import NEUTRAL_TEMPLATE_CODE

    apps.get_model("ouderbetrokkenheid", "SurveyTemplate").objects.filter(
        code=NEUTRAL_TEMPLATE_CODE, surveys__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("ouderbetrokkenheid", "0008_check_constraint_dutch_messages")]

    operations = [migrations.RunPython(forwards, backwards)]

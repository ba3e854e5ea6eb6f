from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("ouderbetrokkenheid", "0011_answers_in_response_row"),
    ]

    operations = [
        migrations.AddField(
            model_name="pendingsurveyfile",
            name="confirmed",
            field=models.BooleanField(default=False),
        ),
    ]

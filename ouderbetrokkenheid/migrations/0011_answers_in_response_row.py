"""A response's answers move from one row per answer (Answer) into the response's own row (answer_row): character
n-1 of `statement_answers` / `option_answers` answers statement / option n, '.' an item left empty. Reversible:
going back writes one Answer row per answered item again."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import ouderbetrokkenheid.models
from ouderbetrokkenheid.answer_row import answer_codes, encode_answers

BATCH = 2000


def _response_batches(Response):
    ids = list(Response.objects.order_by("id").values_list("id", flat=True))
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def answers_into_rows(apps, schema_editor):
    Response = apps.get_model("ouderbetrokkenheid", "Response")
    Answer = apps.get_model("ouderbetrokkenheid", "Answer")
    for ids in _response_batches(Response):
        answers = {pk: [] for pk in ids}
        for response_id, kind, number, value in Answer.objects.filter(response_id__in=ids).values_list(
            "response_id", "kind", "number", "value"
        ):
            answers[response_id].append((kind, number, value))
        changed = []
        for pk, given in answers.items():
            if given:
                statements, options = encode_answers(given)
                changed.append(Response(pk=pk, statement_answers=statements, option_answers=options))
        Response.objects.bulk_update(changed, ["statement_answers", "option_answers"], batch_size=500)


def rows_into_answers(apps, schema_editor):
    Response = apps.get_model("ouderbetrokkenheid", "Response")
    Answer = apps.get_model("ouderbetrokkenheid", "Answer")
    for ids in _response_batches(Response):
        rows = Response.objects.filter(id__in=ids).values_list("id", "statement_answers", "option_answers")
        Answer.objects.bulk_create(
            [
                Answer(response_id=pk, kind=code[0], number=int(code[1:]), value=value)
                for pk, statements, options in rows
                for code, value in answer_codes(statements, options).items()
            ],
            batch_size=500,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("ouderbetrokkenheid", "0010_survey_file_mapping_and_parsed_rows"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="response",
            name="option_answers",
            field=models.TextField(blank=True, default="", verbose_name="punten voor de suggesties"),
        ),
        migrations.AddField(
            model_name="response",
            name="statement_answers",
            field=models.TextField(blank=True, default="", verbose_name="antwoorden op de stellingen"),
        ),
        migrations.RunPython(answers_into_rows, rows_into_answers, elidable=False),
        migrations.AddConstraint(
            model_name="response",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("statement_answers__regex", "^[1-4.]*$"), ("option_answers__regex", "^[1-3.]*$")
                ),
                name="response_answers_in_scale",
                violation_error_message="Een antwoord op een stelling is 1 tot en met 4, een antwoord op een suggestie 1 tot en met 3.",
            ),
        ),
        migrations.DeleteModel(
            name="Answer",
        ),
        migrations.AlterField(
            model_name="response",
            name="entered_by",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="response",
            name="own_theme",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="responses",
                to="ouderbetrokkenheid.schooltheme",
                verbose_name="eigen thema",
            ),
        ),
        migrations.AlterField(
            model_name="response",
            name="public_id",
            field=models.CharField(
                default=ouderbetrokkenheid.models.new_public_id, editable=False, max_length=12
            ),
        ),
        migrations.AlterField(
            model_name="response",
            name="survey",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="responses",
                to="ouderbetrokkenheid.survey",
            ),
        ),
        migrations.AddIndex(
            model_name="response",
            index=models.Index(
                condition=models.Q(("entered_by__isnull", False)),
                fields=["entered_by"],
                name="response_entered_by_set",
            ),
        ),
        migrations.AddIndex(
            model_name="response",
            index=models.Index(
                condition=models.Q(("own_theme__isnull", False)),
                fields=["own_theme"],
                name="response_own_theme_set",
            ),
        ),
        migrations.AddConstraint(
            model_name="response",
            constraint=models.UniqueConstraint(fields=("public_id",), name="response_unique_public_id"),
        ),
    ]

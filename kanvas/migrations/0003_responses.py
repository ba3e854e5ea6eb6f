"""Answers and scale scores move from a row per answer (Answer) and per scale (ScaleScore) to a row per filled-in
questionnaire (Response), with both as compact JSON text; existing data is carried over, both ways."""

import json
from collections import defaultdict

import django.db.models.deletion
from django.db import migrations, models

import kanvas.fields

BATCH = 2_000


def _dump(mapping: dict) -> str:
    return json.dumps({str(key): value for key, value in mapping.items()}, separators=(",", ":"))


def answers_to_responses(apps, schema_editor):
    Answer = apps.get_model("kanvas", "Answer")
    ScaleScore = apps.get_model("kanvas", "ScaleScore")
    Item = apps.get_model("kanvas", "Item")
    Scale = apps.get_model("kanvas", "Scale")
    Response = apps.get_model("kanvas", "Response")
    items = defaultdict(list)  # questionnaire id → item ids
    item_questionnaire = {}
    for item_id, questionnaire_id in Item.objects.order_by("order", "code").values_list("id", "questionnaire_id"):
        items[questionnaire_id].append(item_id)
        item_questionnaire[item_id] = questionnaire_id
    scale_questionnaire = dict(Scale.objects.values_list("id", "questionnaire_id"))
    answers = defaultdict(dict)  # (participation id, questionnaire id) → {item id: value}
    for participation_id, item_id, value in Answer.objects.values_list("participation_id", "item_id", "value"):
        answers[(participation_id, item_questionnaire[item_id])][item_id] = value
    scores = defaultdict(dict)
    for participation_id, scale_id, score, answered, signal in ScaleScore.objects.values_list(
        "participation_id", "scale_id", "score", "answered", "signal"
    ):
        scores[(participation_id, scale_questionnaire[scale_id])][scale_id] = [score, answered, signal]
    Response.objects.bulk_create(
        [
            Response(
                participation_id=participation_id,
                questionnaire_id=questionnaire_id,
                answers=_dump({i: given.get(i) for i in items[questionnaire_id]}),
                scores=_dump(scores.get((participation_id, questionnaire_id), {})),
            )
            for (participation_id, questionnaire_id), given in answers.items()
        ],
        batch_size=BATCH,
    )


def responses_to_answers(apps, schema_editor):
    Answer = apps.get_model("kanvas", "Answer")
    ScaleScore = apps.get_model("kanvas", "ScaleScore")
    Response = apps.get_model("kanvas", "Response")
    answer_rows, score_rows = [], []
    for participation_id, answers, scores in Response.objects.values_list("participation_id", "answers", "scores"):
        # the fields decode themselves: {item id: value} and {scale id: (score, answered, signal)}
        for item_id, value in answers.items():
            answer_rows.append(Answer(participation_id=participation_id, item_id=item_id, value=value))
        for scale_id, (score, answered, signal) in scores.items():
            score_rows.append(
                ScaleScore(
                    participation_id=participation_id,
                    scale_id=scale_id,
                    score=score,
                    answered=answered,
                    signal=signal,
                )
            )
    Answer.objects.bulk_create(answer_rows, batch_size=BATCH)
    ScaleScore.objects.bulk_create(score_rows, batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("kanvas", "0002_load_instruments"),
    ]

    operations = [
        migrations.CreateModel(
            name="Response",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("answers", kanvas.fields.AnswersField(verbose_name="antwoorden")),
                ("scores", kanvas.fields.ScoresField(verbose_name="schaalscores")),
                (
                    "participation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="responses",
                        to="kanvas.participation",
                    ),
                ),
                (
                    "questionnaire",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="kanvas.questionnaire",
                    ),
                ),
            ],
            options={
                "verbose_name": "ingevulde vragenlijst",
                "verbose_name_plural": "ingevulde vragenlijsten",
            },
        ),
        migrations.AddConstraint(
            model_name="response",
            constraint=models.UniqueConstraint(fields=("participation", "questionnaire"), name="response_unique"),
        ),
        migrations.RunPython(answers_to_responses, responses_to_answers),
        migrations.DeleteModel(name="Answer"),
        migrations.DeleteModel(name="ScaleScore"),
    ]

"""Retention records used to keep the removed pupils' codes (the run's `removed`, the audit entry's data), and the
codes stayed in the logs and notes. Erase those codes where the clean-up now erases them, and keep counts."""

from django.db import migrations

from npo_planner.scholen.pupil_erasure import code_pattern, scrubbed

# (app, model, fields, lookup of the school) as registered in npo_planner.scholen.pupil_erasure and kanvas.apps.
PLACES = [
    ("scholen", "AuditEntry", ["summary", "data"], "school__brin"),
    ("scholen", "PupilAccess", ["pupil_code", "what"], "school__brin"),
    ("kanvas", "FollowUp", ["note"], "school__brin"),
    ("kanvas", "ImportRecord", ["summary"], "school__brin"),
]


def _removed_codes(RetentionRun, Pupil) -> dict[str, set[str]]:
    codes: dict[str, set[str]] = {}
    for run in RetentionRun.objects.filter(dry_run=False):
        for brin, value in run.removed.items():
            if isinstance(value, list):
                codes.setdefault(brin, set()).update(value)
    for brin in list(codes):
        codes[brin] -= set(
            Pupil.objects.filter(school__brin=brin).values_list("code", flat=True)
        )  # given again
    return {brin: found for brin, found in codes.items() if found}


def forwards(apps, schema_editor):
    RetentionRun = apps.get_model("scholen", "RetentionRun")
    Pupil = apps.get_model("scholen", "Pupil")
    AuditEntry = apps.get_model("scholen", "AuditEntry")
    for brin, codes in _removed_codes(RetentionRun, Pupil).items():
        pattern = code_pattern(codes)
        for app, name, fields, school_lookup in PLACES:
            model = apps.get_model(app, name)
            for obj in model.objects.filter(**{school_lookup: brin}).iterator():
                new = {field: scrubbed(getattr(obj, field), pattern) for field in fields}
                if any(new[field] != getattr(obj, field) for field in fields):
                    model.objects.filter(pk=obj.pk).update(**new)
    for run in RetentionRun.objects.all():
        if any(isinstance(value, list) for value in run.removed.values()):
            run.removed = {b: len(v) if isinstance(v, list) else v for b, v in run.removed.items()}
            run.save(update_fields=["removed"])
    for entry in AuditEntry.objects.filter(action="pupil.retention_delete"):
        codes = entry.data.get("pupils")
        if isinstance(codes, list):
            entry.data = {key: value for key, value in entry.data.items() if key != "pupils"}
            entry.data["count"] = len(codes)
            entry.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("scholen", "0003_privacy_records"),
        ("kanvas", "0003_responses"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

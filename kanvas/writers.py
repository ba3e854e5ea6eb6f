"""Write a checked Plan (kanvas.importers) to the database: bulk operations only, answers with COPY on PostgreSQL.

Called inside the import service's transaction; nothing here commits.
"""

import io

from django.db import connection

from kanvas.importers import Plan
from kanvas.models import Answer, Moment, Nomination, Participation, ScaleScore, moment_sort_key
from kanvas.scoring import load_instruments, scale_score
from npo_planner.scholen.models import Enrollment, Group, Pupil, School
from npo_planner.scholen.services import school_year_get_or_create

BATCH = 5_000
COPY_VALUE = {None: "\\N", 1: "1", 2: "2", 3: "3", 4: "4"}  # an answer in COPY's text format


def _copy_text(model, columns: list[str], text: str) -> None:
    """COPY text-format lines into the model's table (PostgreSQL; same connection, same transaction)."""
    table = connection.ops.quote_name(model._meta.db_table)
    column_sql = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.connection.cursor().copy_expert(f"COPY {table} ({column_sql}) FROM STDIN", io.StringIO(text))


def _copy_rows(model, columns: list[str], rows) -> None:
    """COPY rows into the model's table on PostgreSQL (same connection, same transaction); bulk insert elsewhere."""
    if connection.vendor == "postgresql":
        template = "\t".join(["%s"] * len(columns)) + "\n"
        _copy_text(
            model,
            columns,
            "".join(template % tuple("\\N" if value is None else value for value in row) for row in rows),
        )
        return
    attnames = [model._meta.get_field(c.removesuffix("_id")).attname for c in columns]
    model.objects.bulk_create(
        (model(**dict(zip(attnames, row, strict=True))) for row in rows), batch_size=BATCH
    )


def _roster(school: School, plan: Plan) -> tuple[dict[str, Moment], dict[tuple[str, str], int]]:
    """Create what is missing (school years, moments, groups, pupils, enrollments, participations).

    Returns the moments by label and the participation ids by (moment label, pupil code).
    """
    years = {label: school_year_get_or_create(label=label) for label in sorted(set(plan.moments.values()))}
    moments = {m.label: m for m in Moment.objects.filter(school=school, label__in=list(plan.moments))}
    for label, year_label in sorted(plan.moments.items()):
        if label not in moments:
            moment = Moment(
                school=school, school_year=years[year_label], label=label, sort_key=moment_sort_key(label)
            )
            moment.full_clean()
            moment.save()
            moments[label] = moment

    year_ids = {label: year.id for label, year in years.items()}
    groups = {
        (g.school_year_id, g.name): g.id
        for g in Group.objects.filter(school=school, school_year_id__in=year_ids.values())
    }
    missing_groups = [
        Group(school=school, school_year_id=year_ids[year], name=name, grade=grade)
        for (year, name), grade in sorted(plan.groups.items())
        if (year_ids[year], name) not in groups
    ]
    if missing_groups:
        Group.objects.bulk_create(missing_groups)
        groups = {
            (g.school_year_id, g.name): g.id
            for g in Group.objects.filter(school=school, school_year_id__in=year_ids.values())
        }

    pupils = dict(Pupil.objects.filter(school=school).values_list("code", "id"))
    codes = {code for _m, code in plan.placements}
    new_codes = sorted(codes - set(pupils))
    if new_codes:
        Pupil.objects.bulk_create([Pupil(school=school, code=code) for code in new_codes], batch_size=BATCH)
        pupils = dict(Pupil.objects.filter(school=school).values_list("code", "id"))

    wanted = {}  # (moment id, pupil id) → group id
    for (label, code), group_name in plan.placements.items():
        moment = moments[label]
        wanted[(moment.id, pupils[code])] = groups[(moment.school_year_id, group_name)]
    enrolled = set(
        Enrollment.objects.filter(group_id__in=set(wanted.values())).values_list("group_id", "pupil_id")
    )
    Enrollment.objects.bulk_create(
        [
            Enrollment(group_id=group_id, pupil_id=pupil_id)
            for group_id, pupil_id in sorted({(g, p) for (_m, p), g in wanted.items()} - enrolled)
        ],
        batch_size=BATCH,
    )

    moment_ids = [m.id for m in moments.values()]
    existing = {
        (m, p): (pk, g)
        for pk, m, p, g in Participation.objects.filter(moment_id__in=moment_ids).values_list(
            "id", "moment_id", "pupil_id", "group_id"
        )
    }
    updates = [
        Participation(id=pk, group_id=wanted[key])
        for key, (pk, group_id) in existing.items()
        if key in wanted and wanted[key] != group_id
    ]
    if updates:  # only with replace: the importer refuses a move otherwise
        Participation.objects.bulk_update(updates, ["group"], batch_size=BATCH)
    new = [(m, p, g) for (m, p), g in wanted.items() if (m, p) not in existing]
    if new:
        _copy_rows(Participation, ["moment_id", "pupil_id", "group_id"], new)
    ids_by_key = {
        (m, p): pk
        for pk, m, p in Participation.objects.filter(moment_id__in=moment_ids).values_list(
            "id", "moment_id", "pupil_id"
        )
    }
    code_by_pupil = {pk: code for code, pk in pupils.items() if code in codes}
    label_by_moment = {m.id: label for label, m in moments.items()}
    participations = {
        (label_by_moment[m], code_by_pupil[p]): pk for (m, p), pk in ids_by_key.items() if p in code_by_pupil
    }
    return moments, participations


def write_answers(school: School, plan: Plan) -> None:
    moments, participations = _roster(school, plan)
    instruments = load_instruments()
    for moment_label, questionnaire_code in sorted(plan.replaced_pairs):
        questionnaire = instruments[questionnaire_code]
        scope = {"participation__moment": moments[moment_label]}
        Answer.objects.filter(**scope, item_id__in=list(questionnaire.items.values())).delete()
        ScaleScore.objects.filter(**scope, scale_id__in=[s.id for s in questionnaire.scales]).delete()

    copy = connection.vendor == "postgresql"
    answer_rows = []
    score_rows = []
    for (moment_label, code, questionnaire_code), values in plan.answers.items():
        participation_id = participations[(moment_label, code)]
        if copy:  # COPY text lines straight away: the 100,000 rows of a large file are not built twice
            prefix = f"{participation_id}\t"
            answer_rows.extend(
                [f"{prefix}{item_id}\t{COPY_VALUE[value]}\n" for item_id, value in values.items()]
            )
        else:
            answer_rows.extend([(participation_id, item_id, value) for item_id, value in values.items()])
        for scale in instruments[questionnaire_code].scales:
            score, answered, signal = scale_score(values, scale)
            score_rows.append((participation_id, scale.id, score, answered, signal))
    if copy:
        _copy_text(Answer, ["participation_id", "item_id", "value"], "".join(answer_rows))
    else:
        _copy_rows(Answer, ["participation_id", "item_id", "value"], answer_rows)
    _copy_rows(ScaleScore, ["participation_id", "scale_id", "score", "answered", "signal"], score_rows)


def write_nominations(school: School, plan: Plan) -> None:
    moments, participations = _roster(school, plan)
    for label in sorted(plan.replaced_moments):
        Nomination.objects.filter(moment=moments[label]).delete()
    _copy_rows(
        Nomination,
        ["moment_id", "chooser_id", "chosen_id", "positive"],
        [
            (moments[m].id, participations[(m, chooser)], participations[(m, chosen)], positive)
            for m, chooser, chosen, positive in plan.nominations
        ],
    )

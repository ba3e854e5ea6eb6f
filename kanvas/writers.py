"""Write a checked Plan (kanvas.importers) to the database: bulk operations only, answers with COPY on PostgreSQL.

Called inside the import service's transaction; nothing here commits.
"""

import numpy as np
from django.db import connection

from kanvas.importers import Plan
from kanvas.models import Moment, Nomination, Participation, Response, moment_sort_key
from kanvas.scoring import QuestionnaireDef, load_instruments, score_responses
from npo_planner.lib.pg_copy import copy_text, copy_value
from npo_planner.scholen.models import Enrollment, Group, Pupil, School
from npo_planner.scholen.services import school_year_get_or_create

BATCH = 5_000


def _copy_rows(model, columns: list[str], rows) -> None:
    """Insert new rows: COPY on PostgreSQL (same connection, same transaction), bulk insert elsewhere.

    Columns not given get their field's default, computed once, rather than a model instance per row (which
    would cost more than the COPY itself).
    """
    if connection.vendor == "postgresql":
        defaults = [
            f
            for f in model._meta.concrete_fields
            if not f.primary_key and f.column not in columns and f.attname not in columns
        ]
        blank = model()
        constant = "".join(
            "\t" + copy_value(f.get_db_prep_save(f.pre_save(blank, add=True), connection)) for f in defaults
        )
        template = "\t".join(["%s"] * len(columns)) + constant + "\n"
        copy_text(
            model,
            [*columns, *(f.column for f in defaults)],
            "".join(template % tuple(map(copy_value, row)) for row in rows),
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
        _copy_rows(Pupil, ["school_id", "code"], [(school.id, code) for code in new_codes])
        pupils = dict(Pupil.objects.filter(school=school).values_list("code", "id"))

    wanted = {}  # (moment id, pupil id) → group id
    grades = {}  # (group id, pupil id) → the pupil's grade that year
    for (label, code), group_name in plan.placements.items():
        moment = moments[label]
        group_id = groups[(moment.school_year_id, group_name)]
        wanted[(moment.id, pupils[code])] = group_id
        year_label = plan.moments[label]
        # a pupil only chosen in a sociogram has no grade of its own in the file: the group's
        grades[(group_id, pupils[code])] = plan.pupil_grades.get(
            (year_label, group_name, code), plan.groups[(year_label, group_name)]
        )
    enrolled = set(
        Enrollment.objects.filter(group_id__in=set(wanted.values())).values_list("group_id", "pupil_id")
    )
    _copy_rows(
        Enrollment,
        ["group_id", "pupil_id", "grade"],
        sorted((g, p, grades[(g, p)]) for g, p in set(grades) - enrolled),
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


ANSWER_TEXT = np.array(["null", "1", "2", "3", "4"], dtype=object)  # stored JSON of an answer 0 (none) … 4


def _float_text(value: float) -> str:
    return "null" if value != value else repr(value)  # NaN: no score


def answers_texts(values: np.ndarray, questionnaire: QuestionnaireDef) -> list[str]:
    """The stored JSON (kanvas.fields) of each response's answers: one template per questionnaire rather than a
    dict per response, as an import of 100,000 answers makes about 4,000 of them."""
    template = "{" + ",".join(f'"{item_id}":%s' for item_id in questionnaire.items.values()) + "}"
    return [template % tuple(row) for row in ANSWER_TEXT[values].tolist()]


def scores_texts(values: np.ndarray, questionnaire: QuestionnaireDef) -> list[str]:
    """The stored JSON of each response's scale scores, computed from its answers (kanvas.scoring)."""
    columns = score_responses(values, questionnaire)
    if not columns:
        return ["{}"] * len(values)
    template = "{" + ",".join(f'"{c.scale.id}":[%s,%d,%s]' for c in columns) + "}"
    cells = [
        part
        for c in columns
        for part in (
            [_float_text(v) for v in c.score.tolist()],
            c.answered.tolist(),
            ["true" if v else "false" for v in c.signal.tolist()],
        )
    ]
    return [template % row for row in zip(*cells, strict=True)]


DELETE_BATCH = 900  # ids per DELETE: under SQLite's limit of query parameters


def _delete_ids(model, ids: list[int]) -> None:
    for start in range(0, len(ids), DELETE_BATCH):
        model.objects.filter(id__in=ids[start : start + DELETE_BATCH]).delete()


def write_answers(school: School, plan: Plan) -> None:
    _moments, participations = _roster(school, plan)
    instruments = load_instruments()
    _delete_ids(Response, plan.removed_ids)  # only what the file covers (kanvas.replacing)
    rows = []
    for code, block in plan.responses.items():
        questionnaire = instruments[code]
        answers, scores = (
            answers_texts(block.values, questionnaire),
            scores_texts(block.values, questionnaire),
        )
        rows += [
            (participations[key], questionnaire.id, answer_text, score_text)
            for key, answer_text, score_text in zip(block.keys, answers, scores, strict=True)
        ]
    _copy_rows(Response, ["participation_id", "questionnaire_id", "answers", "scores"], rows)


def write_nominations(school: School, plan: Plan) -> None:
    moments, participations = _roster(school, plan)
    _delete_ids(Nomination, plan.removed_ids)  # only what the file covers (kanvas.replacing)
    _copy_rows(
        Nomination,
        ["moment_id", "chooser_id", "chosen_id", "positive"],
        [
            (moments[m].id, participations[(m, chooser)], participations[(m, chosen)], positive)
            for m, chooser, chosen, positive in plan.nominations
        ],
    )

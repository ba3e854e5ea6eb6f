"""Write a checked Plan (kanvas.importers) to the database: bulk operations only, answers with COPY on PostgreSQL.

Called inside the import service's transaction; nothing here commits.
"""

import itertools
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
from django.db import connection

from kanvas.importers import Plan
from kanvas.models import Moment, Nomination, Participation, Response, moment_sort_key
from kanvas.scoring import QuestionnaireDef, load_instruments, score_responses
from npo_planner.lib.pg_copy import copy_stream, copy_value
from npo_planner.scholen.models import Enrollment, Group, Pupil, School
from npo_planner.scholen.services import school_year_get_or_create

BATCH = 5_000


def _copy_rows(model, columns: list[str], rows) -> None:
    """Insert new rows (tuples of `columns`): COPY on PostgreSQL (same connection, same transaction), bulk insert
    elsewhere."""
    if connection.vendor == "postgresql":
        template = "\t".join(["%s"] * len(columns)) + "\n"
        _copy_lines(model, columns, ["".join(template % tuple(map(copy_value, row)) for row in rows)])
        return
    attnames = [model._meta.get_field(c.removesuffix("_id")).attname for c in columns]
    model.objects.bulk_create(
        (model(**dict(zip(attnames, row, strict=True))) for row in rows), batch_size=BATCH
    )


def _copy_lines(model, columns: list[str], chunks: Iterable[str]) -> None:
    """COPY text-format lines of `columns` into the model's table (PostgreSQL), streamed chunk by chunk in one COPY.

    Columns not given get their field's default, computed once, rather than a model instance per row (which
    would cost more than the COPY itself).
    """
    defaults = [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and f.column not in columns and f.attname not in columns
    ]
    blank = model()
    constant = "".join(
        "\t" + copy_value(f.get_db_prep_save(f.pre_save(blank, add=True), connection)) for f in defaults
    )
    if constant:
        chunks = (chunk.replace("\n", constant + "\n") for chunk in chunks)
    copy_stream(model, [*columns, *(f.column for f in defaults)], chunks)


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


ANSWER_TEXT = ("null", "1", "2", "3", "4")  # stored JSON of an answer 0 (none) … 4
ITEMS_PER_FRAGMENT = 5  # 5**5 = 3,125 pre-built texts per five items
RESPONSES_PER_CHUNK = (
    20_000  # formatted and sent to COPY at a time: memory stays flat whatever the file's size
)


def _float_text(value: float) -> str:
    return "null" if value != value else repr(value)  # NaN: no score


@lru_cache(maxsize=16)
def _answer_fragments(item_ids: tuple[int, ...]) -> list[np.ndarray]:
    """Per ITEMS_PER_FRAGMENT items: the JSON text of every combination of their answers, numbered in base 5."""
    fragments = []
    for start in range(0, len(item_ids), ITEMS_PER_FRAGMENT):
        group = item_ids[start : start + ITEMS_PER_FRAGMENT]
        separator = "," if start else ""
        fragments.append(
            np.asarray(
                [
                    separator
                    + ",".join(
                        f'"{item_id}":{answer}' for item_id, answer in zip(group, answers, strict=True)
                    )
                    for answers in itertools.product(ANSWER_TEXT, repeat=len(group))
                ],
                dtype=object,
            )
        )
    return fragments


def _answers_array(values: np.ndarray, questionnaire: QuestionnaireDef) -> np.ndarray:
    """The stored JSON (kanvas.fields) of each response's answers, as an object array: each response's text is
    pre-built texts of a few items each added up by numpy, not formatted per response in Python."""
    texts = np.full(len(values), "{", dtype=object)
    for number, fragments in enumerate(_answer_fragments(tuple(questionnaire.items.values()))):
        combination = np.zeros(len(values), dtype=np.int64)
        for column in range(
            number * ITEMS_PER_FRAGMENT, min((number + 1) * ITEMS_PER_FRAGMENT, values.shape[1])
        ):
            combination = combination * len(ANSWER_TEXT) + values[:, column]
        texts = texts + fragments[combination]
    return texts + "}"


def _scores_array(values: np.ndarray, questionnaire: QuestionnaireDef) -> np.ndarray:
    """The stored JSON of each response's scale scores (kanvas.scoring), as an object array: per scale the text
    of each distinct (score, items answered, signal) is built once."""
    texts = np.full(len(values), "{", dtype=object)
    for number, column in enumerate(score_responses(values, questionnaire)):
        scores, score_of_row = np.unique(column.score, return_inverse=True)
        key = (score_of_row.reshape(-1) * (values.shape[1] + 1) + column.answered) * 2 + column.signal
        distinct, text_of_row = np.unique(key, return_inverse=True)
        separator = "," if number else ""
        fragments = np.asarray(
            [
                f'{separator}"{column.scale.id}":[{_float_text(float(scores[k // 2 // (values.shape[1] + 1)]))},'
                f"{k // 2 % (values.shape[1] + 1)},{'true' if k % 2 else 'false'}]"
                for k in distinct.tolist()
            ],
            dtype=object,
        )
        texts = texts + fragments[text_of_row.reshape(-1)]
    return texts + "}"


def answers_texts(values: np.ndarray, questionnaire: QuestionnaireDef) -> list[str]:
    """The stored JSON (kanvas.fields) of each response's answers."""
    return _answers_array(values, questionnaire).tolist()


def scores_texts(values: np.ndarray, questionnaire: QuestionnaireDef) -> list[str]:
    """The stored JSON of each response's scale scores, computed from its answers (kanvas.scoring)."""
    return _scores_array(values, questionnaire).tolist()


DELETE_BATCH = 900  # ids per DELETE: under SQLite's limit of query parameters


def _delete_ids(model, ids: list[int]) -> None:
    for start in range(0, len(ids), DELETE_BATCH):
        model.objects.filter(id__in=ids[start : start + DELETE_BATCH]).delete()


RESPONSE_COLUMNS = ["participation_id", "questionnaire_id", "answers", "scores"]


def _response_chunks(plan: Plan, participations, instruments):
    """(participation ids, questionnaire, answers texts, scores texts) per RESPONSES_PER_CHUNK responses."""
    for code, block in plan.responses.items():
        questionnaire = instruments[code]
        for start in range(0, len(block.keys), RESPONSES_PER_CHUNK):
            values = block.values[start : start + RESPONSES_PER_CHUNK]
            ids = [participations[key] for key in block.keys[start : start + RESPONSES_PER_CHUNK]]
            yield (
                ids,
                questionnaire,
                _answers_array(values, questionnaire),
                _scores_array(values, questionnaire),
            )


def _response_lines(ids, questionnaire, answers, scores) -> str:
    """COPY text lines; the JSON texts hold no tab, newline or backslash, so they need no escaping."""
    lines = np.asarray([str(i) for i in ids], dtype=object) + f"\t{questionnaire.id}\t" + answers
    return "".join((lines + "\t" + scores + "\n").tolist())


def write_answers(school: School, plan: Plan) -> None:
    _moments, participations = _roster(school, plan)
    instruments = load_instruments()
    _delete_ids(Response, plan.removed_ids)  # only what the file covers (kanvas.replacing)
    chunks = _response_chunks(plan, participations, instruments)
    if connection.vendor == "postgresql":
        _copy_lines(Response, RESPONSE_COLUMNS, (_response_lines(*chunk) for chunk in chunks))
        return
    _copy_rows(
        Response,
        RESPONSE_COLUMNS,
        (
            (pk, questionnaire.id, answer_text, score_text)
            for ids, questionnaire, answers, scores in chunks
            for pk, answer_text, score_text in zip(ids, answers.tolist(), scores.tolist(), strict=True)
        ),
    )


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

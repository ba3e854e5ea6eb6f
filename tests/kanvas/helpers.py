"""Builders of KanVAS files for tests."""

from kanvas.services import file_import

ANSWER_HEADER = "leerling;groep;meetmoment;vragenlijst;vraag;antwoord"
SOCIOGRAM_HEADER = "leerling;groep;meetmoment;vraag;gekozen"

# A profile gives every item of a scale the same raw answer (reversed items get 5 − it, so the score is exact).
CALM = {"NI": 1, "OS": 1, "OV": 1, "HS": 4}


def pupil_rows(code, group, moment, profile=None, questionnaire="leerling", prefix="L", skip=()):
    """Answer rows for one pupil; `profile` maps scale code → the score the pupil should get (1–4)."""
    profile = {**CALM, **(profile or {})}
    rows = []
    for index, scale in enumerate(["NI", "OS", "OV", "HS"]):
        target = profile[scale]
        for offset in range(6):
            number = index * 6 + offset + 1
            item = f"{prefix}{number:02d}"
            # position 5 of each scale is reversed
            answer = "" if item in skip else (5 - target if offset == 4 else target)
            rows.append(f"{code};{group};{moment};{questionnaire};{item};{answer}")
    return rows


def safety_rows(code, group, moment, wb=3, vb=3, il=3, ai=1, inc=1, answers=None):
    """Veiligheid answers of one pupil: every item of a scale the same, except the items in `answers`
    ({"V17": 4})."""
    rows = []
    values = [wb] * 5 + [vb] * 5 + [il] * 3 + [ai] * 3 + [inc] * 6
    for number, value in enumerate(values, start=1):
        value = (answers or {}).get(f"V{number:02d}", value)
        rows.append(f"{code};{group};{moment};veiligheid;V{number:02d};{value}")
    return rows


def csv_bytes(header, rows) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def group_rows(group, moment, n, *, signals=0, prefix="P", profile=None):
    """n pupils of a group; the first `signals` of them score 3 on OS (a signal)."""
    rows = []
    for i in range(n):
        p = {"OS": 3} if i < signals else {}
        p.update(profile or {})
        rows += pupil_rows(f"{prefix}{group}{i:02d}", group, moment, p)
    return rows


def import_answers(school, rows, *, replace=False, user=None, filename="antwoorden.csv"):
    return file_import(
        school=school,
        user=user,
        kind="antwoorden",
        data=csv_bytes(ANSWER_HEADER, rows),
        filename=filename,
        replace=replace,
    )


def import_sociogram(school, rows, *, replace=False, user=None):
    return file_import(
        school=school,
        user=user,
        kind="sociogram",
        data=csv_bytes(SOCIOGRAM_HEADER, rows),
        filename="sociogram.csv",
        replace=replace,
    )


def stored_answers(**filters) -> list[tuple[str, str, str, str, int | None]]:
    """(moment, pupil code, questionnaire, item code, value) of every stored answer (value None: not answered)."""
    from kanvas.models import Item, Response

    items = {item.id: item for item in Item.objects.select_related("questionnaire")}
    return [
        (moment, code, items[item_id].questionnaire.code, items[item_id].code, value)
        for moment, code, answers in Response.objects.filter(**filters).values_list(
            "participation__moment__label", "participation__pupil__code", "answers"
        )
        for item_id, value in answers.items()
    ]


def stored_scores(**filters) -> list[dict]:
    """Every stored scale score: moment, code (pupil), questionnaire, scale, score, answered, signal."""
    from kanvas.models import Response, Scale

    scales = {scale.id: scale for scale in Scale.objects.select_related("questionnaire")}
    return [
        {
            "moment": moment,
            "code": code,
            "questionnaire": scales[scale_id].questionnaire.code,
            "scale": scales[scale_id].code,
            "score": result.score,
            "answered": result.answered,
            "signal": result.signal,
        }
        for moment, code, scores in Response.objects.filter(**filters).values_list(
            "participation__moment__label", "participation__pupil__code", "scores"
        )
        for scale_id, result in scores.items()
    ]


def stored_score(scale, questionnaire=None) -> dict:
    """The one stored score on `scale` (of `questionnaire`, when given)."""
    found = [
        s for s in stored_scores() if s["scale"] == scale and questionnaire in (None, s["questionnaire"])
    ]
    assert len(found) == 1, found
    return found[0]

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


def safety_rows(code, group, moment, wb=3, vb=3, il=3, ai=1, inc=1):
    rows = []
    values = [wb] * 5 + [vb] * 5 + [il] * 3 + [ai] * 3 + [inc] * 6
    for number, value in enumerate(values, start=1):
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

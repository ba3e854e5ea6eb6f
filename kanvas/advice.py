"""The advice shown beside a signal: per scale code, the administrator's text (kanvas.models.ScaleAdvice)."""

from kanvas.models import ScaleAdvice


def advice_for(codes) -> list[ScaleAdvice]:
    """The advice of these scale codes, in the order given (one query); codes without advice are left out."""
    codes = list(dict.fromkeys(codes))
    found = {a.scale_code: a for a in ScaleAdvice.objects.filter(scale_code__in=codes)}
    return [found[code] for code in codes if code in found]


def signalled_codes_of_pupil(profile) -> list[str]:
    """The scale codes with a signal at the chosen moment on any questionnaire of the pupil's profile."""
    return [s["code"] for q in profile["questionnaires"] for s in q["scales"] if s["now_signal"]]


def signalled_codes_of_group(table) -> list[str]:
    """The scale codes with a signal at the chosen moment for at least one pupil of the group table."""
    return [
        code
        for position, code in enumerate(table["scales"])
        if any(row["cells"][position]["now_signal"] for row in table["rows"])
    ]

"""Rules for one filled-in questionnaire, shared by the paper form, the online form and the file import."""

from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext as _

from ouderbetrokkenheid.models import REMARK_MAX, RespondentKind, Stage

SCALE_MAX = {"s": 4, "p": 3}


@dataclass
class Filled:
    """A questionnaire as entered: answers by code ('s1' → 3); a missing answer is absent."""

    respondent: str
    stages: list[str] = field(default_factory=list)
    answers: dict[str, int] = field(default_factory=dict)
    remark: str = ""


def is_empty(filled: Filled) -> bool:
    """No statement or option answered and no remark: nobody answered anything, so it is no respondent."""
    return not filled.answers and not filled.remark.strip()


def empty_form_message() -> str:
    return _(
        "Het formulier is leeg: vul ten minste één stelling, suggestie of opmerking in. Een leeg formulier telt "
        "niet als respondent."
    )


def parse_value(kind: str, raw: str) -> tuple[int | None, str | None]:
    """Text of one answer → (value or None for empty, Dutch error or None)."""
    text = (raw or "").strip()
    if text == "":
        return None, None
    top = SCALE_MAX[kind]
    if not text.isdigit() or not 1 <= int(text) <= top:
        if kind == "s":
            return None, _("een stelling heeft als antwoord een heel getal van 1 tot en met 4, of leeg.")
        return None, _("een suggestie krijgt een heel getal van 1 tot en met 3 punten, of leeg.")
    return int(text), None


def parse_stages(raw: str) -> tuple[list[str], str | None]:
    """'onderbouw|bovenbouw', 'onderbouw, bovenbouw' or 'onderbouw;bovenbouw' → codes; unknown parts give an
    error."""
    parts = [
        p.strip().lower() for p in (raw or "").replace("|", ",").replace(";", ",").split(",") if p.strip()
    ]
    unknown = [p for p in parts if p not in Stage.values]
    if unknown:
        return [], _("bouw is onderbouw, middenbouw of bovenbouw (meerdere gescheiden door |, , of ;).")
    return [code for code in Stage.values if code in parts], None


def parse_respondent(raw: str) -> tuple[str | None, str | None]:
    text = (raw or "").strip().lower()
    if text not in RespondentKind.values:
        return None, _("respondent is 'ouder' of 'team'.")
    return text, None


def check_filled(
    filled: Filled, *, parents_only: set[int], n_statements: int, n_options: int
) -> dict[str, str]:
    """Errors by field code for a whole questionnaire (empty dict when valid)."""
    errors = {}
    if is_empty(filled):
        errors[NON_FIELD_ERRORS] = empty_form_message()
    if filled.respondent not in RespondentKind.values:
        errors["respondent"] = _("Kies ouder of teamlid.")
    for code, value in filled.answers.items():
        kind, number = code[0], int(code[1:])
        limit = n_statements if kind == "s" else n_options
        if not 1 <= number <= limit or not 1 <= value <= SCALE_MAX[kind]:
            errors[code] = _("Dit antwoord valt buiten de schaal.")
        elif kind == "s" and number in parents_only and filled.respondent == RespondentKind.TEAM:
            errors[code] = _("Deze stelling is alleen voor ouders; een teamlid laat haar leeg.")
    if len(filled.remark) > REMARK_MAX:
        errors["remark"] = _("Een opmerking is ten hoogste 2000 tekens lang.")
    bad_stages = [s for s in filled.stages if s not in Stage.values]
    if bad_stages:
        errors["stages"] = _("Onbekende bouw.")
    return errors

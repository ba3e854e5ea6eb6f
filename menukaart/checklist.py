"""The checklist of seed 004 for an intervention that is not in the NJi databank (pure, no database).

A school answers seven points (each with a short answer and whether it is clear) and may add two plus points.
A point counts as unclear when the school marks it unclear or leaves the answer empty. Three or more unclear
points (of the seven) make the intervention doubtful ("twijfelachtig"), as seed 004 says: "Wanneer drie of vier
punten uit de checklist niet helder zijn, kan een school zich afvragen of de interventie effectief is."

Stored as JSON on the intervention: {point_key: {"answer": str, "clear": bool}}.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

DOUBTFUL_FROM = 3
MAX_ANSWER = 2000


@dataclass(frozen=True)
class Point:
    key: str
    question: str
    hint: str


POINTS = [
    Point(
        "target_group",
        _("Is de doelgroep helder omschreven?"),
        _("Sluit de interventie aan bij de leeftijd, achtergrond en kwetsbaarheden van de leerlingen?"),
    ),
    Point(
        "goals",
        _("Zijn de doelen helder?"),
        _("Wat wil de interventie bereiken? Let op veel doelen in weinig tijd: dat is niet realistisch."),
    ),
    Point(
        "approach",
        _("Is de aanpak helder omschreven?"),
        _("Is er een handleiding, is de duur duidelijk, welke activiteiten in welke volgorde?"),
    ),
    Point(
        "executors",
        _("Is helder omschreven wie de uitvoerders zijn?"),
        _("Welke opleiding en competenties hebben de uitvoerders nodig?"),
    ),
    Point(
        "quality",
        _("Bewaken de uitvoerders de kwaliteit van de uitvoering?"),
        _("Wordt de interventie uitgevoerd zoals bedoeld, met opleiding en supervisie?"),
    ),
    Point(
        "conditions",
        _("Wat zijn de randvoorwaarden voor het uitvoeren van de interventie?"),
        _("Wat vraagt de interventie aan leerkrachten, tijd en ruimte? Kan de school hieraan voldoen?"),
    ),
    Point(
        "costs",
        _("Zijn de kosten helder?"),
        _("Kan de uitvoerder de kosten onderbouwen?"),
    ),
]

PLUS_POINTS = [
    Point(
        "rationale",
        _("Onderbouwing: waarom werkt de interventie?"),
        _("Een samenhangend verhaal, gesteund door wetenschappelijke literatuur."),
    ),
    Point(
        "research",
        _("Onderzoeksresultaten: is aangetoond dat de interventie werkt?"),
        _("Beoordelingen van leerlingen en ouders, of studies uit binnen- of buitenland."),
    ),
]

ALL_POINTS = POINTS + PLUS_POINTS
POINT_KEYS = [p.key for p in POINTS]
PLUS_KEYS = [p.key for p in PLUS_POINTS]


@dataclass(frozen=True)
class Result:
    unclear: list  # Points (of POINTS) that are not clear
    plus: list  # PLUS_POINTS the school has substantiated

    @property
    def doubtful(self) -> bool:
        return len(self.unclear) >= DOUBTFUL_FROM

    @property
    def n_unclear(self) -> int:
        return len(self.unclear)


def _entry(data: dict, key: str) -> dict:
    value = (data or {}).get(key) or {}
    return value if isinstance(value, dict) else {}


def is_clear(data: dict, key: str) -> bool:
    entry = _entry(data, key)
    return bool(entry.get("clear")) and bool(str(entry.get("answer") or "").strip())


def evaluate(data: dict) -> Result:
    unclear = [p for p in POINTS if not is_clear(data, p.key)]
    plus = [p for p in PLUS_POINTS if is_clear(data, p.key)]
    return Result(unclear=unclear, plus=plus)


def validate(data) -> list[str]:
    """Shape errors (Dutch) of stored checklist JSON; an empty list when it is fine."""
    if not isinstance(data, dict):
        return [str(_("De checklist is onleesbaar."))]
    problems = []
    known = {p.key for p in ALL_POINTS}
    for key, entry in data.items():
        if key not in known:
            problems.append(str(_("Onbekend checklistpunt: %(key)s.")) % {"key": key})
        elif not isinstance(entry, dict) or not isinstance(entry.get("answer", ""), str):
            problems.append(str(_("Checklistpunt %(key)s is onleesbaar.")) % {"key": key})
        elif len(entry.get("answer", "")) > MAX_ANSWER:
            problems.append(
                str(_("Het antwoord bij %(key)s is langer dan %(max)s tekens."))
                % {"key": key, "max": MAX_ANSWER}
            )
    return problems


def rows(data: dict) -> list[dict]:
    """Every point with its answer, for display: question, answer, clear, answered, plus."""
    result = []
    for point in ALL_POINTS:
        entry = _entry(data, point.key)
        result.append(
            {
                "question": point.question,
                "answer": str(entry.get("answer") or ""),
                "clear": is_clear(data, point.key),
                "answered": bool(entry),
                "plus": point.key in PLUS_KEYS,
            }
        )
    return result

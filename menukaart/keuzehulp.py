"""Where the keuzehulp's needs come from: the schoolscan's priorities, or else a short set of questions.

When the schoolscan has no priorities for the year, the keuzehulp asks what the school wants to improve instead.
The schoolscan app is always installed: an error in its selector is an error, never "no priorities".
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from menukaart.ranking import Need


@dataclass(frozen=True)
class Question:
    key: str
    label: str
    goal_area: str
    words: str  # what the answer means, matched against the interventions' texts


QUESTIONS = [
    Question("lezen", _("Begrijpend lezen"), "B", "begrijpend lezen"),
    Question("rekenen", _("Rekenen"), "B", "rekenen"),
    Question("taal", _("Mondelinge taal en woordenschat"), "B", "gesproken taal woordenschat"),
    Question("instructie", _("Instructie en feedback in de klas"), "B", "instructie feedback"),
    Question("tijd", _("Meer onderwijstijd om vertraging in te halen"), "A", "onderwijstijd"),
    Question("welbevinden", _("Welbevinden en sociaal-emotionele ontwikkeling"), "C", "welbevinden sociaal"),
    Question(
        "executief", _("Werkhouding, plannen en zelfregulatie"), "D", "metacognitie zelfregulerend plannen"
    ),
    Question("personeel", _("Meer handen in de klas"), "E", "onderwijsassistenten klassenverkleining"),
    Question("ouders", _("Ouderbetrokkenheid"), "F", "ouderbetrokkenheid ouders"),
]
QUESTIONS_BY_KEY = {q.key: q for q in QUESTIONS}


def needs_from_answers(keys: list[str], grades: str = "") -> list[Need]:
    needs = []
    for key in keys:
        question = QUESTIONS_BY_KEY.get(key)
        if question:
            needs.append(
                Need(
                    title=str(question.label),
                    goal_area=question.goal_area,
                    grades=grades,
                    aim=question.words,
                    kind="wens",
                )
            )
    return needs


def scan_needs(*, school, school_year) -> list[Need]:
    """The schoolscan's priorities of the year as needs ([] when the scan has none)."""
    from schoolscan.selectors import priorities_for  # imported when called, like programma.sources

    if school_year is None:
        return []
    needs = []
    for priority in priorities_for(school=school, school_year=school_year):
        title = priority.title.strip()
        if not title:
            continue
        area = (priority.goal_area or "").strip().upper()
        needs.append(
            Need(
                title=title,
                goal_area=area if area in {"A", "B", "C", "D", "E", "F"} else "",
                grades=priority.grades or "",
                aim=priority.aim or "",
                kind="speerpunt",
            )
        )
    return needs

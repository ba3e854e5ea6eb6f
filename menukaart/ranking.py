"""The keuzehulp's logic (pure: no database): from the school's needs to goal areas and ranked interventions.

A *need* is a priority of the schoolscan ("speerpunt") or, without a scan, an answer to the keuzehulp's
questions ("wens"). An intervention fits a need when its goal area is the need's goal area, or when words of
the need's title or aim occur in the intervention's name or summary/description. Among fitting interventions
the ranking prefers more months of impact, stronger evidence, lower cost and a higher NJi recognition; an
unknown figure earns nothing (it is not guessed) and is named as unknown in the reason. A school's own
intervention that the checklist marks doubtful is ranked down and says so.

Each suggestion carries its reason in words, e.g.
"past bij speerpunt begrijpend lezen groep 5–6; +6 maanden, laag in kosten, sterk bewijs".
"""

import re
from collections import OrderedDict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from menukaart import checklist
from menukaart.display import cost_text, evidence_text, grades_text, impact_text

GOAL_MATCH = 3.0
NAME_MATCH = 3.0  # words of the need in the intervention's name (counted once, however many words)
TEXT_MATCH = 1.5  # words of the need only in its summary or description
IMPACT_WEIGHT = 0.5  # per month
EVIDENCE_WEIGHT = 0.5  # per padlock above 2
COST_WEIGHT = 0.5  # per band below 3
NJI_WEIGHT = 0.75  # per level (goed beschreven = 1 … sterke aanwijzingen = 5)
DOUBTFUL_PENALTY = 3.0
NJI_RANK = {
    "goed_beschreven": 1,
    "goed_onderbouwd": 2,
    "eerste_aanwijzingen": 3,
    "goede_aanwijzingen": 4,
    "sterke_aanwijzingen": 5,
}
NJI_WORDS = {
    "goed_beschreven": gettext_lazy("goed beschreven"),
    "goed_onderbouwd": gettext_lazy("goed onderbouwd"),
    "eerste_aanwijzingen": gettext_lazy("effectief volgens eerste aanwijzingen"),
    "goede_aanwijzingen": gettext_lazy("effectief volgens goede aanwijzingen"),
    "sterke_aanwijzingen": gettext_lazy("effectief volgens sterke aanwijzingen"),
}

STOPWORDS = {
    "aan",
    "alle",
    "andere",
    "beter",
    "betere",
    "binnen",
    "door",
    "extra",
    "groep",
    "groepen",
    "leerling",
    "leerlingen",
    "meer",
    "minder",
    "naar",
    "ontwikkeling",
    "onze",
    "over",
    "school",
    "tegen",
    "voor",
    "waar",
    "worden",
}
WORD_RE = re.compile(r"[a-zà-ÿ]+")


@dataclass(frozen=True)
class Need:
    title: str
    goal_area: str = ""  # "A".."F", or "" when the need does not name one
    grades: str = ""  # e.g. "5-6"
    aim: str = ""
    kind: str = "speerpunt"  # "speerpunt" (from the scan) or "wens" (an answer to the questions)

    def words(self) -> set[str]:
        return _words(f"{self.title} {self.aim}")

    def label(self) -> str:
        text = self.title.strip().lower()
        grades = grades_text(self.grades)
        if grades and "groep" not in text:
            text = f"{text} " + _("groep %(grades)s") % {"grades": grades}
        return text


@dataclass
class Suggestion:
    intervention: object
    score: float
    need: Need
    reasons: list[str] = field(default_factory=list)

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


def _words(text: str) -> set[str]:
    return {w for w in WORD_RE.findall((text or "").lower()) if len(w) >= 4 and w not in STOPWORDS}


def _stem_hit(words: set[str], text_words: set[str]) -> set[str]:
    """Words that occur in the text, also as the start of a longer word (lees → leesstrategieën)."""
    hits = set()
    for word in words:
        stem = word[:5] if len(word) > 5 else word
        if any(t.startswith(stem) for t in text_words):
            hits.add(word)
    return hits


def fit(need: Need, intervention) -> tuple[float, str]:
    """How well an intervention fits one need (0 = not at all), and the words saying why."""
    score = 0.0
    words = need.words()
    name_hits = _stem_hit(words, _words(intervention.name))
    text_hits = _stem_hit(words, _words(f"{intervention.summary} {intervention.description}"))
    if name_hits:
        score += NAME_MATCH
    elif text_hits:
        score += TEXT_MATCH
    if need.goal_area and need.goal_area == intervention.goal_area:
        score += GOAL_MATCH
    if score == 0:
        return 0.0, ""
    values = {"need": need.label(), "area": need.goal_area}
    if name_hits or text_hits:
        why = _("past bij wens %(need)s") if need.kind == "wens" else _("past bij speerpunt %(need)s")
    else:
        why = (
            _("zelfde doelgebied (%(area)s) als wens %(need)s")
            if need.kind == "wens"
            else _("zelfde doelgebied (%(area)s) als speerpunt %(need)s")
        )
    return score, why % values


def quality(intervention) -> tuple[float, list[str]]:
    """Score and words for the figures: impact, cost, evidence (unknown earns nothing) and NJi recognition."""
    score = 0.0
    words = []
    impact = intervention.impact_months
    if impact is not None:
        score += IMPACT_WEIGHT * impact
    words.append(impact_text(impact))
    if intervention.cost is not None:
        score += COST_WEIGHT * (3 - intervention.cost)
    words.append(cost_text(intervention.cost))
    if intervention.evidence is not None:
        score += EVIDENCE_WEIGHT * (intervention.evidence - 2)
    words.append(evidence_text(intervention.evidence))
    level = getattr(intervention, "nji_level", "") or ""
    if level in NJI_RANK:
        score += NJI_WEIGHT * NJI_RANK[level]
        words.append(_("NJi: %(level)s") % {"level": NJI_WORDS[level]})
    return score, words


def _suits_school_type(intervention, school_type: str | None) -> bool:
    level = getattr(intervention, "school_type", "po_vo") or "po_vo"
    return not school_type or level == "po_vo" or level == school_type


def rank(needs: list[Need], interventions, *, school_type: str | None = None, limit: int | None = None):
    """Interventions that fit at least one need, best first; ties broken by name for a stable order."""
    suggestions = []
    for intervention in interventions:
        if not _suits_school_type(intervention, school_type):
            continue
        best_score, best_need, best_why = 0.0, None, ""
        for need in needs:
            score, why = fit(need, intervention)
            if score > best_score:
                best_score, best_need, best_why = score, need, why
        if best_need is None:
            continue
        figure_score, figure_words = quality(intervention)
        reasons = [best_why, ", ".join(figure_words)]
        score = best_score + figure_score
        if getattr(intervention, "school_id", None) is not None:
            result = checklist.evaluate(getattr(intervention, "checklist", {}) or {})
            if result.doubtful:
                score -= DOUBTFUL_PENALTY
                reasons.append(
                    _("twijfelachtig: %(n)s punten van de checklist zijn niet helder")
                    % {"n": result.n_unclear}
                )
        if intervention.goal_area == "F":
            reasons.append(_("alleen in combinatie met een maatregel uit A–E"))
        suggestions.append(
            Suggestion(intervention=intervention, score=score, need=best_need, reasons=reasons)
        )
    suggestions.sort(key=lambda s: (-s.score, s.intervention.name))
    return suggestions[:limit] if limit else suggestions


def goal_areas_for(needs: list[Need]) -> list[tuple[str, list[Need]]]:
    """The goal areas the needs point to, most needs first (then A–F). F is shown with its rule (only with A–E)."""
    by_area: OrderedDict[str, list[Need]] = OrderedDict()
    for need in needs:
        if need.goal_area:
            by_area.setdefault(need.goal_area, []).append(need)
    return sorted(by_area.items(), key=lambda pair: (-len(pair[1]), pair[0]))

"""The keuzehulp's logic (pure: no database): from the school's needs to goal areas and ranked interventions.

A *need* is a priority of the schoolscan ("speerpunt") or, without a scan, an answer to the keuzehulp's
questions ("wens"). An intervention fits a need when its goal area is the need's goal area, or when words of
the need's title or aim occur in the intervention's name or summary/description. Among fitting interventions
the ranking prefers more months of impact, stronger evidence, lower cost and a higher NJi recognition; an
unknown figure earns nothing (it is not guessed): the reason names what is unknown, why (the source's note, e.g.
"niet geverifieerd"), and that it earns no points, and it ends with the points that put the item where it is. A school's own
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
from npo_planner.scholen.goal_areas import F_RULE

GOAL_MATCH = 3.0
NAME_MATCH = 3.0  # words of the need in the intervention's name (counted once, however many words)
TEXT_MATCH = 1.5  # words of the need only in its summary or description
IMPACT_WEIGHT = 0.5  # per month
EVIDENCE_WEIGHT = 0.5  # per padlock above 2
COST_WEIGHT = 0.5  # per band below 3
NJI_WEIGHT = 0.75  # per NJi level (goed onderbouwd = 1 … sterke aanwijzingen = 4)
DOUBTFUL_PENALTY = 3.0
# "goed beschreven" is a Loket Gezond Leven level, not an NJi recognition: it earns no NJi points.
NJI_RANK = {
    "goed_onderbouwd": 1,
    "eerste_aanwijzingen": 2,
    "goede_aanwijzingen": 3,
    "sterke_aanwijzingen": 4,
}
NJI_WORDS = {
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
    points: str = ""  # why it ranks where it does: "rangorde: aansluiting +6, impact +3, … = 11"

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


def _words(text: str) -> set[str]:
    return {w for w in WORD_RE.findall((text or "").lower()) if len(w) >= 4 and w not in STOPWORDS}


def _starts(text_words: set[str]) -> frozenset[str]:
    """The first 4 and 5 letters of every word: a need's word (4+ letters, stem of at most 5) occurs in the text
    when its stem is among them."""
    return frozenset(t[:n] for t in text_words for n in (4, 5))


def _stem_hit(words: set[str], starts: frozenset[str]) -> set[str]:
    """Words that occur in the text, also as the start of a longer word (lees → leesstrategieën)."""
    return {word for word in words if (word[:5] if len(word) > 5 else word) in starts}


def _text_starts(intervention) -> tuple[frozenset[str], frozenset[str]]:
    """(starts of the name's words, starts of the summary's, description's and subjects' words)."""
    subjects = getattr(intervention, "subjects", "") or ""
    text = f"{intervention.summary} {intervention.description} {subjects}"
    return _starts(_words(intervention.name)), _starts(_words(text))


def fit(need: Need, intervention, *, words=None, starts=None) -> tuple[float, str]:
    """How well an intervention fits one need (0 = not at all), and the words saying why. `words` (the need's) and
    `starts` (`_text_starts` of the intervention) let `rank` compute each once."""
    score = 0.0
    words = need.words() if words is None else words
    name_starts, text_starts = _text_starts(intervention) if starts is None else starts
    name_hits = _stem_hit(words, name_starts)
    text_hits = _stem_hit(words, text_starts)
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
    score, words, _points, _unknown = _figures(intervention)
    return score, words


def _figures(intervention) -> tuple[float, list[str], list[tuple[str, float]], list[str]]:
    """(score, words, points per figure, names of the unknown figures) for the figures of an intervention."""
    score = 0.0
    words, points, unknown = [], [], []
    impact = intervention.impact_months
    if impact is not None:
        points.append((_("impact"), IMPACT_WEIGHT * impact))
    else:
        unknown.append(_("impact"))
    words.append(impact_text(impact))
    if intervention.cost is not None:
        points.append((_("kosten"), COST_WEIGHT * (3 - intervention.cost)))
    else:
        unknown.append(_("kosten"))
    words.append(cost_text(intervention.cost))
    if intervention.evidence is not None:
        points.append((_("bewijs"), EVIDENCE_WEIGHT * (intervention.evidence - 2)))
    else:
        unknown.append(_("bewijs"))
    words.append(evidence_text(intervention.evidence))
    level = getattr(intervention, "nji_level", "") or ""
    if level in NJI_RANK:
        points.append((_("NJi-erkenning"), NJI_WEIGHT * NJI_RANK[level]))
        words.append(_("NJi: %(level)s") % {"level": NJI_WORDS[level]})
    score = sum(value for _label, value in points)
    return score, words, points, unknown


def _number(value: float) -> str:
    text = f"{value:+.1f}".replace(".", ",")
    return text[:-2] if text.endswith(",0") else text


def unknown_reason(intervention, unknown: list[str]) -> str:
    """What is unknown, why, and what that does to the ranking ('' when every figure is known)."""
    if not unknown:
        return ""
    why = (getattr(intervention, "figures_source", "") or "").strip()
    if not why:
        why = (
            _("eigen interventie: geen EEF-cijfers")
            if getattr(intervention, "school_id", None) is not None
            else _("geen bron voor deze cijfers")
        )
    return _(
        "onbekend: %(figures)s (%(why)s); onbekend telt niet mee, geen punten en geen aftrek, dus staat "
        "deze interventie lager dan een even passende met bekende gunstige cijfers"
    ) % {"figures": ", ".join(unknown), "why": why}


def points_reason(fit_score: float, points: list[tuple[str, float]], penalty: float) -> str:
    """'rangorde: aansluiting +6, impact +3, kosten +1, bewijs +1 = 11' (why it ranks where it does)."""
    parts = [_("aansluiting %(n)s") % {"n": _number(fit_score)}]
    parts += [f"{label} {_number(value)}" for label, value in points]
    if penalty:
        parts.append(_("twijfelachtig %(n)s") % {"n": _number(-penalty)})
    total = fit_score + sum(value for _label, value in points) - penalty
    return _("rangorde: %(parts)s = %(total)s") % {
        "parts": ", ".join(parts),
        "total": _number(total).lstrip("+"),
    }


def _suits_school_type(intervention, school_type: str | None) -> bool:
    level = getattr(intervention, "school_type", "po_vo") or "po_vo"
    return not school_type or level == "po_vo" or level == school_type


def rank(needs: list[Need], interventions, *, school_type: str | None = None, limit: int | None = None):
    """Interventions that fit at least one need, best first; ties broken by name for a stable order."""
    suggestions = []
    need_words = [need.words() for need in needs]
    for intervention in interventions:
        if not _suits_school_type(intervention, school_type):
            continue
        best_score, best_need, best_why = 0.0, None, ""
        starts = _text_starts(intervention)
        for need, words in zip(needs, need_words, strict=True):
            score, why = fit(need, intervention, words=words, starts=starts)
            if score > best_score:
                best_score, best_need, best_why = score, need, why
        if best_need is None:
            continue
        figure_score, figure_words, points, unknown = _figures(intervention)
        reasons = [best_why, ", ".join(figure_words)]
        score = best_score + figure_score
        penalty = 0.0
        if getattr(intervention, "school_id", None) is not None:
            result = checklist.evaluate(getattr(intervention, "checklist", {}) or {})
            if result.doubtful:
                penalty = DOUBTFUL_PENALTY
                score -= penalty
                reasons.append(
                    _("twijfelachtig: %(n)s punten van de checklist zijn niet helder")
                    % {"n": result.n_unclear}
                )
        if intervention.goal_area == "F":
            reasons.append(str(F_RULE))
        if unknown:
            reasons.append(unknown_reason(intervention, unknown))
        suggestions.append(
            Suggestion(
                intervention=intervention,
                score=score,
                need=best_need,
                reasons=reasons,
                points=points_reason(best_score, points, penalty),
            )
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

"""Themes for open remarks (after the tally in seed 003, Bijlage 5) and a simple keyword suggestion."""

import re

from django.utils.translation import gettext_lazy as _

# code, label, keywords (lower case; a keyword matches at the start of a word)
THEMES = [
    (
        "schoolapp",
        _("Schoolapp en berichten"),
        ["app", "schoolapp", "mail", "brief", "bericht", "nieuwsbrief", "foto"],
    ),
    (
        "informatie",
        _("Meer of gerichtere informatie"),
        ["informatie", "informeren", "uitleg", "oefening", "inhoud", "leerjaar", "folder", "samenvatting"],
    ),
    (
        "ouderavond",
        _("Ouderavonden en thema-avonden"),
        ["ouderavond", "avond", "thema", "startavond", "informatiemoment"],
    ),
    ("meedoen", _("Meedoen in de klas"), ["kanjerles", "bijwonen", "les ", "meedoen", "project", "inloop"]),
    ("gesprekken", _("Gesprekken met ouders en kind"), ["gesprek", "ouder-kind", "praten", "juf", "meester"]),
    ("verschillen", _("Verschillen tussen groepen"), ["verschil", "klassen", "bouwen", "per groep"]),
    (
        "volgsysteem",
        _("Vragenlijsten en volgsysteem"),
        ["volgsysteem", "leerlingvolg", "vragenlijst", "zien!"],
    ),
    (
        "keuzes",
        _("Keuzes en werkdruk"),
        ["belasting", "werkdruk", "keuzes", "alles doen", "niet alles", "taak"],
    ),
    ("tevreden", _("Tevreden zoals het gaat"), ["tevreden", "goed zo", "prima", "fijn"]),
    ("overig", _("Overig"), []),
]
THEME_CHOICES = [(code, label) for code, label, _k in THEMES]
THEME_LABELS = dict(THEME_CHOICES)


def suggest_theme(text: str) -> str:
    """The theme with the most keyword hits in the remark ('' for an empty remark, 'overig' when none hits)."""
    lowered = " " + (text or "").lower() + " "
    if not lowered.strip():
        return ""
    best, best_hits = "overig", 0
    for code, _label, keywords in THEMES:
        hits = sum(1 for word in keywords if re.search(r"(?<![a-z])" + re.escape(word), lowered))
        if hits > best_hits:
            best, best_hits = code, hits
    return best

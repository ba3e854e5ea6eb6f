"""Themes for open remarks (after the tally in seed 003, Bijlage 5) and a simple keyword suggestion.

The default themes below are the same for every school. A school adds its own (models.SchoolTheme); wherever
themes are offered or counted the order is: the default themes, then the school's own, then 'Overig'. A school's
own theme is named by the code 'eigen-<id>'; on a response it is stored as `own_theme` with `theme` 'eigen'."""

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
OTHER = "overig"
OWN_MARKER = "eigen"  # Response.theme of a remark tagged with a school's own theme
_OWN_CODE = re.compile(r"eigen-([1-9][0-9]{0,9})")


def own_code(pk: int) -> str:
    return f"{OWN_MARKER}-{pk}"


def own_pk(code: str) -> int | None:
    """'eigen-12' → 12; None for anything else (default codes, '', malformed)."""
    match = _OWN_CODE.fullmatch(code or "")
    return int(match[1]) if match else None


def parse_keywords(text: str) -> list[str]:
    """'Verkeer, oversteken;parkeren' → ['verkeer', 'oversteken', 'parkeren'] (lower case, no doubles)."""
    words = (" ".join(part.split()).lower() for part in re.split(r"[,;\n]", text or ""))
    return list(dict.fromkeys(word for word in words if word))


def theme_choices(own=()) -> list[tuple[str, str]]:
    """(code, label) of the default themes, then the school's own (`own`: SchoolTheme objects), then 'Overig'."""
    defaults = [(code, label) for code, label in THEME_CHOICES if code != OTHER]
    return [*defaults, *((theme.code, theme.label) for theme in own), (OTHER, THEME_LABELS[OTHER])]


def _hits(keywords, lowered: str) -> int:
    return sum(1 for word in keywords if re.search(r"(?<![a-z])" + re.escape(word), lowered))


def suggest_theme(text: str, own=()) -> str:
    """The theme with the most keyword hits in the remark ('' for an empty remark, 'overig' when none hits).

    `own` are the school's own themes (SchoolTheme objects); on a tie with a default theme the school's own wins,
    its keywords being the more specific."""
    lowered = " " + (text or "").lower() + " "
    if not lowered.strip():
        return ""
    candidates = [
        *((theme.code, theme.keyword_list) for theme in own),
        *((code, keywords) for code, _label, keywords in THEMES),
    ]
    best, best_hits = OTHER, 0
    for code, keywords in candidates:
        hits = _hits(keywords, lowered)
        if hits > best_hits:
            best, best_hits = code, hits
    return best

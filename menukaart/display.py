"""How figures read in words (Dutch): "+6 maanden", "laag in kosten", "sterk bewijs"; unknown is "onbekend".

Pure functions, used by the templates (through the template filters) and by the keuzehulp reasons.
"""

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext


def impact_text(months: int | None) -> str:
    if months is None:
        return _("impact onbekend")
    sign = "+" if months > 0 else ("−" if months < 0 else "")
    n = abs(months)
    return ngettext("%(sign)s%(n)s maand", "%(sign)s%(n)s maanden", n) % {"sign": sign, "n": n}


def evidence_word(evidence: int | None) -> str:
    words = {
        0: _("onvoldoende"),
        1: _("zeer beperkt"),
        2: _("beperkt"),
        3: _("redelijk"),
        4: _("sterk"),
        5: _("zeer sterk"),
    }
    return words.get(evidence, _("onbekend"))


def evidence_text(evidence: int | None) -> str:
    if evidence is None:
        return _("bewijs onbekend")
    return _("%(word)s bewijs") % {"word": evidence_word(evidence)}


def cost_word(cost: int | None) -> str:
    words = {1: _("zeer laag"), 2: _("laag"), 3: _("gemiddeld"), 4: _("hoog"), 5: _("zeer hoog")}
    return words.get(cost, _("onbekend"))


def cost_text(cost: int | None) -> str:
    if cost is None:
        return _("kosten onbekend")
    return _("%(word)s in kosten") % {"word": cost_word(cost)}


def evidence_alt(evidence: int | None) -> str:
    if evidence is None:
        return _("Bewijskracht onbekend")
    return _("Bewijskracht %(n)s van 5 (%(word)s)") % {"n": evidence, "word": evidence_word(evidence)}


def cost_alt(cost: int | None) -> str:
    if cost is None:
        return _("Kosten onbekend")
    return _("Kosten %(n)s van 5 (%(word)s)") % {"n": cost, "word": cost_word(cost)}


def grades_text(grades: str) -> str:
    """'5-6' → '5–6' (en dash), as the reasons print it."""
    return (grades or "").strip().replace("-", "–")


# EEF cost bands per pupil per year (EEF "Cost" page, FACTS.md §1): 1 very low < £80 · 2 low ≤ £200 ·
# 3 moderate ≤ £720 · 4 high ≤ £1,200 · 5 very high > £1,200. The Dutch menukaart puts "zeer laag" at up to €92.
COST_BANDS = {
    1: gettext_lazy("minder dan £80 (ca. € 92)"),
    2: gettext_lazy("£80 tot £200"),
    3: gettext_lazy("£200 tot £720"),
    4: gettext_lazy("£720 tot £1.200"),
    5: gettext_lazy("meer dan £1.200"),
}


def cost_band(cost: int | None) -> str:
    if cost not in COST_BANDS:
        return ""
    return _("EEF-klasse: %(band)s per leerling per jaar") % {"band": COST_BANDS[cost]}


def cost_bands_legend() -> str:
    """All five bands in one sentence, for the legend under the catalogue."""
    bands = "; ".join(f"{n} {COST_BANDS[n]}" for n in sorted(COST_BANDS))
    return _("Kosten: 1–5 eurotekens, de EEF-klassen per leerling per jaar: %(bands)s.") % {"bands": bands}


def edition_text(day) -> str:
    """'menukaart van 1 april 2022' for an edition date; '' without one."""
    if day is None:
        return ""
    return _("menukaart-editie van %(date)s") % {"date": date_format(day, "j F Y")}

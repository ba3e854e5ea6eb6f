"""Demo schoolscans: an established scan for 12AB (2021-2022, made in spring 2021 before the school's first KanVAS
measurement) and a concept for 34CD. Idempotent.

The figures are invented but realistic for a primary school after the school closures of 2020–2021.
"""

import datetime
from decimal import Decimal

from npo_planner.scholen.roles import Role
from schoolscan.models import Scan, SectionKey
from schoolscan.selectors import sections_for
from schoolscan.services import scan_create, scan_establish, section_save

ESTABLISHED_12AB = datetime.datetime(2021, 6, 14, 16, 0, tzinfo=datetime.UTC)

CONTEXT_12AB = {
    **{f"pupils_{grade}": 25 for grade in range(1, 9)},
    "population": (
        "Gemengde wijkschool in een naoorlogse wijk. Ongeveer een derde van de leerlingen spreekt thuis ook een "
        "andere taal dan Nederlands; het opleidingsniveau van ouders is gemiddeld iets lager dan landelijk. "
        "Weinig tussentijdse instroom, wel een groeiende groep nieuwkomers in de middenbouw."
    ),
    "disadvantage_units": Decimal("58.40"),
    "notes": "Schoolweging 31,2 (CBS, peildatum 1 oktober 2020).",
}

# domain, grade, instrument, result, delay (months), share below norm (%), trend, note
COGNITIVE_12AB = [
    (
        "technisch_lezen",
        4,
        "DMT M4",
        "IV-gem",
        "-3.0",
        "28.0",
        "dalend",
        "Vooral de zwakke lezers vielen terug.",
    ),
    ("technisch_lezen", 5, "DMT M5", "III-gem", "-2.0", "24.0", "gelijk", ""),
    (
        "begrijpend_lezen",
        5,
        "Cito LOVS Begrijpend lezen M5",
        "IV-gem",
        "-4.5",
        "36.0",
        "dalend",
        "Grootste vertraging van de school; woordenschat is zwak.",
    ),
    ("begrijpend_lezen", 6, "Cito LOVS Begrijpend lezen M6", "IV-gem", "-4.0", "33.0", "dalend", ""),
    ("spelling", 5, "Cito LOVS Spelling M5", "III-gem", "-1.5", "20.0", "gelijk", ""),
    (
        "rekenen",
        6,
        "Cito LOVS Rekenen-Wiskunde M6",
        "III-gem",
        "-3.0",
        "29.0",
        "dalend",
        "Breuken en verhoudingen blijven achter.",
    ),
    ("rekenen", 7, "Cito LOVS Rekenen-Wiskunde M7", "III-gem", "-2.5", "26.0", "gelijk", ""),
    (
        "taal",
        8,
        "Cito LOVS Taalverzorging M8",
        "II-gem",
        "1.0",
        "15.0",
        "stijgend",
        "Groei na extra aandacht.",
    ),
]

# The scan is made in spring 2021 for the programme from August 2021: the first KanVAS measurement of the school
# is in autumn 2021, so the scan names no KanVAS figures (the page shows the later measurements as later).
WELLBEING_12AB = {
    "step_groups": (
        "Er is nog geen KanVAS-meting: de school neemt vanaf najaar 2021 twee keer per jaar de KanVAS-"
        "leerlingvragenlijst af in groep 5 tot en met 8. Leerkrachten van de middenbouw zien sinds de "
        "schoolsluiting meer leerlingen die somber of onrustig zijn; dat bespreken we in de groepsbesprekingen."
    ),
    "step_safety": (
        "Nog geen meting met een gevalideerd instrument; de eerste Sociale veiligheidslijst van KanVAS volgt in "
        "najaar 2021. Leerlingen vertellen in kringgesprekken dat de leerkracht ingrijpt bij pesten."
    ),
    "step_sociogram": (
        "Nog geen sociogram; het eerste volgt in najaar 2021 met KanVAS. Leerkrachten zien in de middenbouw "
        "meer conflicten op het plein."
    ),
    "step_plan": (
        "Na de eerste KanVAS-meting voert de IB'er met de leerkrachten van groep 5 tot en met 8 gesprekken met de "
        "leerlingen die opvallen, met de leerkrachtvragenlijst van KanVAS erbij. Ouders worden uitgenodigd om "
        "samen een plan van aanpak te maken. We gebruiken de kosteloze adviezen uit KanVAS; voor een groepsaanpak "
        "kijken we op de menukaart."
    ),
}

EXECUTIVE_12AB = {
    "motivation": "Leerkrachten zien in de middenbouw minder doorzettingsvermogen bij zelfstandig werken.",
    "work_attitude": "Werkhouding is na de schoolsluiting wisselend; taakgerichtheid daalde vooral in groep 5.",
    "attention": "Concentratie bij instructie is kort; meer leerlingen hebben beweegmomenten nodig.",
    "planning": "Bovenbouwleerlingen plannen hun weektaak onvoldoende zelf; in groep 7 en 8 gericht aanleren.",
    "working_memory": "Geen gerichte meting; leerkrachten signaleren dat meerstappeninstructies lastig zijn.",
    "emotion_regulation": "Meer conflicten op het plein; enkele leerlingen reageren snel boos.",
}

CONDITIONS_12AB = {
    "staff": (
        "14,2 fte leerkrachten, 1 fte onderwijsassistent, 0,6 fte IB'er, een rekenspecialist en een "
        "Kanjercoördinator. Twee leerkrachten zijn startend."
    ),
    "vacancies": 1,
    "absence_pct": Decimal("6.8"),
    "current_measures": (
        "Kanjertraining in alle groepen, Nieuwsbegrip voor begrijpend lezen, groepsbesprekingen met de IB'er "
        "na elke toetsperiode. Vanaf najaar 2021 twee keer per jaar KanVAS in groep 5 tot en met 8."
    ),
}

CONCLUSIONS_12AB = {
    "summary": (
        "De grootste vertraging zit in begrijpend lezen in groep 5 en 6 en in rekenen in groep 6. Tegelijk "
        "nemen in de middenbouw sombere gevoelens en onrust toe. We kiezen vier speerpunten."
    ),
}

PRIORITIES_12AB = [
    {
        "title": "Begrijpend lezen middenbouw",
        "goal_area": "B",
        "grades": "5-6",
        "aim": "Eind schooljaar 2021-2022 scoort hoogstens 25% van de leerlingen van groep 5 en 6 onder de norm "
        "op Cito Begrijpend lezen (nu 33–36%).",
    },
    {
        "title": "Welbevinden en sociale veiligheid",
        "goal_area": "C",
        "grades": "5-8",
        "aim": "In voorjaar 2022 is de klassenzorgscore (KanVAS) in elke groep van 5 tot en met 8 hoogstens "
        "10 %; welbevinden is gemiddeld minstens 3,3.",
    },
    {
        "title": "Rekenen: breuken en verhoudingen",
        "goal_area": "B",
        "grades": "6-7",
        "aim": "De vertraging op Cito Rekenen-Wiskunde M7 is teruggebracht tot hoogstens 1 maand.",
    },
    {
        "title": "Plannen en zelfstandig werken",
        "goal_area": "D",
        "grades": "7-8",
        "aim": "80% van de leerlingen van groep 7 en 8 plant de weektaak zelf (observatielijst, juni 2022).",
    },
]

CONTEXT_34CD = {
    **{f"pupils_{grade}": 25 for grade in range(1, 9)},
    "population": "Dorpsschool met een stabiele, overwegend Nederlandstalige populatie.",
    "disadvantage_units": Decimal("12.00"),
    "notes": "",
}


def _cognitive_rows(rows):
    return [
        {
            "domain": domain,
            "grade": grade,
            "instrument": instrument,
            "result": result,
            "delay_months": Decimal(delay) if delay else None,
            "share_below_norm": Decimal(share) if share else None,
            "trend": trend,
            "note": note,
        }
        for domain, grade, instrument, result, delay, share, trend, note in rows
    ]


def _save(scan, key, user, role, values, rows=None):
    version = next(s.version for s in sections_for(scan=scan) if s.key == key)
    section_save(scan=scan, key=key, user=user, role=role, base_version=version, values=values, rows=rows)


def load(ctx) -> None:
    year = ctx.year
    directeur, ib, directeur2 = ctx.users["directeur"], ctx.users["ib"], ctx.users["directeur2"]

    if not Scan.objects.filter(school=ctx.school_a, school_year=year).exists():
        scan = scan_create(school=ctx.school_a, school_year=year, user=directeur)
        _save(scan, SectionKey.CONTEXT, directeur, Role.DIRECTEUR, CONTEXT_12AB)
        _save(
            scan,
            SectionKey.COGNITIVE,
            ib,
            Role.IB,
            {
                "analysis": "Vertraging vooral bij begrijpend lezen (groep 5–6) en rekenen (groep 6–7); "
                "technisch lezen groep 4 daalt. Taal groep 8 laat groei zien."
            },
            _cognitive_rows(COGNITIVE_12AB),
        )
        _save(scan, SectionKey.WELLBEING, ib, Role.IB, WELLBEING_12AB)
        _save(scan, SectionKey.EXECUTIVE, ib, Role.IB, EXECUTIVE_12AB)
        _save(scan, SectionKey.CONDITIONS, directeur, Role.DIRECTEUR, CONDITIONS_12AB)
        _save(scan, SectionKey.CONCLUSIONS, directeur, Role.DIRECTEUR, CONCLUSIONS_12AB, PRIORITIES_12AB)
        scan_establish(scan=scan, user=directeur)
        # The cycle: the scan is made in spring 2021 for the programme that starts in August 2021.
        Scan.objects.filter(pk=scan.pk).update(established_at=ESTABLISHED_12AB)
        ctx.log.append("Schoolscan 2021-2022 van 12AB: vastgesteld, 4 speerpunten.")

    if not Scan.objects.filter(school=ctx.school_b, school_year=year).exists():
        scan = scan_create(school=ctx.school_b, school_year=year, user=directeur2)
        _save(scan, SectionKey.CONTEXT, directeur2, Role.DIRECTEUR, CONTEXT_34CD)
        _save(
            scan,
            SectionKey.COGNITIVE,
            directeur2,
            Role.DIRECTEUR,
            {"analysis": ""},
            _cognitive_rows(
                [("rekenen", 5, "Cito LOVS Rekenen-Wiskunde M5", "III-gem", "-2.0", "22.0", "dalend", "")]
            ),
        )
        ctx.log.append("Schoolscan 2021-2022 van 34CD: concept, 2 onderdelen begonnen.")

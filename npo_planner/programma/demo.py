"""Demo programmes: a complete programme for 12AB (2021-2022 and 2022-2023) with the MR's consent and, as its
onderwijsassistenten come from the board's shared pool (money spent above school level), the GMR's consent
recorded by the board; and one in concept for 34CD. Interventions come from the menukaart through `sources` when it is there (matched by name);
otherwise the item carries a typed snapshot with the 2021 menukaart figures (DOMAIN.md). Idempotent."""

import datetime
from decimal import Decimal

from django.db import transaction

from npo_planner.programma import selectors, services, sources, spending
from npo_planner.programma.funding import NPO_CODE
from npo_planner.programma.models import (
    Council,
    FundingStream,
    Item,
    ItemOutcome,
    Programme,
    Spending,
    StreamAmount,
    Submission,
)

FIGURES_2021 = "Menukaart NPO 2021 (overgenomen)"

# name, goal area, impact, evidence, cost band, NJi level, matching words in the catalogue name
INTERVENTIONS = {
    "kanjer": ("Kanjertraining", "C", None, None, None, "Effectief volgens sterke aanwijzingen", ["kanjer"]),
    "lezen": ("Begrijpend lezen", "B", 6, 4, None, "", ["begrijpend lezen"]),
    "kleine_groepen": ("Instructie in kleine groepen", "B", 4, 2, 3, "", ["kleine groep"]),
    "metacognitie": ("Metacognitie en zelfregulerend leren", "D", 7, 4, None, "", ["metacognitie"]),
    "ouders": ("Ouderbetrokkenheid", "F", 3, 3, 3, "", ["ouderbetrokkenheid"]),
    "assistenten": ("Onderwijsassistenten", "E", 1, 2, 4, "", ["onderwijsassistent"]),
    "feedback": ("Feedback", "B", 8, 3, None, "", ["feedback"]),
    "sport": ("Sportieve activiteiten", "C", 2, 2, 3, "", ["sport"]),
}


def _snapshot(key: str, catalogue) -> dict:
    name, area, impact, evidence, cost, nji, words = INTERVENTIONS[key]
    for choice in catalogue or []:
        if not choice.own and any(w in choice.name.lower() for w in words):
            return {
                "kind": Item.Kind.CATALOGUE,
                "intervention_ref_id": choice.ref,
                "name": choice.name,
                "goal_area": choice.goal_area,
                "impact_months": choice.impact_months,
                "evidence": choice.evidence,
                "cost_band": choice.cost_band,
                "nji_level": choice.nji_level,
                "figures_source": choice.figures_source,
            }
    return {
        "kind": Item.Kind.TYPED,
        "intervention_ref_id": None,
        "name": name,
        "goal_area": area,
        "impact_months": impact,
        "evidence": evidence,
        "cost_band": cost,
        "nji_level": nji,
        "figures_source": FIGURES_2021 if impact is not None else "",
    }


def _priority(text: str, priorities) -> dict:
    for p in priorities or []:
        if text.lower() in p.title.lower():
            return {"priority_ref_id": p.ref, "priority": p.label[:300]}
    return {"priority_ref_id": None, "priority": text}


D = datetime.date

# Items whose money is spent above school level (the board's pool of onderwijsassistenten): the GMR consents too.
ABOVE_SCHOOL_LEVEL = {"assistenten"}

PLAN_A = [
    (
        "kanjer",
        "Sociale veiligheid",
        "De klassenzorgscore van groep 5 t/m 8 daalt van najaar 2021 naar voorjaar 2023 met minstens 10 procentpunt.",
        "5a, 6a, 7a, 8a",
        (D(2021, 9, 1), D(2025, 7, 15)),
        ("60", None),
        ("18000", "12000", "6000", "5000"),
        False,
        "IB'er (Kanjercoördinator)",
        "KanVAS leerling- en veiligheidslijst twee keer per jaar; groepsbespreking met de leerkrachten.",
        "februari en juni van elk schooljaar",
    ),
    (
        "lezen",
        "Begrijpend lezen",
        "75% van de leerlingen van groep 4–6 haalt in juni 2023 minstens het niveau dat bij hun leerjaar hoort.",
        "4a, 5a, 6a",
        (D(2021, 10, 1), D(2025, 6, 30)),
        ("240", "0.2"),
        ("30000", "25000", "12000", "10000"),
        False,
        "Taalcoördinator",
        "LVS begrijpend lezen midden- en eindtoets; vergelijking met de scores van 2021.",
        "januari en juni",
    ),
    (
        "kleine_groepen",
        "Rekenen",
        "De vertraging in rekenen van groep 6–8 is in juni 2023 gehalveerd (LVS rekenen-wiskunde).",
        "6a, 7a, 8a",
        (D(2021, 11, 1), D(2025, 6, 30)),
        (None, "0.6"),
        ("35000", "30000", "14000", "12000"),
        True,
        "Directeur (inhuur remedial teacher)",
        "LVS rekenen-wiskunde M- en E-toets; verslag van de remedial teacher per blok.",
        "na elk blok van 10 weken",
    ),
    (
        "metacognitie",
        "Werkhouding en planning",
        "Leerlingen van groep 7–8 plannen hun weektaak zelf; 80% rondt de weektaak af (observatie leerkracht).",
        "7a, 8a",
        (D(2022, 1, 10), D(2024, 6, 30)),
        ("80", None),
        ("12000", "8000", "3000", "0"),
        False,
        "Leerkrachten bovenbouw",
        "Observatielijst executieve functies in november en mei.",
        "november en mei",
    ),
    (
        "ouders",
        "Ouderbetrokkenheid",
        "Meer ouders voelen zich betrokken: in de ouderpeiling van voorjaar 2023 is 80% het eens met stelling 9, "
        "'Ik weet bij wie ik terecht kan voor vragen over de Kanjertraining en/of de sociaal-emotionele "
        "ontwikkeling van mijn kind(eren).'",
        "hele school",
        (D(2021, 9, 1), D(2025, 7, 15)),
        ("40", None),
        ("5000", "4000", "2000", "2000"),
        False,
        "Directeur en MR-oudergeleding",
        "Ouderpeiling in het voorjaar van 2022 (de eerste) en 2023: stelling 9 en de suggesties vergeleken.",
        "april 2022 en april 2023",
    ),
    (
        "assistenten",
        "Extra handen in de onderbouw",
        "Elke onderbouwgroep krijgt 2 dagdelen per week een onderwijsassistent uit de bovenschoolse pool van het "
        "bestuur voor instructie in kleine groepen.",
        "1a, 2a, 3a",
        (D(2021, 9, 1), D(2025, 7, 15)),
        (None, "0.8"),
        ("28000", "20000", "6000", "6000"),
        False,
        "Bouwcoördinator onderbouw",
        "Leerlingvolgsysteem kleuters (observatie) en rooster-evaluatie met de assistenten.",
        "december en juni",
    ),
]

PLAN_B = [
    (
        "feedback",
        "Effectieve instructie",
        "Alle leerkrachten geven na de studiedagen dagelijks gerichte feedback (klassenbezoek met kijkwijzer).",
        "hele school",
        (D(2021, 10, 1), D(2022, 7, 15)),
        ("120", None),
        ("15000", "5000"),
        True,
        "Directeur",
        "Klassenbezoeken met kijkwijzer in januari en mei.",
        "januari en mei",
    ),
    (
        "sport",
        "Welbevinden",
        "Elke groep heeft een extra sportmiddag per week.",
        "3a, 4a, 5a, 6a",
        (D(2021, 11, 1), D(2023, 6, 30)),
        ("160", None),
        ("9000", "9000"),
        True,
        "Vakleerkracht gym",
        "",
        "",
    ),
]


def _build(*, school, years, plan, user, catalogue, priorities) -> Programme:
    programme = services.programme_create(school=school, first_year=years[0], last_year=years[-1], user=user)
    labels = [year.label for year in years]
    for key, prio, goal, groups, (start, end), (hours, fte), costs, pnil, who, method, moment in plan:
        programme.refresh_from_db()
        services.item_create(
            programme=programme,
            user=user,
            expected_version=programme.version,
            **_snapshot(key, catalogue),
            **_priority(prio, priorities),
            goal=goal,
            target_groups=groups,
            starts_on=start,
            ends_on=end,
            hours=None if hours is None else Decimal(hours),
            fte=None if fte is None else Decimal(fte),
            year_costs=dict(zip(labels, costs, strict=True)),
            external_hire=pnil,
            above_school_level=key in ABOVE_SCHOOL_LEVEL,
            responsible=who,
            evaluation_method=method,
            evaluation_moment=moment,
        )
    programme.refresh_from_db()
    return programme


# The MR consents, then the board's secretary records the GMR's consent (council, demo user, date, remarks).
CONSENTS_12AB = [
    (
        Council.MR,
        "mr",
        D(2021, 7, 1),
        "De MR stemt in en vraagt in juni 2022 een tussenevaluatie van de inzet van externe inhuur.",
    ),
    (
        Council.GMR,
        "bestuur",
        D(2021, 7, 8),
        "De GMR stemt in met de inzet van onderwijsassistenten uit de bovenschoolse pool.",
    ),
]


# The mid-term evaluation the MR asked for (June 2022): per PLAN_A position, who, verdict, next step, findings.
OUTCOMES_12AB = [
    (
        0,
        "ib",
        "werkt_deels",
        "aanpassen",
        "De klassenzorgscore bleef gelijk of daalde in de meeste groepen, maar steeg in 6a van 4 % naar 36 % "
        "(KanVAS voorjaar 2022). In 6a volgen extra Kanjerlessen en een gesprek met de ouders van de groep.",
    ),
    (
        1,
        "directeur",
        "te_vroeg",
        "doorgaan",
        "De middentoets begrijpend lezen laat een lichte stijging zien; de eindtoets van juni volgt.",
    ),
    (
        4,
        "directeur",
        "werkt",
        "doorgaan",
        "De maandelijkse berichten in de schoolapp worden gewaardeerd (ouderpeiling voorjaar 2022); ouders "
        "vragen om een vaste informatieavond per leerjaar.",
    ),
]


# Money spent on 12AB's items as the administration booked it (PLAN_A position, date, amount, PNIL, text): in every
# school year of the NPO window, over calendar years 2021–2025; the remedial teacher for rekenen is external hire
# (PNIL). Less was spent than came in during 2021-2022 and 2022-2023: the rest carries over into 2023-2024 and
# 2024-2025, which brought no new money (the budget page and `npo_budget`).
SPENDING_12AB = [
    (0, D(2021, 10, 15), "9000", False, "Kanjertraining: licentie en training team"),
    (0, D(2022, 3, 10), "7000", False, "Kanjertraining: vervolgtraining"),
    (0, D(2022, 10, 12), "6000", False, "Kanjertraining: licentie 2022-2023"),
    (0, D(2023, 3, 15), "5000", False, "Kanjertraining: terugkomdag"),
    (1, D(2021, 11, 30), "14000", False, "Leesmethode en formatie taalcoördinator"),
    (1, D(2022, 5, 31), "13000", False, "Formatie taalcoördinator"),
    (1, D(2022, 11, 30), "12000", False, "Formatie taalcoördinator"),
    (1, D(2023, 5, 31), "11000", False, "Formatie taalcoördinator"),
    (2, D(2021, 12, 20), "15000", True, "Factuur remedial teacher, blok 1–2"),
    (2, D(2022, 6, 30), "16000", True, "Factuur remedial teacher, blok 3–5"),
    (2, D(2022, 12, 20), "14000", True, "Factuur remedial teacher, blok 1–2"),
    (2, D(2023, 6, 30), "13000", True, "Factuur remedial teacher, blok 3–5"),
    (3, D(2022, 2, 15), "10000", False, "Scholing executieve functies"),
    (3, D(2023, 2, 15), "7000", False, "Materialen weektaak"),
    (4, D(2021, 12, 1), "4000", False, "Schoolapp en informatieavonden"),
    (4, D(2023, 1, 20), "3500", False, "Informatieavonden per leerjaar"),
    (5, D(2022, 1, 31), "12000", False, "Bovenschoolse pool onderwijsassistenten, aug–dec"),
    (5, D(2022, 7, 15), "14000", False, "Bovenschoolse pool onderwijsassistenten, jan–jul"),
    (5, D(2023, 1, 31), "9000", False, "Bovenschoolse pool onderwijsassistenten, aug–dec"),
    (5, D(2023, 7, 14), "9000", False, "Bovenschoolse pool onderwijsassistenten, jan–jul"),
    (0, D(2023, 10, 11), "5500", False, "Kanjertraining: licentie 2023-2024"),
    (1, D(2023, 11, 30), "12000", False, "Formatie taalcoördinator"),
    (2, D(2023, 12, 20), "14000", True, "Factuur remedial teacher, schooljaar 2023-2024"),
    (3, D(2024, 2, 15), "2500", False, "Materialen weektaak"),
    (4, D(2024, 1, 19), "1500", False, "Informatieavonden per leerjaar"),
    (5, D(2024, 1, 31), "6000", False, "Bovenschoolse pool onderwijsassistenten 2023-2024"),
    (0, D(2024, 10, 10), "5000", False, "Kanjertraining: licentie 2024-2025"),
    (1, D(2024, 11, 29), "10000", False, "Formatie taalcoördinator"),
    (2, D(2024, 12, 20), "12000", True, "Factuur remedial teacher, schooljaar 2024-2025"),
    (4, D(2025, 1, 17), "2000", False, "Informatieavonden per leerjaar"),
    (5, D(2025, 1, 31), "6000", False, "Bovenschoolse pool onderwijsassistenten 2024-2025"),
]

# The NPO's amount per achterstandsscore unit for 2021-2022 is not verified (FACTS.md §3) and ships empty; the
# demo's administrator entered it, as the budget asks ("bedrag onbekend" until then).
DEMO_UNIT_2021 = (
    "2021-2022",
    Decimal("251.16"),
    "ingevoerd door de beheerder (demo); avs.nl, niet geverifieerd",
)


def _demo_amounts(ctx) -> None:
    stream = FundingStream.objects.get(code=NPO_CODE)
    label, amount, source = DEMO_UNIT_2021
    if StreamAmount.objects.filter(stream=stream, school_year=label, per_unit=None).update(
        per_unit=amount, source=source
    ):
        ctx.log.append(f"programma: NPO-bedrag per eenheid achterstandsscore {label} ingevoerd (demo)")


def _spending(ctx, programme: Programme) -> None:
    items = list(programme.items.order_by("position", "id"))
    for position, day, amount, pnil, text in SPENDING_12AB:
        spending.spending_record(
            item=items[position],
            user=ctx.users["directeur"],
            spent_on=day,
            amount=Decimal(amount),
            external_hire=pnil,
            description=text,
        )
    ctx.log.append(
        f"programma: {len(SPENDING_12AB)} bestedingen van 12AB (2021-2022 t/m 2024-2025, deels PNIL)"
    )


def _outcomes(ctx, programme: Programme) -> None:
    items = list(programme.items.order_by("position", "id"))
    for position, user, verdict, next_step, findings in OUTCOMES_12AB:
        services.item_outcome_save(
            item=items[position],
            user=ctx.users[user],
            expected_version=0,
            verdict=verdict,
            next_step=next_step,
            findings=findings,
            evaluated_on=D(2022, 6, 20),
        )
    ctx.log.append(f"programma: tussenevaluatie van {len(OUTCOMES_12AB)} onderdelen van 12AB")


@transaction.atomic
def load(ctx) -> None:
    _demo_amounts(ctx)
    window = [ctx.years[label] for label in ("2021-2022", "2022-2023", "2023-2024", "2024-2025")]
    years = window[:2]  # 34CD's programme
    # 12AB: complete, consented by the MR, over the whole NPO window.
    school = ctx.school_a
    if not Programme.objects.filter(school=school, first_year=years[0]).exists():
        directeur = ctx.users["directeur"]
        programme = _build(
            school=school,
            years=window,
            plan=PLAN_A,
            user=directeur,
            catalogue=sources.interventions_for_school(school=school, school_year=years[0]),
            priorities=sources.priorities(school=school, school_year=years[0]),
        )
        programme = services.programme_update(
            programme=programme,
            user=directeur,
            expected_version=programme.version,
            summary=(
                "Uit de schoolscan blijkt vertraging in begrijpend lezen en rekenen in de midden- en bovenbouw "
                "en zien leerkrachten meer sombere en onrustige leerlingen in de middenbouw. Het programma zet in op sociale veiligheid "
                "(Kanjertraining), begrijpend lezen, rekenen in kleine groepen en zelfregulerend leren, met "
                "schoolbrede afspraken over ouderbetrokkenheid."
            ),
            parents_and_team=(
                "Ouders dachten mee via de MR-oudergeleding, die meelas met het concept; het team koos in twee "
                "studiemiddagen de interventies. In het voorjaar van 2022 volgt de eerste ouderpeiling onder "
                "ouders en team."
            ),
        )
        programme.refresh_from_db()
        items = list(programme.items.all())
        budget = selectors.programme_budget(programme=programme, items=items)
        # the directeur confirms what the page warns about (the MR sees it with the version)
        accepted = [w.key for w in selectors.submit_warnings(programme=programme, budget=budget)]
        submission = services.programme_submit(
            programme=programme,
            user=directeur,
            expected_version=programme.version,
            accepted_warnings=accepted,
        )
        # The cycle: made in spring after the scan (14 June 2021), consented before the programme starts in
        # August 2021. Date the submission as the school would have.
        Submission.objects.filter(pk=submission.pk).update(
            submitted_at=datetime.datetime(2021, 6, 21, 15, 0, tzinfo=datetime.UTC)
        )
        for council, user, day, remarks in CONSENTS_12AB:
            programme.refresh_from_db()
            services.programme_decide(
                programme=programme,
                user=ctx.users[user],
                expected_version=programme.version,
                consent=True,
                decided_on=day,
                remarks=remarks,
                council=council,
            )
        ctx.log.append("programma: schoolprogramma 12AB (vastgesteld door MR en GMR)")
    programme = Programme.objects.get(school=ctx.school_a, first_year=years[0])
    if not ItemOutcome.objects.filter(item__programme=programme).exists():
        _outcomes(ctx, programme)
    if not Spending.objects.filter(item__programme=programme).exists():
        _spending(ctx, programme)
    # 34CD: in concept.
    school = ctx.school_b
    if not Programme.objects.filter(school=school, first_year=years[0]).exists():
        _build(
            school=school,
            years=years,
            plan=PLAN_B,
            user=ctx.users["directeur2"],
            catalogue=sources.interventions_for_school(school=school, school_year=years[0]),
            priorities=sources.priorities(school=school, school_year=years[0]),
        )
        ctx.log.append("programma: schoolprogramma 34CD (concept)")

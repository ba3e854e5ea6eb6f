"""Demo data of the menukaart: an own intervention of 12AB that the checklist marks doubtful (four points
unclear; invisible to 34CD), and a shortlist of interventions 12AB considers for 2021-2022. Idempotent."""

from menukaart.catalogue import catalogue_load
from menukaart.models import ConsideredIntervention, Intervention
from menukaart.services import consideration_set, own_intervention_create

OWN_NAME = "Weerbaarheidstraining ‘Sterk in je schoenen’"
OWN_CHECKLIST = {
    "target_group": {
        "answer": "Leerlingen van groep 5 tot en met 8 die weinig zelfvertrouwen hebben.",
        "clear": True,
    },
    "goals": {
        "answer": "Weerbaarder worden, minder opstandig gedrag en beter omgaan met gevoelens, in tien sessies.",
        "clear": False,
    },
    "approach": {
        "answer": "Er is geen handleiding; de trainer bepaalt per sessie wat er gebeurt.",
        "clear": False,
    },
    "executors": {"answer": "Een externe trainer van een lokaal bureau.", "clear": True},
    "quality": {"answer": "Niet bekend of er supervisie of een opleiding is.", "clear": False},
    "conditions": {"answer": "Tien sessies van een uur in de gymzaal, onder schooltijd.", "clear": True},
    "costs": {"answer": "Offerte volgt; de kosten zijn nog niet onderbouwd.", "clear": False},
}
CONSIDERED = ["kanjertraining", "begrijpend-lezen", "feedback"]


def load(ctx) -> None:
    if not Intervention.objects.filter(school=None).exists():  # e.g. after a test flushed the database
        catalogue_load()
    school = ctx.school_a
    user = ctx.users.get("directeur")
    if not Intervention.objects.filter(school=school, name=OWN_NAME).exists():
        own_intervention_create(
            school=school,
            user=user,
            values={
                "goal_area": "C",
                "name": OWN_NAME,
                "summary": "Training in weerbaarheid voor leerlingen die weinig zelfvertrouwen hebben.",
                "description": "Een lokaal aanbod dat niet in de NJi-databank staat.",
                "school_type": "po",
                "asks_time": "Tien sessies van een uur.",
                "asks_space": "De gymzaal.",
            },
            checklist=OWN_CHECKLIST,
        )
    for code in CONSIDERED:
        intervention = Intervention.objects.get(school=None, code=code)
        if not ConsideredIntervention.objects.filter(
            school=school, school_year=ctx.year, intervention=intervention
        ).exists():
            consideration_set(
                school=school, school_year=ctx.year, intervention=intervention, user=user, considered=True
            )
    ctx.log.append(
        f"Menukaart: eigen interventie en {len(CONSIDERED)} overwogen interventies voor {school.brin}"
    )

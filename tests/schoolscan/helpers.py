"""Helpers for the schoolscan tests: complete section contents and a scan filled with them."""

from decimal import Decimal

from npo_planner.scholen.roles import Role
from schoolscan.models import ScanSection, SectionKey
from schoolscan.services import scan_create, section_save

CONTEXT = {
    **{f"pupils_{grade}": 20 + grade for grade in range(1, 9)},
    "population": "Gemengde wijkschool.",
    "disadvantage_units": Decimal("42.50"),
    "notes": "",
}
COGNITIVE_ROW = {
    "domain": "begrijpend_lezen",
    "grade": 5,
    "instrument": "Cito M5",
    "result": "IV-gem",
    "delay_months": Decimal("-4.0"),
    "share_below_norm": Decimal("35.0"),
    "trend": "dalend",
    "note": "",
}
PRIORITY = {
    "title": "Begrijpend lezen",
    "goal_area": "B",
    "grades": "5-6",
    "aim": "Hoogstens 25% onder de norm.",
}

COMPLETE = {
    SectionKey.CONTEXT: (CONTEXT, None),
    SectionKey.COGNITIVE: ({"analysis": "Vertraging bij begrijpend lezen."}, [COGNITIVE_ROW]),
    SectionKey.WELLBEING: (
        {"step_groups": "a", "step_safety": "b", "step_sociogram": "c", "step_plan": "d"},
        None,
    ),
    SectionKey.EXECUTIVE: (
        {
            "motivation": "m",
            "work_attitude": "w",
            "attention": "a",
            "planning": "p",
            "working_memory": "g",
            "emotion_regulation": "e",
        },
        None,
    ),
    SectionKey.CONDITIONS: (
        {
            "staff": "12 fte",
            "vacancies": 0,
            "absence_pct": Decimal("5.0"),
            "current_measures": "Kanjertraining",
        },
        None,
    ),
    SectionKey.CONCLUSIONS: ({"summary": "Begrijpend lezen eerst."}, [PRIORITY]),
}


def version_of(scan, key) -> int:
    return ScanSection.objects.get(scan=scan, key=key).version


def save(scan, key, user, values, rows=None, role=Role.DIRECTEUR):
    return section_save(
        scan=scan, key=key, user=user, role=role, base_version=version_of(scan, key), values=values, rows=rows
    )


def complete_scan(school, year, user):
    scan = scan_create(school=school, school_year=year, user=user)
    for key, (values, rows) in COMPLETE.items():
        save(scan, key, user, values, rows)
    return scan

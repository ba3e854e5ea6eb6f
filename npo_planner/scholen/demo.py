"""Core demo data: one board, two schools, school years with NPO amounts, groups 1–8, pupils, a user per role.

Other apps add to it with a module `<app>/demo.py` that has `load(ctx: DemoContext)`; the `demo` command calls
them in INSTALLED_APPS order. Everything is idempotent: running it twice changes nothing.
"""

import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from npo_planner.scholen import twofactor
from npo_planner.scholen.models import Enrollment, Group, Pupil, School, SchoolYear, TwoFactorDevice
from npo_planner.scholen.roles import Role
from npo_planner.scholen.services import membership_grant, school_create, user_get_or_create

DEMO_PASSWORD = "npo-demo-2021"
# The authenticator key of every demo account whose role requires two-factor login (README; `manage.py demo_code`).
DEMO_TOTP_SECRET = "NPODEMOSECRETNPODEMOSECRETNPODEM"
DEMO_BOARD = "Stichting Samen Leren (demo)"
DEMO_YEAR = "2021-2022"

# (label, per pupil, special, (v)so, per disadvantage unit) — DOMAIN.md, NPO budget.
# The demo runs over the NPO spending window; its money is the funding stream's (programma.funding).
DEMO_YEARS = ["2021-2022", "2022-2023", "2023-2024", "2024-2025"]

SCHOOLS = [
    # brin, name, code prefix, group names per grade
    ("12AB", "OBS De Regenboog", "RB", ["1a", "2a", "3a", "4a", "5a", "6a", "7a", "8a"]),
    ("34CD", "CBS De Wegwijzer", "WW", ["1a", "2a", "3a", "4a", "5a", "6a", "7a", "8a"]),
]
PUPILS_PER_GROUP = 25

# username, role, school brin, groups (leerkracht only), description for the README table
DEMO_USERS = [
    ("directeur", Role.DIRECTEUR, "12AB", [], "Directeur van OBS De Regenboog"),
    ("ib", Role.IB, "12AB", [], "Intern begeleider van OBS De Regenboog"),
    ("leerkracht", Role.LEERKRACHT, "12AB", ["5a", "6a"], "Leerkracht van groep 5a en 6a, OBS De Regenboog"),
    ("mr", Role.MR, "12AB", [], "MR-lid van OBS De Regenboog"),
    ("directeur2", Role.DIRECTEUR, "34CD", [], "Directeur van CBS De Wegwijzer"),
    ("leerkracht2", Role.LEERKRACHT, "34CD", ["5a"], "Leerkracht van groep 5a, CBS De Wegwijzer"),
    ("bestuur", Role.BESTUUR, "12AB", [], "Bestuurder: ziet beide scholen, alleen totalen"),
]

FIRST_NAMES = [
    "Sanne",
    "Daan",
    "Emma",
    "Noah",
    "Julia",
    "Lucas",
    "Tess",
    "Sem",
    "Mila",
    "Finn",
    "Sara",
    "Levi",
    "Zoë",
    "Milan",
    "Nora",
    "Luuk",
    "Eva",
    "Jesse",
    "Lotte",
    "Thijs",
    "Fenna",
    "Bram",
    "Isa",
    "Gijs",
    "Yara",
    "Ruben",
    "Fleur",
    "Mees",
    "Liv",
    "Cas",
    "Noor",
    "Adam",
    "Roos",
    "Sven",
    "Amira",
    "Jayden",
    "Lina",
    "Mohammed",
    "Evi",
    "Stijn",
]


@dataclass
class DemoContext:
    board_name: str
    schools: dict[str, School]
    years: dict[str, SchoolYear]
    year: SchoolYear  # the school year the demo is set in
    users: dict[str, object]
    password: str
    log: list[str] = field(default_factory=list)

    @property
    def school_a(self) -> School:
        return self.schools["12AB"]

    @property
    def school_b(self) -> School:
        return self.schools["34CD"]


def _years() -> dict[str, SchoolYear]:
    years = {}
    for label in DEMO_YEARS:
        start, end = SchoolYear.dates_for(label)
        year, _created = SchoolYear.objects.get_or_create(label=label, defaults={"start": start, "end": end})
        years[label] = year
    return years


def _groups_and_pupils(school: School, prefix: str, group_names: list[str], year: SchoolYear) -> None:
    rng = random.Random(school.brin)
    groups = {}
    for name in group_names:
        groups[name], _created = Group.objects.get_or_create(
            school=school, school_year=year, name=name, defaults={"grade": int(name[0])}
        )
    existing = set(Pupil.objects.filter(school=school).values_list("code", flat=True))
    wanted = []
    for index, name in enumerate(group_names):
        for number in range(1, PUPILS_PER_GROUP + 1):
            code = f"{prefix}{index + 1}{number:02d}"
            wanted.append((code, name))
    Pupil.objects.bulk_create(
        [
            Pupil(school=school, code=code, first_name=rng.choice(FIRST_NAMES))
            for code, _g in wanted
            if code not in existing
        ]
    )
    pupils = {p.code: p for p in Pupil.objects.filter(school=school)}
    enrolled = set(Enrollment.objects.filter(group__school=school).values_list("pupil__code", "group__name"))
    Enrollment.objects.bulk_create(
        [
            Enrollment(group=groups[group_name], pupil=pupils[code], grade=groups[group_name].grade)
            for code, group_name in wanted
            if (code, group_name) not in enrolled
        ]
    )


@transaction.atomic
def load_core(password: str = DEMO_PASSWORD) -> DemoContext:
    years = _years()
    year = years[DEMO_YEAR]
    schools = {}
    for brin, name, prefix, group_names in SCHOOLS:
        schools[brin], _created = school_create(brin=brin, name=name, board_name=DEMO_BOARD)
        _groups_and_pupils(schools[brin], prefix, group_names, year)
    users = {}
    User = get_user_model()
    for username, role, brin, group_names, _description in DEMO_USERS:
        user, created = user_get_or_create(username=username, password=password)
        if created:
            user.email = f"{username}@demo.npo-planner.nl"
            user.save(update_fields=["email"])
        users[username] = user
        membership_grant(user=user, school=schools[brin], role=role, group_names=group_names)
    # A superuser for the catalogue and settings in the admin (/beheer/).
    admin_user = User.objects.filter(username="beheerder").first() or User.objects.create_superuser(
        "beheerder", "beheerder@demo.npo-planner.nl", password
    )
    for user in [*users.values(), admin_user]:
        if twofactor.required_for(user):
            TwoFactorDevice.objects.get_or_create(
                user=user, defaults={"secret": DEMO_TOTP_SECRET, "confirmed_at": timezone.now()}
            )
    return DemoContext(
        board_name=DEMO_BOARD, schools=schools, years=years, year=year, users=users, password=password
    )


def demo_accounts() -> list[tuple[str, str]]:
    return [(u, d) for u, _r, _b, _g, d in DEMO_USERS] + [("beheerder", "Beheerder (admin op /beheer/)")]

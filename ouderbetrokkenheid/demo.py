"""Demo data: a completed parent survey for 12AB in 2021-2022 (60 parents, 20 team) with answer distributions
resembling seed 003's results, imported through the real importer from fixtures/demo/ouderpeiling_12AB.csv, one
remark theme of the school's own, and two agreements the directeur drew from it."""

import csv
import datetime
import io
import random
from pathlib import Path

from django.conf import settings

from npo_planner.lib.csv_export import csv_text
from ouderbetrokkenheid.importers import responses_import
from ouderbetrokkenheid.models import Agreement, SchoolTheme, Survey
from ouderbetrokkenheid.services import agreement_create, remarks_tag, school_theme_create, survey_update
from ouderbetrokkenheid.themes import OTHER, suggest_theme

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo" / "ouderpeiling_12AB.csv"
DEMO_TITLE = "Ouderpeiling Kanjertraining voorjaar 2022"
N_PARENTS, N_TEAM = 60, 20
# The school's own theme for the remarks no default theme fits (they would be 'Overig').
OWN_THEME = ("Gesprek zonder kind", "zonder kind, zonder de kinderen")

# Percentages per answer (1..4 or 1..3), modelled on seed 003 chapter 4 and Bijlage 6.
PARENT_STATEMENTS = {
    1: (8, 27, 41, 24),
    2: (18, 23, 33, 26),
    3: (4, 12, 63, 21),
    4: (3, 15, 53, 29),
    5: (8, 15, 42, 35),
    6: (10, 26, 50, 14),
    7: (20, 25, 35, 20),
    8: (20, 25, 30, 25),
    9: (5, 10, 25, 60),
}
TEAM_STATEMENTS = {
    1: (10, 20, 45, 25),
    2: (15, 25, 45, 15),
    3: (0, 15, 75, 10),
    4: (0, 20, 45, 35),
    5: (5, 15, 50, 30),
    6: (5, 40, 45, 10),
    7: (5, 10, 40, 45),
}
PARENT_OPTIONS = {
    1: (15, 45, 40),
    2: (10, 40, 50),
    3: (20, 40, 40),
    4: (45, 35, 20),
    5: (30, 45, 25),
    6: (25, 40, 35),
    7: (10, 42, 48),
    8: (3, 17, 80),
}
TEAM_OPTIONS = {
    1: (5, 30, 65),
    2: (10, 40, 50),
    3: (20, 45, 35),
    4: (40, 40, 20),
    5: (20, 50, 30),
    6: (15, 50, 35),
    7: (5, 30, 65),
    8: (10, 40, 50),
}
# Team: 7 onderbouw, 7 middenbouw, 5 bovenbouw, 1 (directeur) without a bouw, as in seed 003.
TEAM_STAGES = ["onderbouw"] * 7 + ["middenbouw"] * 7 + ["bovenbouw"] * 5 + [""]
# Remarks after seed 003 Bijlage 5: (text, times by parents, times by team).
REMARKS = [
    ("Via de schoolapp op de hoogte houden, dat werkt fijn.", 5, 1),
    ("Er zit een te groot verschil tussen de klassen in hoeveel informatie wordt gedeeld.", 6, 0),
    ("Meer informatie over de Kanjertraining en de oefeningen in de klas, zodat ik thuis kan inhaken.", 3, 0),
    ("Meer inhoudelijke informatie per groep of per leerjaar; de informatie is nu erg algemeen.", 3, 0),
    ("Uitkijken dat de informatieavond niet steeds hetzelfde is.", 2, 1),
    ("We moeten goed nadenken over wat we gaan doen, want alles doen gaat niet (belasting).", 1, 2),
    ("Een Kanjerles bijwonen is leuk en leerzaam.", 2, 0),
    ("Ik ben tevreden hoe het gaat.", 2, 0),
    ("Ouder-leerkrachtgesprek zonder kind erbij is soms waardevoller.", 2, 0),
    (
        "De startavond van de Kanjertraining was heel duidelijk, misschien eens in de zoveel tijd plannen.",
        0,
        2,
    ),
]


def _counts(pcts: tuple, n: int) -> list[int]:
    """Largest-remainder rounding of percentages to whole respondents."""
    raw = [p * n / sum(pcts) for p in pcts]
    counts = [int(r) for r in raw]
    for index in sorted(range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True)[: n - sum(counts)]:
        counts[index] += 1
    return counts


def _column(rng: random.Random, pcts: tuple, n: int) -> list[str]:
    values = [str(v) for v, c in enumerate(_counts(pcts, n), start=1) for _ in range(c)]
    rng.shuffle(values)
    return values


def build_demo_csv() -> str:
    """The demo file (deterministic): one row per respondent, as CONTRACT §5."""
    rng = random.Random(2022)
    header = [
        "respondent",
        "bouw",
        *[f"s{n}" for n in range(1, 10)],
        *[f"p{n}" for n in range(1, 9)],
        "opmerking",
    ]
    rows = []
    for group, n, statements, options in (
        ("ouder", N_PARENTS, PARENT_STATEMENTS, PARENT_OPTIONS),
        ("team", N_TEAM, TEAM_STATEMENTS, TEAM_OPTIONS),
    ):
        columns = {f"s{k}": _column(rng, v, n) for k, v in statements.items()}
        columns.update({f"p{k}": _column(rng, v, n) for k, v in options.items()})
        remarks = [
            text for text, parents, team in REMARKS for _ in range(parents if group == "ouder" else team)
        ]
        remarks += [""] * (n - len(remarks))
        rng.shuffle(remarks)
        for index in range(n):
            if group == "ouder":
                stages = rng.sample(["onderbouw", "middenbouw", "bovenbouw"], k=rng.choice([1, 1, 2]))
            else:
                stages = [TEAM_STAGES[index]]
            row = {"respondent": group, "bouw": "|".join(s for s in stages if s), "opmerking": remarks[index]}
            for code in header[2:-1]:
                row[code] = columns[code][index] if code in columns else ""
            # A new parent and a new teacher filled in only the back of the form (seed 003, 3.4).
            if index == n - 1:
                for code in header[2:11]:
                    row[code] = ""
            rows.append([row[h] for h in header])
    return csv_text(header, rows)


def load(ctx) -> None:
    school, year = ctx.school_a, ctx.year
    director = ctx.users["directeur"]
    survey = Survey.objects.filter(school=school, school_year=year, title=DEMO_TITLE).first()
    if survey is None or not survey.responses.exists():
        data = DEMO_FILE.read_bytes() if DEMO_FILE.exists() else build_demo_csv().encode("utf-8")
        result = responses_import(
            user=director,
            school=school,
            year_label=year.label,
            title=DEMO_TITLE,
            data=data,
            filename=DEMO_FILE.name,
        )
        survey = result.survey
        survey_update(
            user=director,
            survey=survey,
            version=survey.version,
            title=DEMO_TITLE,
            starts_on=datetime.date(2022, 5, 16),
            ends_on=datetime.date(2022, 6, 10),
            status=Survey.Status.CLOSED,
        )
        remarks = survey.responses.exclude(remark="")
        remarks_tag(user=director, survey=survey, themes={r.pk: suggest_theme(r.remark) for r in remarks})
        ctx.log.append(f"Ouderpeiling '{DEMO_TITLE}' ingelezen: {result.rows} vragenlijsten.")
    if not SchoolTheme.objects.filter(school=school).exists():
        label, keywords = OWN_THEME
        theme = school_theme_create(user=director, school=school, label=label, keywords=keywords)
        fitting = {
            r.pk: theme.code
            for r in survey.responses.filter(theme=OTHER)
            if suggest_theme(r.remark, [theme]) == theme.code
        }
        remarks_tag(user=director, survey=survey, themes=fitting)
        ctx.log.append(f"Eigen thema '{label}' toegevoegd en bij {len(fitting)} opmerkingen gezet.")
    if not Agreement.objects.filter(school=school, school_year=year).exists():
        agreement_create(
            user=director,
            school=school,
            school_year=year,
            what="Maandelijks bericht via de schoolapp over de Kanjerlessen van die maand, met foto's en een tip voor thuis",
            stages="onderbouw,middenbouw,bovenbouw",
            frequency=Agreement.Frequency.MONTHLY,
            who="De leerkrachten van elke groep",
            starts_on=datetime.date(2022, 9, 1),
            survey=survey,
        )
        agreement_create(
            user=director,
            school=school,
            school_year=year,
            what="Informatieavond per leerjaar over de Kanjertraining en wat ouders thuis kunnen doen",
            stages="onderbouw,middenbouw,bovenbouw",
            frequency=Agreement.Frequency.YEARLY,
            who="Directeur en de leerkrachten per leerjaar",
            starts_on=datetime.date(2022, 9, 15),
            survey=survey,
        )
        ctx.log.append("Twee afspraken over ouderbetrokkenheid vastgelegd.")


def demo_rows() -> list[dict]:
    """The demo file parsed (for tests)."""
    return list(csv.DictReader(io.StringIO(build_demo_csv().lstrip("\ufeff")), delimiter=";"))

"""A parent-survey file of the default template for the benchmarks (no side effects: imported by both)."""

import random

from npo_planner.lib.csv_export import csv_text


def build(rows: int) -> bytes:
    rng = random.Random(1)
    header = [
        "respondent",
        "bouw",
        *[f"s{n}" for n in range(1, 10)],
        *[f"p{n}" for n in range(1, 9)],
        "opmerking",
    ]
    data = []
    for index in range(rows):
        team = index % 5 == 0
        statements = [str(rng.randint(1, 4)) for _ in range(7)] + (
            ["", ""] if team else [str(rng.randint(1, 4)), ""]
        )
        options = [str(rng.randint(1, 3)) for _ in range(8)]
        bouw = rng.choice(["onderbouw", "middenbouw", "bovenbouw", "onderbouw|bovenbouw"])
        data.append(
            [
                "team" if team else "ouder",
                bouw,
                *statements,
                *options,
                "Via de app graag" if index % 7 == 0 else "",
            ]
        )
    return csv_text(header, data).encode("utf-8")

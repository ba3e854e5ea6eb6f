"""KanVAS demo data for OBS De Regenboog (12AB): two moments, generated deterministically and imported through the
real importer, with a realistic change: concern rises in group 6a, pupil RB607 stands out in the spring (sad
and restless, confirmed by teacher and parent) and falls out of the sociogram (nobody chooses RB607 any more).

`demo_files()` returns the files; `write_demo_files()` writes them to fixtures/demo/ for uploading by hand.
"""

import random
from pathlib import Path

from django.conf import settings

from kanvas.models import ImportKind, Moment
from kanvas.services import file_import

MOMENTS = ("2021-najaar", "2022-voorjaar")
GROUPS = {"5a": "RB5", "6a": "RB6", "7a": "RB7", "8a": "RB8"}  # codes of the core demo: RB501 … RB825
PUPILS = 25
RISING_GROUP = "6a"
STANDOUT = "RB607"
SEED = 20211101
DEMO_DIR = Path(settings.BASE_DIR) / "fixtures" / "demo"

SEO_SCALES = ["NI", "OS", "OV", "HS"]
SAFETY_SCALES = [("WB", 5), ("VB", 5), ("IL", 3), ("AI", 3), ("IN", 6)]


def _clip(value: float) -> int:
    return max(1, min(4, round(value)))


def _codes(group: str) -> list[str]:
    return [f"{GROUPS[group]}{n:02d}" for n in range(1, PUPILS + 1)]


def _levels(group: str, code: str, moment: str) -> dict[str, float]:
    """The pupil's underlying level per scale at a moment (1–4): stable per pupil, apart from the story."""
    rng = random.Random(f"{SEED}-{code}")
    base = {
        "NI": rng.gauss(1.5, 0.35),
        "OS": rng.gauss(1.8, 0.5),
        "OV": rng.gauss(1.9, 0.5),
        "HS": rng.gauss(3.2, 0.4),
        "WB": rng.gauss(3.3, 0.35),
        "VB": rng.gauss(3.4, 0.3),
        "IL": rng.gauss(3.2, 0.4),
        "AI": rng.gauss(1.5, 0.35),
        "IN": rng.gauss(1.4, 0.3),
    }
    spring = moment == MOMENTS[1]
    number = int(code[-2:])
    if group == RISING_GROUP and spring and number <= 10:
        # Group 6a: restlessness and sadness spread in the spring; welbevinden drops, incidents rise.
        base["OS"] += 1.1
        base["OV"] += 1.0
        base["WB"] -= 0.6
        base["IN"] += 0.6
    if code == STANDOUT:
        base.update({"OS": 1.7, "OV": 1.8, "WB": 3.2, "IN": 1.3})
        if spring:
            base.update({"OS": 3.6, "OV": 3.2, "HS": 2.6, "WB": 2.0, "VB": 2.4, "AI": 2.8, "IN": 2.6})
    return base


def _seo_rows(rng, code, group, moment, questionnaire, prefix, levels, shift=0.0):
    rows = []
    for index, scale in enumerate(SEO_SCALES):
        for offset in range(6):
            number = index * 6 + offset + 1
            value = _clip(levels[scale] + shift + rng.gauss(0, 0.45))
            if offset == 4:  # the reversed item of each scale
                value = 5 - value
            answer = "" if rng.random() < 0.01 else str(value)
            rows.append([code, group, moment, questionnaire, f"{prefix}{number:02d}", answer])
    return rows


def _safety_rows(rng, code, group, moment, levels):
    rows = []
    number = 0
    for scale, count in SAFETY_SCALES:
        for _i in range(count):
            number += 1
            rows.append(
                [
                    code,
                    group,
                    moment,
                    "veiligheid",
                    f"V{number:02d}",
                    str(_clip(levels[scale] + rng.gauss(0, 0.4))),
                ]
            )
    return rows


def answers_csv(moment: str) -> bytes:
    rng = random.Random(f"{SEED}-{moment}")
    rows = [["leerling", "groep", "meetmoment", "vragenlijst", "vraag", "antwoord"]]
    for group in GROUPS:
        for code in _codes(group):
            levels = _levels(group, code, moment)
            rows += _seo_rows(rng, code, group, moment, "leerling", "L", levels)
            rows += _safety_rows(rng, code, group, moment, levels)
            # The teacher sees a little less of the sadness than the pupil; the parent a little more.
            rows += _seo_rows(rng, code, group, moment, "docent", "D", levels, shift=-0.2)
            if code == STANDOUT or rng.random() < 0.6:
                rows += _seo_rows(rng, code, group, moment, "ouder", "O", levels, shift=0.1)
    return _csv(rows)


def sociogram_csv(moment: str) -> bytes:
    """Friendships are stable (each pupil has four friends and two pupils it avoids); at each moment a pupil names
    three of the four friends and up to two of the avoided pupils. In the spring nobody names RB607."""
    rng = random.Random(f"{SEED}-sociogram-{moment}")
    rows = [["leerling", "groep", "meetmoment", "vraag", "gekozen"]]
    spring = moment == MOMENTS[1]
    for group in GROUPS:
        stable = random.Random(f"{SEED}-friends-{group}")
        codes = _codes(group)
        popularity = {c: stable.uniform(0.5, 2.0) for c in codes}
        for code in codes:
            others = [c for c in codes if c != code]
            friends = _weighted_sample(stable, others, [popularity[c] for c in others], 5)
            avoided = _weighted_sample(
                stable,
                [c for c in others if c not in friends],
                [2.5 - popularity[c] for c in others if c not in friends],
                2,
            )
            if code in ("RB603", "RB611", "RB618"):
                friends = [STANDOUT, *[f for f in friends if f != STANDOUT]]
            friends = friends[:4]
            if spring:
                friends = [f for f in friends if f != STANDOUT] or friends
                friends = friends[:3] if STANDOUT in friends else friends
            positive = rng.sample(friends, 3) if len(friends) > 3 else friends
            if not spring and STANDOUT in friends and STANDOUT not in positive:
                positive[-1] = STANDOUT
            if spring:
                positive = [p for p in positive if p != STANDOUT]
            negative = rng.sample(avoided, rng.randint(0, 2))
            rows += [[code, group, moment, "positief", c] for c in positive]
            rows += [[code, group, moment, "negatief", c] for c in negative]
    return _csv(rows)


def _weighted_sample(rng, items, weights, k):
    chosen = []
    items, weights = list(items), list(weights)
    while len(chosen) < k and any(w > 0 for w in weights):
        pick = rng.choices(range(len(items)), weights=weights)[0]
        chosen.append(items.pop(pick))
        weights.pop(pick)
    return chosen


def _csv(rows) -> bytes:
    return ("\r\n".join(";".join(row) for row in rows) + "\r\n").encode("utf-8")


def demo_files() -> dict[str, tuple[str, bytes]]:
    """file name → (import kind, bytes), in import order."""
    files = {}
    for moment in MOMENTS:
        files[f"kanvas_{moment}.csv"] = (ImportKind.ANSWERS, answers_csv(moment))
        files[f"sociogram_{moment}.csv"] = (ImportKind.SOCIOGRAM, sociogram_csv(moment))
    return files


def write_demo_files(directory: Path = DEMO_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, (_kind, data) in demo_files().items():
        path = directory / name
        path.write_bytes(data)
        paths.append(path)
    return paths


def load(ctx) -> None:
    """Import the demo moments for school 12AB as the IB'er would; skipped when they are already there."""
    school = ctx.school_a
    if Moment.objects.filter(school=school, label__in=MOMENTS).exists():
        ctx.log.append("KanVAS: demo-meetmomenten waren er al.")
        return
    user = ctx.users.get("ib")
    for name, (kind, data) in demo_files().items():
        record = file_import(school=school, user=user, kind=kind, data=data, filename=name)
        ctx.log.append(f"KanVAS: {name} ingelezen ({record.rows} rijen).")

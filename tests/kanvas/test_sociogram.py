"""CONTRACT §4: sociogram import errors (nothing written) and the 'valued differently' rules."""

import pytest

from kanvas.models import Nomination, Participation
from kanvas.sociogram import PupilChoices, changes_between, choices_at, valued_differently
from tests.kanvas.helpers import SOCIOGRAM_HEADER, csv_bytes, import_answers, import_sociogram, pupil_rows
from tests.kanvas.test_importers import refused

M1, M2 = "2021-najaar", "2022-voorjaar"


def ring(moment, codes, group="5b", question="positief"):
    """Each pupil chooses the next one."""
    return [f"{c};{group};{moment};{question};{codes[(i + 1) % len(codes)]}" for i, c in enumerate(codes)]


CODES = ["S1", "S2", "S3", "S4", "S5", "S6"]


def test_import_counts_received_and_mutual_choices(cast):
    rows = ring(M1, CODES) + ["S2;5b;2021-najaar;positief;S1", "S3;5b;2021-najaar;negatief;S1"]
    record = import_sociogram(cast.school_a, rows)
    assert record.rows == 8
    stats = {c.code: c for c in choices_at(school=cast.school_a, moment=M1).values()}
    assert (stats["S1"].positive, stats["S1"].negative, stats["S1"].mutual) == (2, 1, 1)
    assert stats["S2"].mutual == 1 and stats["S3"].mutual == 0
    assert Participation.objects.count() == 6


def sociogram_refused(cast, rows, **kwargs):
    return refused(
        cast.school_a, csv_bytes(SOCIOGRAM_HEADER, rows), filename="s.csv", kind="sociogram", **kwargs
    )


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        (
            "S1;5b;2021-najaar;misschien;S2",
            "rij 8, kolom vraag: waarde 'misschien': vraag is 'positief' of 'negatief'.",
        ),
        (
            "S1;5b;2021-najaar;positief;S1",
            "rij 8, kolom gekozen: waarde 'S1': een leerling kan zichzelf niet kiezen.",
        ),
        ("S1;5b;2021-najaar;positief;S 9", "rij 8, kolom gekozen: waarde 'S 9': een leerlingcode heeft"),
        (
            "S1;5b;2021-najaar;positief;X9",
            "rij 8, kolom gekozen: waarde 'X9': deze leerling staat bij 2021-najaar niet in groep 5b.",
        ),
        (
            "S1;5b;2021-najaar;positief;S2",
            "rij 8, kolom gekozen: waarde 'S2': deze keuze staat er al in rij 2.",
        ),
        (
            "S1;6b;2021-najaar;positief;S3",
            "rij 8, kolom groep: waarde '6b': leerling S1 staat bij 2021-najaar ook in groep 5b",
        ),
        ("S1;5b;2021-herfst;positief;S3", "rij 8, kolom meetmoment: waarde '2021-herfst'"),
    ],
)
def test_bad_sociogram_rows_are_refused(cast, bad, expected):
    messages = sociogram_refused(cast, ring(M1, CODES) + [bad])
    assert any(m.startswith(expected) for m in messages), messages


def test_chosen_pupil_of_another_group_is_refused(cast):
    rows = ring(M1, CODES) + ["T1;6b;2021-najaar;positief;T2", "T2;6b;2021-najaar;positief;S1"]
    messages = sociogram_refused(cast, rows)
    assert messages == [
        "rij 9, kolom gekozen: waarde 'S1': deze leerling staat bij 2021-najaar in groep 5b, niet in 6b."
    ]


def test_at_most_five_choices_per_question(cast):
    rows = ring(M1, CODES + ["S7"]) + [
        f"S1;5b;2021-najaar;positief;{c}" for c in ["S3", "S4", "S5", "S6", "S7"]
    ]
    messages = sociogram_refused(cast, rows)
    assert messages == [
        "rij 13, kolom gekozen: waarde 'S7': leerling S1 heeft bij 2021-najaar meer dan 5 keuzes bij vraag positief."
    ]
    # five positive and five negative is fine
    rows = [f"S1;5b;2021-najaar;positief;{c}" for c in CODES[1:]] + [
        f"S1;5b;2021-najaar;negatief;{c}" for c in CODES[1:]
    ]
    rows += ring(M1, CODES[1:])
    assert import_sociogram(cast.school_a, rows).rows == 15


def test_missing_column_is_refused(cast):
    messages = refused(
        cast.school_a, b"leerling;groep;meetmoment;vraag\nS1;5b;2021-najaar;positief\n", kind="sociogram"
    )
    assert messages == ["rij 1, kolom gekozen: deze verplichte kolom ontbreekt in de kopregel."]


def test_chosen_pupil_known_from_the_answers_import_is_accepted(cast):
    import_answers(cast.school_a, pupil_rows("A1", "5b", M1))
    import_sociogram(cast.school_a, ring(M1, CODES) + ["S1;5b;2021-najaar;positief;A1"])
    assert Nomination.objects.filter(chosen__pupil__code="A1").exists()


def test_enrolled_pupil_who_did_not_choose_can_be_chosen(cast):
    import_sociogram(cast.school_a, [f"A5X;5a;2021-najaar;positief;{cast.pupil_a5.code}"])
    assert Participation.objects.filter(pupil=cast.pupil_a5, group=cast.group_a5).exists()


def test_reimport_needs_replace_and_replace_swaps_the_moment(cast):
    import_sociogram(cast.school_a, ring(M1, CODES))
    messages = sociogram_refused(cast, ring(M1, CODES))
    assert messages == [
        "rij 2, kolom meetmoment: waarde '2021-najaar': voor 2021-najaar is al een sociogram ingelezen; "
        "kies 'vervangen' om het te vervangen."
    ]
    import_sociogram(cast.school_a, ring(M1, CODES[:3]), replace=True)
    assert Nomination.objects.count() == 3


def choices(pos, neg=0):
    return PupilChoices(pupil_id=1, code="X", group="5b", group_id=1, positive=pos, negative=neg)


@pytest.mark.parametrize(
    ("before", "after", "different"),
    [
        (choices(4), choices(1), True),  # fell by 3
        (choices(1), choices(4), True),  # rose by 3
        (choices(4), choices(2), False),  # fell by 2
        (choices(1), choices(0), True),  # fell to 0
        (choices(0), choices(0), False),
        (choices(2, 0), choices(2, 3), True),  # negative rose by 3
        (choices(2, 1), choices(2, 3), False),
        (choices(2, 4), choices(2, 0), False),  # negative fell: not a concern
    ],
)
def test_valued_differently_rules(before, after, different):
    assert bool(valued_differently(before, after)) is different


def test_changes_between_two_moments_finds_the_pupil_who_fell_out(cast):
    first = ring(M1, CODES) + ["S3;5b;2021-najaar;positief;S1"]
    import_sociogram(cast.school_a, first)
    second = [f"{c};5b;{M2};positief;{'S2' if c != 'S2' else 'S3'}" for c in CODES]  # nobody chooses S1
    import_sociogram(cast.school_a, second)
    changes = changes_between(school=cast.school_a, moment=M2, compare=M1)
    assert [(c["after"].code, c["reasons"][0]) for c in changes][:1] == [
        ("S1", "krijgt geen positieve keuzes meer (eerst 2)")
    ]
    assert "S2" in {c["after"].code for c in changes}  # 1 → 5 positive choices

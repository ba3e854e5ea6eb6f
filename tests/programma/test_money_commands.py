"""The commands of CONTRACT §6 for money: `npo_budget` (the spending window with carry-over) and
`npo_verantwoording` (the board's jaarverslag per calendar year)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from npo_planner.programma import services, spending
from npo_planner.programma.models import Council
from tests.factories import SchoolYearFactory
from tests.programma.factories import make_item, make_programme, submit

D = datetime.date


def run(*args) -> list[str]:
    out = io.StringIO()
    call_command(*args, stdout=out)
    text = out.getvalue()
    assert text.startswith("\ufeff")
    return text[1:].splitlines()


@pytest.fixture
def later_years(db):
    for label in ("2023-2024", "2024-2025"):
        SchoolYearFactory(label=label)


def pay(item, user, day, amount, pnil=False):
    return spending.spending_record(
        item=item, user=user, spent_on=day, amount=Decimal(amount), external_hire=pnil
    )


def test_npo_budget_runs_over_the_window_with_carry_over(cast, later_years):
    # School A: 2 pupils enrolled in 2021-2022 (no scan): 2 × €701,16; 2022-2023 counts the same 2 × €500.
    item = make_item(make_programme(cast.school_a, cast.year))  # plans 1000 and 500
    pay(item, cast.director, D(2021, 12, 1), "900")
    pay(item, cast.director, D(2022, 10, 1), "1000", pnil=True)
    pay(item, cast.director, D(2023, 3, 1), "200")
    assert run("npo_budget", "--school", "11AA") == [
        "schooljaar;toegekend;uit_vorige_jaren;gepland;besteed;naar_volgend_jaar",
        "2021-2022;1402,32;0,00;1000,00;900,00;502,32",
        "2022-2023;1000,00;502,32;500,00;1200,00;302,32",
        "2023-2024;0,00;302,32;0,00;0,00;302,32",
        "2024-2025;0,00;302,32;0,00;0,00;302,32",
    ]


def test_npo_budget_lists_the_whole_window_even_before_its_years_are_set_up(cast):
    lines = run("npo_budget", "--school", "22BB")
    assert [line.split(";")[0] for line in lines[1:]] == ["2021-2022", "2022-2023", "2023-2024", "2024-2025"]
    assert lines[1] == "2021-2022;701,16;0,00;0,00;0,00;701,16"  # one pupil, no programme


def test_npo_budget_unknown_school_is_refused(cast):
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("npo_budget", "--school", "99ZZ", stdout=io.StringIO())


def consent(programme, cast, *, gmr=False):
    submit(programme, cast.director)
    councils = [(Council.MR, cast.mr)] + ([(Council.GMR, cast.board_member)] if gmr else [])
    for council, user in councils:
        programme.refresh_from_db()
        services.programme_decide(
            programme=programme,
            user=user,
            expected_version=programme.version,
            consent=True,
            decided_on=D(2021, 10, 12),
            remarks="",
            council=council,
        )


@pytest.fixture
def accounted(cast):
    programme = make_programme(cast.school_a, cast.year)
    remedial = make_item(programme, name="Remedial teaching", goal_area="A", external_hire=True)
    pool = make_item(programme, name="Onderwijsassistenten", goal_area="E", above_school_level=True)
    consent(programme, cast, gmr=True)
    pay(remedial, cast.director, D(2021, 12, 1), "500", pnil=True)  # calendar 2021: not in 2022
    pay(remedial, cast.director, D(2022, 3, 1), "1000", pnil=True)
    pay(remedial, cast.director, D(2022, 11, 1), "250", pnil=False)
    pay(pool, cast.director, D(2022, 9, 1), "750")
    other = make_item(make_programme(cast.school_b, cast.year), name="Sport", goal_area="C")
    pay(other, cast.director_b, D(2022, 5, 1), "400", pnil=True)
    return programme, remedial


def test_npo_verantwoording_counts_money_spent_in_the_calendar_year(cast, accounted):
    lines = run("npo_verantwoording", "--board", "Bestuur Test", "--year", "2022")
    assert lines == [
        "brin;school;schoolscan;instemming_mr;instemming_gmr;besteed;pnil;pct_pnil;A;B;C;D;E;F",
        "11AA;School A;nee;ja;ja;2000,00;1000,00;50,00;1250,00;0,00;0,00;0,00;750,00;0,00",
        "22BB;School B;nee;nee;n.v.t.;400,00;400,00;100,00;0,00;0,00;400,00;0,00;0,00;0,00",
    ]
    assert run("npo_verantwoording", "--board", "Bestuur Test", "--year", "2021")[1].startswith(
        "11AA;School A;nee;ja;n.v.t.;500,00;500,00;100,00;500,00;"
    )


def test_npo_verantwoording_consent_only_for_the_programme_as_it_stands(cast, accounted):
    programme, remedial = accounted
    programme.refresh_from_db()
    services.item_update(
        item=remedial,
        user=cast.director,
        expected_version=programme.version,
        confirm_reopen=True,
        goal="Een ander doel.",
    )
    row = run("npo_verantwoording", "--board", "Bestuur Test", "--year", "2022")[1]
    assert row.startswith("11AA;School A;nee;nee;nee;2000,00;")


def test_npo_verantwoording_unknown_board_is_refused(cast):
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("npo_verantwoording", "--board", "Geen", "--year", "2022", stdout=io.StringIO())

"""The board's jaarverslag per calendar year (page and CSV) prints the figures of `npo_verantwoording`; the board
overview gets a totals row with "nog te besteden"."""

import csv
import io

import pytest
from django.urls import reverse

from npo_planner.scholen.models import AuditEntry
from tests.factories import EnrollmentFactory, GroupFactory, SchoolFactory
from tests.programma.factories import make_item, make_programme
from tests.programma.test_money_commands import D, accounted, pay, run  # noqa: F401 (fixture)
from tests.programma.test_views import html_text


def test_the_csv_has_the_figures_of_the_command(client, cast, accounted):  # noqa: F811
    client.force_login(cast.board_member)
    response = client.get(reverse("bestuur:accounts_csv") + "?jaar=2022")
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert (
        text.splitlines()
        == ["\ufeff" + run("npo_verantwoording", "--board", "Bestuur Test", "--year", "2022")[0]]
        + run("npo_verantwoording", "--board", "Bestuur Test", "--year", "2022")[1:]
    )
    assert AuditEntry.objects.filter(action="board.accounts_csv", username="bestuurder").count() == 1


def test_the_page_shows_spent_money_per_goal_area_pnil_share_and_totals(client, cast, accounted):  # noqa: F811
    client.force_login(cast.board_member)
    page = html_text(client.get(reverse("bestuur:accounts") + "?jaar=2022").content.decode()).replace(
        "\u00a0", " "
    )
    assert "School A (11AA) nee ja ja € 2.000,00 € 1.000,00 50,0% € 1.250,00" in page
    assert "School B (22BB) nee nee niet nodig € 400,00 € 400,00 100,0%" in page
    # totals: 2.400 spent, 1.400 of it external hire
    assert "Totaal € 2.400,00 € 1.400,00 58,3%" in page
    assert "A5001" not in page  # no pupil data


def test_the_default_year_is_the_latest_with_spending(client, cast, accounted):  # noqa: F811
    client.force_login(cast.board_member)
    page = client.get(reverse("bestuur:accounts")).content.decode()
    assert '<option value="2022" selected>' in page


def test_another_board_sees_none_of_it(client, cast, accounted):  # noqa: F811
    client.force_login(cast.board_member_other)
    page = client.get(reverse("bestuur:accounts") + "?jaar=2022").content.decode()
    assert "School A" not in page and "2.000,00" not in page
    text = client.get(reverse("bestuur:accounts_csv") + "?jaar=2022").content.decode()
    assert len(list(csv.reader(io.StringIO(text), delimiter=";"))) == 1


@pytest.mark.parametrize("n_schools", [2, 40])
def test_the_page_costs_a_fixed_number_of_queries(client, cast, django_assert_max_num_queries, n_schools):
    for index in range(n_schools):
        school = SchoolFactory(brin=f"{60 + index}QQ", board=cast.school_a.board)
        EnrollmentFactory(group=GroupFactory(school=school, school_year=cast.year, name="5a"))
        for n in range(3):
            item = make_item(
                make_programme(school, cast.year), name=f"Onderdeel {n}", above_school_level=n == 0
            )
            pay(item, cast.director, D(2022, 3, n + 1), "100", pnil=n == 1)
    client.force_login(cast.board_member)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("bestuur:accounts") + "?jaar=2022").status_code == 200


def test_the_board_overview_has_a_totals_row_with_money_left_to_spend(client, cast, accounted):  # noqa: F811
    client.force_login(cast.board_member)
    page = html_text(client.get(reverse("bestuur:overview") + "?jaar=2021-2022").content.decode()).replace(
        "\u00a0", " "
    )
    # toegekend: school A 2 pupils, 1.402,32 + 1.000,00; school B 1 pupil, 701,16 + 500,00 → 3.603,48;
    # gepland 3.000 + 1.500; besteed 2.500 + 400 → nog te besteden 703,48
    assert "Totaal over de hele looptijd (2021-2022 t/m 2024-2025) € 3.603 € 4.500 € 2.900 € 703" in page
    assert "€ 2.500 € -98" in page  # school A: besteed, nog te besteden

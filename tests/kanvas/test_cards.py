"""The teacher's start on the dashboard: "mijn groepen" with her groups' klassenzorgscore at the latest measurement
and the change since the one before; other roles do not get the card."""

import pytest
from django.urls import reverse

from tests.kanvas.helpers import group_rows, import_answers

M1, M2 = "2021-najaar", "2022-voorjaar"
QUERIES_START_PAGE = 23  # the same at both sizes (the school years read once per page; access and the school switcher share one)


@pytest.fixture
def data(cast):
    rows = group_rows("5a", M1, 10, signals=1) + group_rows("5a", M2, 10, signals=4)
    rows += group_rows("6a", M2, 10, signals=2, prefix="Q")
    import_answers(cast.school_a, rows)
    return cast


def _cards(client, cast):
    response = client.get(reverse("scholen:dashboard", args=[cast.school_a.brin]))
    return {card.template: card for card in response.context["cards"]}, response.content.decode()


def test_the_teacher_sees_her_groups_with_the_change_since_the_last_measurement(client, data):
    client.force_login(data.teacher)
    switch = reverse("scholen:school_year_switch", args=[data.school_a.brin])
    client.post(switch, {"school_year": data.group_a5.school_year.label})
    cards, html = _cards(client, data)
    card = cards["kanvas/_my_groups_card.html"]
    assert [(r["group"], r["score"], r["change"]) for r in card.context["rows"]] == [("5a", 40.0, 30.0)]
    assert card.context["moment"] == M2 and "Mijn groepen" in html and "Groep 6a" not in html


def test_the_ib_gets_no_groups_card(client, data):
    client.force_login(data.ib)
    cards, _html = _cards(client, data)
    assert "kanvas/_my_groups_card.html" not in cards and "kanvas/_my_actions_card.html" in cards


def test_mr_gets_no_kanvas_card(client, data):
    client.force_login(data.mr)
    cards, _html = _cards(client, data)
    assert cards == {}


def test_the_teacher_sees_her_groups_signals_since_the_last_measurement(client, data):
    # 5a: one pupil with a signal in the autumn, four in the spring (the first of them the same pupil): three new.
    client.force_login(data.teacher)
    switch = reverse("scholen:school_year_switch", args=[data.school_a.brin])
    client.post(switch, {"school_year": data.group_a5.school_year.label})
    cards, html = _cards(client, data)
    rows = cards["kanvas/_my_groups_card.html"].context["rows"]
    assert [r["signals"] for r in rows] == [{"signalled": 4, "new": 3}]
    assert "Leerlingen met een signaal" in html and f"Nieuw sinds {M1}" in html


@pytest.mark.parametrize("size", [6, 30])
def test_the_teachers_start_page_costs_a_fixed_number_of_queries(
    client, cast, size, django_assert_num_queries
):
    import_answers(
        cast.school_a,
        group_rows("5a", M1, size, signals=2) + group_rows("5a", M2, size, signals=size // 2),
    )
    client.force_login(cast.teacher)
    switch = reverse("scholen:school_year_switch", args=[cast.school_a.brin])
    client.post(switch, {"school_year": cast.group_a5.school_year.label})
    url = reverse("scholen:dashboard", args=[cast.school_a.brin])
    client.get(url)  # warm the per-process caches (instruments, chart cache)
    with django_assert_num_queries(QUERIES_START_PAGE):
        assert client.get(url).status_code == 200

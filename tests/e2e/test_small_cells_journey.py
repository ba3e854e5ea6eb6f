"""The board reads 34CD's KanVAS figures in the scan and the programme: group 7a has 3 pupils, so it shows "< 5",
and the next smallest group is hidden too ("afgeschermd"), so 7a cannot be computed from the school's figures."""

import re

from playwright.sync_api import expect

from npo_planner.scholen.demo import DEMO_PASSWORD, load_core
from tests.e2e.conftest import assert_accessible, follow, login
from tests.kanvas.helpers import group_rows, import_answers

MOMENT = "2022-voorjaar"


def _load():
    from npo_planner.programma import demo as programma_demo
    from schoolscan import demo as schoolscan_demo

    ctx = load_core()
    schoolscan_demo.load(ctx)
    programma_demo.load(ctx)
    rows = []
    for name, n in {"5a": 22, "6a": 9, "7a": 3, "8a": 20}.items():
        rows += group_rows(name, MOMENT, n, signals=1, prefix="WX")
    import_answers(ctx.school_b, rows)
    return ctx


def test_board_sees_a_small_group_and_its_complement_hidden(page, live_server, transactional_db):
    _load()
    login(page, "bestuur", DEMO_PASSWORD)
    page.goto("/34CD/schoolscan/afdrukken/")
    table = page.get_by_role("table", name="Klassenzorgscore per groep (%)")
    expect(table.get_by_role("row", name=re.compile(r"^7a < 5 < 5"))).to_be_visible()
    expect(table.get_by_role("row", name=re.compile(r"^6a afgeschermd afgeschermd"))).to_be_visible()
    expect(table.get_by_role("row", name=re.compile(r"^5a 22 4,5"))).to_be_visible()
    expect(page.get_by_text("dan wordt ook een tweede groep afgeschermd", exact=False)).to_be_visible()
    assert_accessible(page)

    page.goto("/bestuur/")
    follow(page, page.get_by_role("link", name="Bekijken CBS De Wegwijzer"))
    kanvas = page.get_by_role("table", name=re.compile("Klassenzorgscore per groep"))
    expect(kanvas.get_by_role("row", name=re.compile(r"^7a < 5 leerlingen: niet getoond"))).to_be_visible()
    expect(kanvas.get_by_role("row", name=re.compile(r"^6a afgeschermd: niet getoond"))).to_be_visible()
    expect(kanvas).not_to_contain_text("11,1")  # 6a: 1 of 9
    expect(kanvas).not_to_contain_text("33,3")  # 7a: 1 of 3
    assert_accessible(page)
    assert not page.js_errors, page.js_errors

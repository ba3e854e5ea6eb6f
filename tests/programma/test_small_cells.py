"""The programme's KanVAS figures (preview, monitoring, PDF) keep a small group hidden also from subtraction: the
group beside it that the rule hides stays hidden, even when a selector of another app gave its figures."""

import sys

from npo_planner.programma import report
from tests.lib.test_small_cells import attack
from tests.programma.conftest import _group_row
from tests.programma.factories import make_item, make_programme


def test_the_report_hides_the_complement_of_a_small_group(cast, fake_apps, monkeypatch):
    # a selector that hid only the small group: 5a (24) and the school (27) would give 6a (3) away
    monkeypatch.setattr(
        sys.modules["kanvas.selectors"],
        "klassenzorgscore_per_group",
        lambda *, school, moment, compare=None: [
            _group_row("5a", 5, 24, 20.8, 33.3),
            _group_row("6a", 6, 3, 66.7, 0.0),
        ],
    )
    programme = make_programme(cast.school_a, cast.year)
    make_item(programme, name="Kanjertraining", goal_area="C", target_groups="5a")
    context = report.build(programme)
    rows = {r["group"]: r for r in context["kanvas"]["rows"]}
    assert rows["6a"]["suppressed"] and rows["6a"]["hidden_label"] == "< 5"
    assert rows["5a"]["suppressed"] and rows["5a"]["hidden_label"] == "afgeschermd"
    assert rows["5a"]["score"] is None and rows["5a"]["n"] is None
    shown = {name: [name] for name, r in rows.items() if not r["suppressed"]}
    assert attack({"5a": 24, "6a": 3}, shown | {"school": ["5a", "6a"]}) == []
    (monitoring,) = context["items"][0].monitoring
    assert (
        monitoring["suppressed"]
        and monitoring["after"] is None
        and monitoring["hidden_label"] == "afgeschermd"
    )


def test_the_board_sees_the_complement_hidden_in_the_preview_and_the_pdf(client, cast):
    from npo_planner.programma import pdf as pdf_module
    from tests.kanvas.helpers import group_rows, import_answers
    from tests.programma.test_pdf import pdf_text

    rows = []
    for moment in ("2021-najaar", "2022-voorjaar"):
        rows += group_rows("5b", moment, 10, signals=2) + group_rows("6b", moment, 8, signals=3)
        rows += group_rows("7b", moment, 3, signals=1)
    import_answers(cast.school_a, rows)
    programme = make_programme(cast.school_a, cast.year)
    client.force_login(cast.board_member)
    html = client.get(f"/{cast.school_a.brin}/programma/{programme.pk}/voorbeeld/").content.decode()
    assert "&lt; 5 leerlingen: niet getoond" in html  # 7b
    assert "afgeschermd: niet getoond" in html  # 6b, else 7b = school minus 5b minus 6b
    assert "37,5" not in html  # 6b's klassenzorgscore (3 of 8)
    assert "20,0" in html  # 5b (2 of 10) is shown
    text = pdf_text(pdf_module.render_pdf(programme=programme))
    assert "afgeschermd: niet getoond" in text and "37,5" not in text

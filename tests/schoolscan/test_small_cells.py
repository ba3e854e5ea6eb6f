"""The scan's aggregates keep small groups hidden for bestuur, MR and the programme: an empty pupil count does not
switch the rule off, and the KanVAS table (also an established scan's snapshot) hides a second group beside a
small one so it cannot follow from the school figures."""

from schoolscan import selectors
from schoolscan.models import SectionKey
from schoolscan.services import scan_establish
from tests.lib.test_small_cells import attack
from tests.schoolscan.helpers import CONTEXT, complete_scan, save

# what kanvas_summary stored before the complement rule: 6a (3 pupils) hidden, 5a and the school of 27 shown
OLD_SNAPSHOT = {
    "moment": "2022-voorjaar",
    "previous": None,
    "groups": [
        {
            "group": "5a",
            "grade": 5,
            "n": 24,
            "score": 37.5,
            "previous": None,
            "change": None,
            "os": 25.0,
            "ov": 12.5,
            "suppressed": False,
            "highlight": False,
        },
        {
            "group": "6a",
            "grade": 6,
            "n": 3,
            "score": None,
            "previous": None,
            "change": None,
            "os": None,
            "ov": None,
            "suppressed": True,
            "highlight": False,
        },
    ],
    "school": [{"name": "klassenzorgscore", "label": "Klassenzorgscore (%)", "value": 33.3, "change": None}],
    "suppressed": False,
}


def test_an_empty_pupil_count_keeps_the_grades_share_hidden(cast):
    scan = complete_scan(cast.school_a, cast.year, cast.director)
    save(scan, SectionKey.CONTEXT, cast.director, {**CONTEXT, "pupils_5": None})
    cognitive = " ".join(
        dict(selectors.scan_summary(school=cast.school_a, school_year=cast.year))["Cognitieve ontwikkeling"]
    )
    assert "35,0" not in cognitive and "< 5 onder de norm" in cognitive
    (row,) = selectors.delays_for(school=cast.school_a, school_year=cast.year)
    assert row["share_below_norm"] is None


def test_the_board_does_not_see_a_share_of_a_grade_without_a_count(client, cast):
    scan = complete_scan(cast.school_a, cast.year, cast.director)
    save(scan, SectionKey.CONTEXT, cast.director, {**CONTEXT, "pupils_5": None})
    client.force_login(cast.board_member)
    html = client.get(f"/{cast.school_a.brin}/schoolscan/afdrukken/").content.decode()
    assert "35,0" not in html and "&lt; 5" in html


def test_an_old_snapshot_does_not_give_the_small_group_away(cast, client):
    scan = complete_scan(cast.school_a, cast.year, cast.director)
    scan_establish(scan=scan, user=cast.director)
    scan.wellbeing.kanvas_snapshot = OLD_SNAPSHOT
    scan.wellbeing.save()
    scan.refresh_from_db()
    shown = selectors.kanvas_for_scan(scan=scan)
    rows = {g["group"]: g for g in shown["groups"]}
    assert rows["6a"]["suppressed"] and rows["6a"]["hidden_label"] == "< 5"
    assert (
        rows["5a"]["suppressed"]
        and rows["5a"]["hidden_label"] == "afgeschermd"
        and rows["5a"]["score"] is None
    )
    atoms = {name: row["n"] for name, row in rows.items()}
    cells = {name: [name] for name, row in rows.items() if not row["suppressed"]} | {"school": list(atoms)}
    assert attack(atoms, cells) == []
    client.force_login(cast.board_member)
    html = client.get(f"/{cast.school_a.brin}/schoolscan/afdrukken/").content.decode()
    assert "37,5" not in html and "afgeschermd" in html

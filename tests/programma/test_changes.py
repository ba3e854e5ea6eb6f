"""What changed between two versions: the pure comparison of two snapshots, and the versions it compares with."""

import datetime
import re
from decimal import Decimal

import pytest

from npo_planner.programma import services
from npo_planner.programma.changes import compare
from npo_planner.programma.comparisons import comparisons_for
from npo_planner.programma.models import Submission
from tests.programma.factories import item_values, make_programme, submit
from tests.programma.test_views import html_text, url


def _item(pk, **fields):
    values = {
        "id": pk,
        "name": "Begrijpend lezen",
        "goal_area": "B",
        "goal": "75% haalt het niveau.",
        "cost_first_year": "1000.00",
        "cost_second_year": "500.00",
        "above_school_level": False,
        "intervention_ref": None,
    }
    values.update(fields)
    return values


def _snapshot(*items, **fields):
    return {
        "years": ["2021-2022", "2022-2023"],
        "title": "Programma",
        "summary": "",
        "items": list(items),
        **fields,
    }


def test_added_removed_and_changed_field_by_field():
    before = _snapshot(_item(1), _item(2, name="Kanjertraining", goal_area="C"))
    after = _snapshot(
        _item(1, goal="80% haalt het niveau.", cost_first_year="1500.00"),
        _item(3, name="Tutoring", goal_area="E", cost_first_year="2000", cost_second_year="0"),
    )
    changes = compare(before, after)
    assert [i["name"] for i in changes.added] == ["Tutoring"]
    assert [i["name"] for i in changes.removed] == ["Kanjertraining"]
    (changed,) = changes.changed
    assert changed.name == "Begrijpend lezen"
    assert [(f.field, f.label, f.before, f.after) for f in changed.fields] == [
        ("goal", "meetbaar doel", "75% haalt het niveau.", "80% haalt het niveau."),
        (
            "year_costs",
            "kosten per schooljaar (€)",
            {"2021-2022": "1000.00", "2022-2023": "500.00"},
            {"2021-2022": "1500.00", "2022-2023": "500.00"},
        ),
    ]
    assert changes.any


def test_budget_per_goal_area_and_year_before_and_after():
    before = _snapshot(_item(1), _item(2, name="Kanjertraining", goal_area="C", cost_first_year="300"))
    after = _snapshot(_item(1, cost_second_year="700.00"), _item(3, name="Tutoring", goal_area="E"))
    rows = {r.goal_area: r for r in compare(before, after).budget}
    assert set(rows) == {"B", "C", "E"}
    assert rows["B"].before == (Decimal("1000"), Decimal("500"))
    assert rows["B"].after == (Decimal("1000"), Decimal("700"))
    assert rows["B"].difference == (Decimal(0), Decimal(200))
    assert rows["C"].after == (Decimal(0), Decimal(0))
    assert rows["E"].before == (Decimal(0), Decimal(0))
    assert rows["E"].changed


def test_same_amount_written_differently_is_no_change_and_identical_versions_have_none():
    before = _snapshot(_item(1, cost_first_year="1000"))
    after = _snapshot(_item(1, cost_first_year="1000.00"))
    changes = compare(before, after)
    assert changes.changed == []
    assert not changes.any


def test_renamed_item_is_a_change_when_ids_are_known_and_programme_texts_are_compared():
    changes = compare(_snapshot(_item(1)), _snapshot(_item(1, name="Lezen plus"), title="Nieuw programma"))
    assert changes.added == [] and changes.removed == []
    assert [(f.field, f.before, f.after) for f in changes.changed[0].fields] == [
        ("name", "Begrijpend lezen", "Lezen plus")
    ]
    assert [(f.field, f.after) for f in changes.programme] == [("title", "Nieuw programma")]


def test_old_snapshots_without_ids_are_matched_by_name_and_goal_area():
    old = {k: v for k, v in _item(1).items() if k != "id"}
    changes = compare(_snapshot(old), _snapshot(_item(7, goal="Anders")))
    assert changes.added == [] and changes.removed == []
    assert changes.changed[0].fields[0].field == "goal"


@pytest.fixture
def programme(cast):
    return make_programme(cast.school_a, cast.year)


def test_versions_compared_with_previous_and_last_consented(cast, programme):
    item = services.item_create(
        programme=programme, user=cast.director, expected_version=programme.version, **item_values()
    )
    first = submit(programme, cast.director)
    programme.refresh_from_db()
    services.programme_decide(
        programme=programme,
        user=cast.mr,
        expected_version=programme.version,
        consent=True,
        decided_on=datetime.date(2021, 10, 12),
    )
    assert comparisons_for(first) == []
    programme.refresh_from_db()
    services.item_update(
        item=item,
        user=cast.director,
        expected_version=programme.version,
        confirm_reopen=True,
        goal="Nieuw doel",
    )
    second = submit(programme, cast.director)
    (only,) = comparisons_for(second)  # the previous one is the consented one: shown once
    assert only.against == first
    assert "waarmee is ingestemd" in only.title
    programme.refresh_from_db()
    services.item_create(
        programme=programme,
        user=cast.director,
        expected_version=programme.version,
        confirm_reopen=True,
        **item_values(name="Extra"),
    )
    second.refresh_from_db()
    assert second.decision == Submission.Decision.WITHDRAWN
    third = submit(programme, cast.director)
    previous, consented = comparisons_for(third)
    assert previous.against == second and consented.against == first
    assert [i["name"] for i in previous.changes.added] == ["Extra"]
    assert [f.field for f in consented.changes.changed[0].fields] == ["goal"]
    assert [i["name"] for i in consented.changes.added] == ["Extra"]


def _second_version(cast, programme):
    """Version 1 (consented by the MR), then the directeur changes the goal and adds an item: version 2."""
    item = services.item_create(
        programme=programme, user=cast.director, expected_version=programme.version, **item_values()
    )
    submit(programme, cast.director)
    programme.refresh_from_db()
    services.programme_decide(
        programme=programme,
        user=cast.mr,
        expected_version=programme.version,
        consent=True,
        decided_on=datetime.date(2021, 10, 12),
    )
    programme.refresh_from_db()
    services.item_update(
        item=item,
        user=cast.director,
        expected_version=programme.version,
        confirm_reopen=True,
        goal="Nieuw doel",
    )
    programme.refresh_from_db()
    services.item_create(
        programme=programme,
        user=cast.director,
        expected_version=programme.version,
        **item_values(name="Tutoring", goal_area="E", cost_first_year=Decimal("2500"), cost_second_year=0),
    )
    return submit(programme, cast.director)


def test_mr_decision_page_and_version_page_show_what_changed(client, cast, programme):
    second = _second_version(cast, programme)
    client.force_login(cast.mr)
    text = html_text(client.get(url("decide", programme)).content.decode())
    assert "Wat is er veranderd sinds versie 1 (de vorige versie, waarmee is ingestemd)" in text
    assert "Toegevoegd Tutoring (E" in text
    assert "Begrijpend lezen Meetbaar doel 75% haalt het niveau van het leerjaar. Nieuw doel" in text
    assert "€ 0,00 € 2.500,00" in text.replace("\u00a0", " ")  # goal area E, first year: was, becomes
    client.force_login(cast.director)
    page = client.get(url("submission", programme, submission_id=second.pk)).content.decode()
    assert "Wat is er veranderd sinds versie 1" in html_text(page)
    first = programme.submissions.get(number=1)
    page = client.get(url("submission", programme, submission_id=first.pk)).content.decode()
    assert "Wat is er veranderd" not in page


def test_pdf_has_the_changes_as_an_appendix(cast, programme):
    from npo_planner.programma.pdf import render_pdf
    from tests.programma.test_pdf import pdf_text

    _second_version(cast, programme)
    programme.refresh_from_db()
    text = pdf_text(render_pdf(programme=programme))
    assert "Bijlage: wat is er veranderd in versie 2" in text
    assert "Wat is er veranderd sinds versie 1 (de vorige versie, waarmee is ingestemd)" in text
    assert "Nieuw doel" in text and "Tutoring" in text


def test_item_table_shows_the_measurable_goal_and_a_negative_remainder_in_red(client, cast, programme):
    services.item_create(
        programme=programme,
        user=cast.director,
        expected_version=programme.version,
        **item_values(goal="80% leest op niveau", cost_first_year=Decimal("9000")),
    )
    client.force_login(cast.director)
    page = client.get(url("detail", programme)).content.decode()
    row = re.search(r"<tr>\s*<th scope=\"row\">Begrijpend lezen.*?</tr>", page, re.S).group(0)
    assert "80% leest op niveau" in row
    remainder = re.search(r"Over na dit jaar \(met geld uit vorige jaren\)</th>(.*?)</tr>", page, re.S).group(
        1
    )
    first_year = re.findall(r"<td[^>]*>", remainder)[0]
    assert "over-budget" in first_year


def test_duplicating_an_item_opens_a_filled_in_form_that_saves_a_new_item(client, cast, programme):
    source = services.item_create(
        programme=programme,
        user=cast.director,
        expected_version=programme.version,
        **item_values(goal="80% leest op niveau", target_groups="5a"),
    )
    client.force_login(cast.director)
    detail = client.get(url("detail", programme)).content.decode()
    copy_url = url("item_create", programme) + f"?van={source.pk}"
    assert copy_url in detail
    response = client.get(copy_url)
    form = response.context["form"]
    assert form.initial["name"] == "Begrijpend lezen (kopie)"
    assert form.initial["goal"] == "80% leest op niveau"
    assert form.initial["cost_2021_2022"] == Decimal("1000")
    data = {
        key: form.initial[key]
        for key in ("name", "goal_area", "goal", "target_groups", "responsible", "evaluation_method")
    }
    data.update(
        starts_on="2021-09-01",
        ends_on="2023-06-30",
        cost_2021_2022="1000",
        cost_2022_2023="500",
        lock_version=form.initial["lock_version"],
    )
    assert client.post(url("item_create", programme), data).status_code == 302
    assert sorted(programme.items.values_list("name", flat=True)) == [
        "Begrijpend lezen",
        "Begrijpend lezen (kopie)",
    ]


def test_duplicating_refuses_another_schools_item(client, cast, programme):
    other = make_programme(cast.school_b, cast.year)
    foreign = services.item_create(
        programme=other, user=cast.director_b, expected_version=other.version, **item_values()
    )
    client.force_login(cast.director)
    assert client.get(url("item_create", programme) + f"?van={foreign.pk}").status_code == 404

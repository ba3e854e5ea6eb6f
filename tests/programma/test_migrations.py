"""Migration 0002 turns the item's source ids into foreign keys: ids kept before the merge that point nowhere (or
to another school's row) are emptied first, the snapshot stays."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("programma", "0001_initial"), ("menukaart", "0002_load_catalogue"), ("schoolscan", "0001_initial")]
# the school year kept the NPO amounts until programma 0009 moved them to the funding stream (scholen 0011)
SCHOOL_YEAR_WITH_AMOUNTS = ("scholen", "0009_pupil_access_once_a_day")
AFTER = [("programma", "0002_item_refs_foreign_keys")]


@pytest.mark.django_db(transaction=True)
def test_dangling_source_ids_are_emptied_and_valid_ones_kept():
    executor = MigrationExecutor(connection)
    # menukaart back to 0002 as well: its later migrations add columns the historical model would not fill
    executor.migrate([*BEFORE[:2], SCHOOL_YEAR_WITH_AMOUNTS])
    old = executor.loader.project_state(
        [("programma", "0001_initial"), *BEFORE[1:], SCHOOL_YEAR_WITH_AMOUNTS]
    ).apps
    School = old.get_model("scholen", "School")
    SchoolYear = old.get_model("scholen", "SchoolYear")
    Intervention = old.get_model("menukaart", "Intervention")
    Programme = old.get_model("programma", "Programme")
    Item = old.get_model("programma", "Item")
    from tests.factories import SchoolFactory

    school, other = SchoolFactory(brin="11AA"), SchoolFactory(brin="22BB")
    year = SchoolYear.objects.create(label="2021-2022", start="2021-08-01", end="2022-07-31")
    second = SchoolYear.objects.create(label="2022-2023", start="2022-08-01", end="2023-07-31")
    programme = Programme.objects.create(
        school=School.objects.get(pk=school.pk),
        first_year=SchoolYear.objects.get(pk=year.pk),
        second_year=SchoolYear.objects.get(pk=second.pk),
    )
    catalogue = Intervention.objects.filter(school=None).order_by("pk").first()
    foreign = Intervention.objects.create(school_id=other.pk, goal_area="A", name="Elders")
    common = {
        "programme": programme,
        "goal_area": "B",
        "goal": "doel",
        "target_groups": "5a",
        "starts_on": year.start,
        "ends_on": second.end,
        "responsible": "IB",
    }
    kept = Item.objects.create(name="Uit de menukaart", intervention_ref=catalogue.pk, **common)
    dangling = Item.objects.create(
        name="Weg", intervention_ref=999999, priority_ref=888888, priority="P", **common
    )
    elsewhere = Item.objects.create(name="Van een andere school", intervention_ref=foreign.pk, **common)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("programma", "Item")
    refs = {i.name: (i.intervention_ref_id, i.priority_ref_id, i.priority) for i in new.objects.all()}
    assert refs[kept.name] == (catalogue.pk, None, "")
    assert refs[dangling.name] == (None, None, "P")
    assert refs[elsewhere.name] == (None, None, "")
    call_command("migrate", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_versions_submitted_before_the_gmr_route_need_no_gmr():
    """Migration 0003: existing versions and items get needs_gmr / above_school_level False and no GMR decision,
    so their status and what the pages say about them stay as they were."""
    before = [("programma", "0002_item_refs_foreign_keys"), SCHOOL_YEAR_WITH_AMOUNTS]
    after = [("programma", "0003_gmr_route"), SCHOOL_YEAR_WITH_AMOUNTS]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    from tests.factories import SchoolFactory

    school = SchoolFactory(brin="11AA")
    SchoolYear = old.get_model("scholen", "SchoolYear")
    year = SchoolYear.objects.create(label="2021-2022", start="2021-08-01", end="2022-07-31")
    second = SchoolYear.objects.create(label="2022-2023", start="2022-08-01", end="2023-07-31")
    programme = old.get_model("programma", "Programme").objects.create(
        school_id=school.pk, first_year_id=year.pk, second_year_id=second.pk, status="vastgesteld"
    )
    old.get_model("programma", "Item").objects.create(
        programme=programme,
        name="Kanjertraining",
        goal_area="C",
        goal="doel",
        target_groups="5a",
        starts_on=year.start,
        ends_on=second.end,
        responsible="IB",
    )
    old.get_model("programma", "Submission").objects.create(
        programme=programme, number=1, decision="instemming", remarks="Akkoord"
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    submission = new.get_model("programma", "Submission").objects.get()
    assert (submission.needs_gmr, submission.gmr_decision, submission.gmr_decided_on) == (False, "", None)
    assert (submission.decision, submission.remarks) == ("instemming", "Akkoord")
    assert new.get_model("programma", "Item").objects.get().above_school_level is False
    call_command("migrate", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_existing_programmes_become_npo_programmes_with_their_costs_per_school_year():
    """Migration 0009: a programme of two school years becomes the NPO's, its items' cost of the first and second
    year become `year_costs`; the NPO ships with the amounts FACTS.md verifies (the €500 for sbo and (v)so in
    2022-2023 that the school year kept is not carried over)."""
    before = [("programma", "0008_remove_chartimage_charts_in_cache_framework"), SCHOOL_YEAR_WITH_AMOUNTS]
    after = [("programma", "0009_funding_streams_and_year_span")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    School = old.get_model("scholen", "School")
    SchoolYear = old.get_model("scholen", "SchoolYear")
    board = old.get_model("scholen", "Board").objects.create(name="Bestuur")
    school = School.objects.create(brin="11AA", name="A", board=board)
    year = SchoolYear.objects.create(label="2021-2022", start="2021-08-01", end="2022-07-31")
    second = SchoolYear.objects.create(
        label="2022-2023", start="2022-08-01", end="2023-07-31", npo_per_pupil_special="500"
    )
    programme = old.get_model("programma", "Programme").objects.create(
        school=school, first_year=year, second_year=second
    )
    old.get_model("programma", "Item").objects.create(
        programme=programme,
        name="Kanjertraining",
        goal_area="C",
        goal="doel",
        target_groups="5a",
        starts_on="2021-09-01",
        ends_on="2023-06-30",
        responsible="IB",
        cost_first_year="1000.50",
        cost_second_year="0",
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    moved = new.get_model("programma", "Programme").objects.get()
    assert (moved.stream.code, moved.last_year_id) == ("npo", second.pk)
    assert new.get_model("programma", "Item").objects.get().year_costs == {"2021-2022": "1000.50"}
    amount = new.get_model("programma", "StreamAmount").objects.get(school_year="2022-2023")
    assert amount.per_pupil_sbo is None
    call_command("migrate", verbosity=0)

from kanvas import demo
from kanvas.models import FollowUp, ImportRecord, Response
from kanvas.selectors import klassenzorgscore_per_group
from kanvas.sociogram import changes_between
from npo_planner.scholen.demo import load_core

M1, M2 = demo.MOMENTS


def test_demo_files_in_fixtures_are_what_the_generator_makes():
    for name, (_kind, data) in demo.demo_files().items():
        assert (demo.DEMO_DIR / name).read_bytes() == data, f"regenerate fixtures/demo/{name}"


def test_demo_is_imported_through_the_importer_and_tells_the_story(db):
    ctx = load_core()
    demo.load(ctx)
    demo.load(ctx)  # idempotent
    assert ImportRecord.objects.filter(school=ctx.school_a).count() == 4
    assert ImportRecord.objects.filter(username="ib").count() == 4
    rows = {r["group"]: r for r in klassenzorgscore_per_group(school=ctx.school_a, moment=M2, compare=M1)}
    assert set(rows) == {"5a", "6a", "7a", "8a"}
    notable = [name for name, r in rows.items() if r["notable"]]
    assert notable == ["6a"] and rows["6a"]["change"] > 20
    fell_out = {
        c["after"].code: c["reasons"] for c in changes_between(school=ctx.school_a, moment=M2, compare=M1)
    }
    assert fell_out["RB607"][0].startswith("krijgt geen positieve keuzes meer")
    assert Response.objects.filter(participation__pupil__code="RB607").exists()
    assert not FollowUp.objects.exists()

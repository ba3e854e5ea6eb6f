from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from npo_planner.lib.edit_conflict import EditConflict
from npo_planner.scholen.models import AuditEntry
from npo_planner.scholen.roles import Role
from schoolscan.models import CognitiveResult, Priority, Scan, ScanSection, SectionKey, Status
from schoolscan.services import scan_create, scan_establish, scan_new_version, section_save
from tests.factories import SchoolYearFactory
from tests.schoolscan.helpers import COMPLETE, CONTEXT, PRIORITY, complete_scan, save, version_of


def test_a_new_scan_has_six_empty_sections(cast):
    scan = scan_create(school=cast.school_a, school_year=cast.year, user=cast.director)
    sections = ScanSection.objects.filter(scan=scan)
    assert sections.count() == 6
    assert not any(s.complete for s in sections)
    assert scan.status == Status.CONCEPT and scan.number == 1
    assert AuditEntry.objects.filter(school=cast.school_a, action="schoolscan.create").exists()


def test_a_second_scan_for_the_same_year_is_refused(cast):
    scan_create(school=cast.school_a, school_year=cast.year, user=cast.director)
    with pytest.raises(ValidationError):
        scan_create(school=cast.school_a, school_year=cast.year, user=cast.director)


def test_saving_a_section_bumps_its_version_records_who_and_writes_an_audit_entry(cast):
    scan = scan_create(school=cast.school_a, school_year=cast.year, user=cast.director)
    section = save(scan, SectionKey.CONTEXT, cast.director, {**CONTEXT, "population": ""})
    assert section.version == 1
    assert section.updated_by == cast.director and section.updated_at is not None
    assert section.missing == ["population"]  # a draft may be incomplete
    section = save(scan, SectionKey.CONTEXT, cast.director, CONTEXT)
    assert section.version == 2 and section.complete
    entries = AuditEntry.objects.filter(action="schoolscan.section_save", object_id=str(section.pk))
    assert entries.count() == 2
    assert entries.first().data["changed"] == ["leerlingpopulatie"]
    assert scan.context.__class__.objects.get(scan=scan).disadvantage_units == Decimal("42.50")


def test_second_save_from_the_same_version_is_refused_and_nothing_is_overwritten(cast):
    scan = scan_create(school=cast.school_a, school_year=cast.year, user=cast.director)
    opened = version_of(scan, SectionKey.WELLBEING)  # both open the section at version 0
    first = {"step_groups": "analyse van de IB'er", "step_safety": "", "step_sociogram": "", "step_plan": ""}
    second = {
        "step_groups": "analyse van de directeur",
        "step_safety": "",
        "step_sociogram": "",
        "step_plan": "",
    }
    section_save(
        scan=scan, key=SectionKey.WELLBEING, user=cast.ib, role=Role.IB, base_version=opened, values=first
    )
    with pytest.raises(EditConflict):
        section_save(
            scan=scan,
            key=SectionKey.WELLBEING,
            user=cast.director,
            role=Role.DIRECTEUR,
            base_version=opened,
            values=second,
        )
    scan.refresh_from_db()
    assert Scan.objects.get(pk=scan.pk).wellbeing.step_groups == "analyse van de IB'er"
    assert version_of(scan, SectionKey.WELLBEING) == 1
    assert AuditEntry.objects.filter(action="schoolscan.section_save").count() == 1


def test_ib_edits_sections_two_to_four_only(cast):
    scan = scan_create(school=cast.school_a, school_year=cast.year, user=cast.director)
    for key in (SectionKey.COGNITIVE, SectionKey.WELLBEING, SectionKey.EXECUTIVE):
        values, rows = COMPLETE[key]
        save(scan, key, cast.ib, values, rows, role=Role.IB)
    for key in (SectionKey.CONTEXT, SectionKey.CONDITIONS, SectionKey.CONCLUSIONS):
        values, rows = COMPLETE[key]
        with pytest.raises(PermissionDenied):
            save(scan, key, cast.ib, values, rows, role=Role.IB)
    for role in (Role.LEERKRACHT, Role.MR, Role.BESTUUR):
        with pytest.raises(PermissionDenied):
            save(scan, SectionKey.WELLBEING, cast.teacher, COMPLETE[SectionKey.WELLBEING][0], role=role)


@pytest.mark.parametrize("grades", ["9", "6-5", "5 6", "", "0-2", "5-"])
def test_priority_grades_must_read_like_5_6(cast, grades):
    scan = scan_create(school=cast.school_a, school_year=cast.year, user=cast.director)
    with pytest.raises(ValidationError) as error:
        save(scan, SectionKey.CONCLUSIONS, cast.director, {"summary": ""}, [{**PRIORITY, "grades": grades}])
    assert "grades" in error.value.message_dict
    assert not Priority.objects.filter(scan=scan).exists()
    assert version_of(scan, SectionKey.CONCLUSIONS) == 0  # the failed save rolled back the version too


def test_cognitive_row_needs_some_result(cast):
    scan = scan_create(school=cast.school_a, school_year=cast.year, user=cast.director)
    row = {"domain": "rekenen", "grade": 6, "instrument": "Cito", "trend": "onbekend"}
    with pytest.raises(ValidationError) as error:
        save(scan, SectionKey.COGNITIVE, cast.director, {"analysis": ""}, [row])
    assert "Vul een resultaat" in str(error.value)
    assert not CognitiveResult.objects.exists()


def test_establishing_needs_every_section_complete(cast):
    scan = scan_create(school=cast.school_a, school_year=cast.year, user=cast.director)
    save(scan, SectionKey.CONTEXT, cast.director, CONTEXT)
    with pytest.raises(ValidationError) as error:
        scan_establish(scan=scan, user=cast.director)
    assert "Cognitieve ontwikkeling" in str(error.value)
    assert "Context van de school" not in str(error.value)
    assert Scan.objects.get(pk=scan.pk).status == Status.CONCEPT


def test_an_established_scan_is_read_only_and_changes_need_a_new_version(cast):
    scan = complete_scan(cast.school_a, cast.year, cast.director)
    scan_establish(scan=scan, user=cast.director)
    scan.refresh_from_db()
    assert scan.status == Status.VASTGESTELD and scan.established_by == cast.director
    with pytest.raises(ValidationError):
        save(scan, SectionKey.CONTEXT, cast.director, CONTEXT)
    with pytest.raises(ValidationError):
        scan_establish(scan=scan, user=cast.director)

    new = scan_new_version(scan=scan, user=cast.director)
    assert new.number == 2 and new.status == Status.CONCEPT and new.copied_from == scan
    assert list(new.priorities.values_list("title", flat=True)) == ["Begrijpend lezen"]
    assert new.cognitive_results.count() == 1
    assert all(s.complete for s in ScanSection.objects.filter(scan=new))
    save(new, SectionKey.CONTEXT, cast.director, {**CONTEXT, "population": "Gewijzigd."})
    assert Scan.objects.get(pk=scan.pk).context.population == "Gemengde wijkschool."  # the old one is kept
    with pytest.raises(ValidationError):
        scan_new_version(scan=scan, user=cast.director)  # only from the latest version


def test_last_years_scan_is_copied_as_the_start_of_this_year(cast):
    last_year = SchoolYearFactory(label="2020-2021")
    old = complete_scan(cast.school_a, last_year, cast.director)
    scan_establish(scan=old, user=cast.director)
    scan = scan_create(school=cast.school_a, school_year=cast.year, user=cast.director, copy_from=old)
    assert scan.copied_from == old and scan.status == Status.CONCEPT
    assert scan.context.disadvantage_units == Decimal("42.50")
    assert scan.cognitive_results.get().instrument == "Cito M5"
    assert scan.priorities.get().grades == "5-6"
    assert scan.wellbeing.kanvas_snapshot is None  # the old year's KanVAS snapshot does not travel along
    assert all(s.version == 0 for s in ScanSection.objects.filter(scan=scan))
    assert old.priorities.count() == 1  # the source is untouched
    # Copied sections count as complete only after someone has looked at them and saved them.
    assert all(s.missing == ["review"] for s in ScanSection.objects.filter(scan=scan))
    with pytest.raises(ValidationError):
        scan_establish(scan=scan, user=cast.director)
    for key, (values, rows) in COMPLETE.items():
        save(scan, key, cast.director, values, rows)
    scan_establish(scan=scan, user=cast.director)


def test_copy_from_another_school_or_a_later_year_is_refused(cast):
    later = SchoolYearFactory(label="2022-2023")
    other = complete_scan(cast.school_b, SchoolYearFactory(label="2020-2021"), cast.director_b)
    with pytest.raises(ValidationError):
        scan_create(school=cast.school_a, school_year=cast.year, user=cast.director, copy_from=other)
    future = complete_scan(cast.school_a, later, cast.director)
    with pytest.raises(ValidationError):
        scan_create(school=cast.school_a, school_year=cast.year, user=cast.director, copy_from=future)


def test_every_write_leaves_an_audit_entry_with_the_school_year(cast):
    scan = complete_scan(cast.school_a, cast.year, cast.director)
    scan_establish(scan=scan, user=cast.director)
    scan_new_version(scan=scan, user=cast.director)
    actions = list(AuditEntry.objects.filter(school=cast.school_a).values_list("action", "username", "data"))
    assert [a for a, _u, _d in actions].count("schoolscan.section_save") == 6
    assert {"schoolscan.create", "schoolscan.establish", "schoolscan.new_version"} <= {
        a for a, _u, _d in actions
    }
    assert all(u == "directeur_a" and d["school_year"] == "2021-2022" for _a, u, d in actions)

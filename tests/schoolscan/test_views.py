import pytest
from django.urls import reverse

from npo_planner.scholen.models import AuditEntry
from schoolscan.models import Scan, ScanSection, SectionKey, Status
from schoolscan.services import scan_create, scan_establish
from tests.factories import SchoolYearFactory
from tests.schoolscan.helpers import complete_scan, version_of


def url(cast, name, **kwargs):
    return reverse(f"schoolscan:{name}", kwargs={"brin": cast.school_a.brin, **kwargs})


def section_url(cast, key):
    return url(cast, "section", section=key)


def context_post(version, **overrides):
    data = {f"pupils_{grade}": "25" for grade in range(1, 9)}
    data.update(
        {"population": "Wijkschool", "disadvantage_units": "42,5", "notes": "", "version": str(version)}
    )
    data.update(overrides)
    return data


def formset_post(prefix_rows, *, total=None, initial=0):
    data = {
        "rij-TOTAL_FORMS": str(total if total is not None else len(prefix_rows)),
        "rij-INITIAL_FORMS": str(initial),
        "rij-MIN_NUM_FORMS": "0",
        "rij-MAX_NUM_FORMS": "100",
    }
    for index, row in enumerate(prefix_rows):
        for key, value in row.items():
            data[f"rij-{index}-{key}"] = value
    return data


@pytest.fixture
def scan(cast):
    return scan_create(school=cast.school_a, school_year=cast.year, user=cast.director)


def test_directeur_starts_an_empty_scan(client, cast):
    client.force_login(cast.director)
    response = client.get(url(cast, "index"))
    assert "Lege schoolscan starten" in response.content.decode()
    response = client.post(url(cast, "create"), {"bron": "leeg"})
    assert response.status_code == 302
    assert Scan.objects.filter(school=cast.school_a, school_year=cast.year).count() == 1


def test_only_the_directeur_starts_or_establishes_a_scan(client, cast, scan):
    for user in (cast.ib, cast.teacher, cast.mr, cast.board_member):
        client.force_login(user)
        assert client.post(url(cast, "create"), {"bron": "leeg"}).status_code == 403
        assert client.post(url(cast, "establish")).status_code == 403
        assert client.post(url(cast, "new_version")).status_code == 403


def test_directeur_copies_last_years_scan_from_the_page(client, cast):
    old = complete_scan(cast.school_a, SchoolYearFactory(label="2020-2021"), cast.director)
    client.force_login(cast.director)
    assert "Scan van 2020-2021 overnemen als start" in client.get(url(cast, "index")).content.decode()
    client.post(url(cast, "create"), {"bron": "vorig"})
    scan = Scan.objects.get(school=cast.school_a, school_year=cast.year)
    assert scan.copied_from == old
    assert scan.priorities.count() == 1
    html = client.get(url(cast, "index")).content.decode()
    assert "0 van 6 onderdelen volledig" in html
    assert "nalopen (overgenomen uit een eerder schooljaar)" in html
    assert "overgenomen, nog niet opgeslagen" in html


def test_directeur_saves_a_section_and_the_progress_shows_it(client, cast, scan):
    client.force_login(cast.director)
    page = client.get(url(cast, "index")).content.decode()
    assert "0 van 6 onderdelen volledig" in page
    form_page = client.get(section_url(cast, SectionKey.CONTEXT))
    assert form_page.status_code == 200
    assert 'name="version" value="0"' in form_page.content.decode()
    response = client.post(section_url(cast, SectionKey.CONTEXT), context_post(0))
    assert response.status_code == 302
    page = client.get(url(cast, "index")).content.decode()
    assert "1 van 6 onderdelen volledig" in page
    assert "directeur_a" in page  # who changed it last
    assert Scan.objects.get(pk=scan.pk).context.pupils_5 == 25


def test_invalid_values_get_dutch_messages_at_the_field_and_nothing_is_saved(client, cast, scan):
    client.force_login(cast.director)
    response = client.post(
        section_url(cast, SectionKey.CONTEXT), context_post(0, pupils_3="-2", disadvantage_units="veel")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Het onderdeel is niet opgeslagen" in html
    assert "Vul een getal van 0 of meer in; een negatief getal kan hier niet." in html
    assert "Vul een getal in, bijvoorbeeld 18.500 of 18.500,00 of 12,5 (komma voor de decimalen)." in html
    assert version_of(scan, SectionKey.CONTEXT) == 0


def test_numbers_are_typed_the_dutch_way_in_every_section(client, cast, scan):
    from decimal import Decimal

    client.force_login(cast.director)
    data = context_post(0, pupils_1="1.2", disadvantage_units="1.234,5")
    response = client.post(section_url(cast, SectionKey.CONTEXT), data)
    assert "Vul een heel getal in, zonder decimalen." in response.content.decode()  # 1.2 pupils
    data = context_post(0, pupils_1="25", disadvantage_units="1.234,5")
    assert client.post(section_url(cast, SectionKey.CONTEXT), data).status_code == 302
    assert Scan.objects.get(pk=scan.pk).context.disadvantage_units == Decimal("1234.50")
    page = client.get(section_url(cast, SectionKey.CONTEXT)).content.decode()
    assert 'type="text"' in page and 'inputmode="decimal"' in page and 'type="number"' not in page
    data = {"staff": "", "vacancies": "2", "absence_pct": "4,5 %", "current_measures": "", "version": "0"}
    assert client.post(section_url(cast, SectionKey.CONDITIONS), data).status_code == 302
    assert Scan.objects.get(pk=scan.pk).conditions.absence_pct == Decimal("4.5")
    client.force_login(cast.ib)
    row = {"domain": "rekenen", "grade": "6", "instrument": "Cito", "result": "", "trend": "gelijk"}
    row.update(delay_months="-2,5", share_below_norm="12,5%")
    response = client.post(
        section_url(cast, SectionKey.COGNITIVE), {"analysis": "", "version": "0", **formset_post([row])}
    )
    assert response.status_code == 302
    result = scan.cognitive_results.get()
    assert (result.delay_months, result.share_below_norm) == (Decimal("-2.5"), Decimal("12.5"))


def test_priority_rows_are_validated_in_dutch(client, cast, scan):
    client.force_login(cast.director)
    data = {"summary": "", "version": "0"}
    data.update(
        formset_post(
            [{"title": "Rekenen", "goal_area": "B", "grades": "6-4", "aim": "Beter rekenen."}], total=3
        )
    )
    response = client.post(section_url(cast, SectionKey.CONCLUSIONS), data)
    assert response.status_code == 200
    assert (
        "Schrijf de groepen als één groep (5), een reeks van laag naar hoog (5-6) of een combinatiegroep (5/6)"
        in response.content.decode()
    )
    data["rij-0-grades"] = "4-6"
    assert client.post(section_url(cast, SectionKey.CONCLUSIONS), data).status_code == 302
    assert list(scan.priorities.values_list("grades", flat=True)) == ["4-6"]


def test_a_priority_for_a_combination_group(client, cast, scan):
    client.force_login(cast.director)
    data = {"summary": "", "version": "0"}
    data.update(
        formset_post(
            [{"title": "Rekenen", "goal_area": "B", "grades": "5/6", "aim": "Beter rekenen."}], total=3
        )
    )
    assert client.post(section_url(cast, SectionKey.CONCLUSIONS), data).status_code == 302
    priority = scan.priorities.get()
    assert (priority.grades, priority.grade_range) == ("5/6", (5, 6))


def test_the_same_domain_and_grade_twice_is_refused(client, cast, scan):
    client.force_login(cast.ib)
    row = {"domain": "rekenen", "grade": "6", "instrument": "Cito", "result": "III", "trend": "gelijk"}
    data = {"analysis": "", "version": "0", **formset_post([row, row])}
    response = client.post(section_url(cast, SectionKey.COGNITIVE), data)
    assert "Deze combinatie van domein en groep staat al in regel 1." in response.content.decode()
    assert not scan.cognitive_results.exists()


def test_rows_marked_for_deletion_are_removed(client, cast, scan):
    client.force_login(cast.director)
    row = {"title": "Rekenen", "goal_area": "B", "grades": "6", "aim": "Beter."}
    client.post(
        section_url(cast, SectionKey.CONCLUSIONS), {"summary": "", "version": "0", **formset_post([row])}
    )
    assert scan.priorities.count() == 1
    data = {"summary": "", "version": "1", **formset_post([{**row, "DELETE": "on"}], initial=1)}
    assert client.post(section_url(cast, SectionKey.CONCLUSIONS), data).status_code == 302
    assert scan.priorities.count() == 0


def test_ib_edits_sections_two_to_four_and_reads_the_others(client, cast, scan):
    client.force_login(cast.ib)
    wellbeing = {
        "step_groups": "a",
        "step_safety": "b",
        "step_sociogram": "c",
        "step_plan": "d",
        "version": "0",
    }
    assert client.post(section_url(cast, SectionKey.WELLBEING), wellbeing).status_code == 302
    assert client.post(section_url(cast, SectionKey.CONTEXT), context_post(0)).status_code == 403
    page = client.get(section_url(cast, SectionKey.CONTEXT)).content.decode()
    assert "Alleen de directeur wijzigt dit onderdeel" in page
    assert 'name="version"' not in page


@pytest.mark.parametrize("who", ["teacher", "mr", "board_member"])
def test_other_roles_only_read(client, cast, scan, who):
    client.force_login(getattr(cast, who))
    wellbeing = {
        "step_groups": "a",
        "step_safety": "b",
        "step_sociogram": "c",
        "step_plan": "d",
        "version": "0",
    }
    assert client.post(section_url(cast, SectionKey.WELLBEING), wellbeing).status_code == 403
    response = client.get(section_url(cast, SectionKey.WELLBEING))
    assert response.status_code == 200
    assert 'name="version"' not in response.content.decode()
    assert version_of(scan, SectionKey.WELLBEING) == 0


def test_a_conflicting_save_is_refused_and_shows_both_versions(client, cast, scan):
    client.force_login(cast.ib)
    first = {
        "step_groups": "Versie van de IB'er",
        "step_safety": "",
        "step_sociogram": "",
        "step_plan": "",
        "version": "0",
    }
    assert client.post(section_url(cast, SectionKey.WELLBEING), first).status_code == 302

    client.force_login(cast.director)  # opened the section at version 0, too
    second = {**first, "step_groups": "Versie van de directeur"}
    response = client.post(section_url(cast, SectionKey.WELLBEING), second)
    assert response.status_code == 200
    html = response.content.decode()
    assert "iemand anders heeft dit onderdeel intussen gewijzigd" in html
    assert "Versie van de IB&#x27;er" in html and "Versie van de directeur" in html
    assert 'name="version" value="1"' in html  # a deliberate second save may now replace it
    assert Scan.objects.get(pk=scan.pk).wellbeing.step_groups == "Versie van de IB'er"

    second["version"] = "1"
    assert client.post(section_url(cast, SectionKey.WELLBEING), second).status_code == 302
    assert Scan.objects.get(pk=scan.pk).wellbeing.step_groups == "Versie van de directeur"
    assert AuditEntry.objects.filter(action="schoolscan.section_save").count() == 2


def test_establish_from_the_page(client, cast):
    scan = complete_scan(cast.school_a, cast.year, cast.director)
    client.force_login(cast.director)
    response = client.post(url(cast, "establish"), follow=True)
    assert "De schoolscan is vastgesteld" in response.content.decode()
    assert Scan.objects.get(pk=scan.pk).status == Status.VASTGESTELD
    page = client.get(section_url(cast, SectionKey.CONTEXT)).content.decode()
    assert 'name="version"' not in page and "kan alleen nog gelezen worden" in page
    assert client.post(section_url(cast, SectionKey.CONTEXT), context_post(1)).status_code == 302
    assert version_of(scan, SectionKey.CONTEXT) == 1  # unchanged
    client.post(url(cast, "new_version"))
    assert Scan.objects.filter(
        school=cast.school_a, school_year=cast.year, number=2, status="concept"
    ).exists()


def test_establishing_an_incomplete_scan_names_what_is_missing(client, cast, scan):
    client.force_login(cast.director)
    response = client.post(url(cast, "establish"), follow=True)
    assert "Vul eerst alle onderdelen volledig in" in response.content.decode()
    assert Scan.objects.get(pk=scan.pk).status == Status.CONCEPT


def test_section_page_shows_history_of_changes(client, cast, scan):
    client.force_login(cast.director)
    client.post(section_url(cast, SectionKey.CONTEXT), context_post(0))
    client.post(section_url(cast, SectionKey.CONTEXT), context_post(1, population="Anders"))
    html = client.get(section_url(cast, SectionKey.CONTEXT)).content.decode()
    assert "Geschiedenis van dit onderdeel" in html
    assert "(versie 2)" in html and "gewijzigd: leerlingpopulatie" in html
    assert "Laatst gewijzigd door directeur_a" in html


def test_unknown_section_is_404_and_no_scan_redirects(client, cast):
    client.force_login(cast.director)
    assert client.get(section_url(cast, "bestaat-niet")).status_code == 404
    assert client.get(section_url(cast, SectionKey.CONTEXT)).status_code == 302
    assert client.get(url(cast, "print")).status_code == 302


def test_print_page_shows_the_scan_and_hides_small_cells_for_the_board(client, cast):
    scan = complete_scan(cast.school_a, cast.year, cast.director)
    context = scan.context
    context.pupils_5 = 3  # a tiny grade 5: its share below norm is not shown to bestuur/MR
    context.save()
    scan_establish(scan=scan, user=cast.director)
    client.force_login(cast.director)
    html = client.get(url(cast, "print")).content.decode()
    assert "Begrijpend lezen" in html and "35,0" in html and "Afdrukken" in html
    client.force_login(cast.board_member)
    html = client.get(url(cast, "print")).content.decode()
    assert "35,0" not in html and "&lt; 5" in html


def test_dashboard_shows_the_scan_step(client, cast, scan):
    client.force_login(cast.director)
    html = client.get(reverse("scholen:dashboard", kwargs={"brin": cast.school_a.brin})).content.decode()
    assert "Concept: 0 van 6 onderdelen volledig" in html
    assert url(cast, "index") in html


@pytest.mark.parametrize("name", ["index", "print", "cognitief", "conclusies"])
def test_pages_cost_a_fixed_number_of_queries(client, cast, django_assert_max_num_queries, name):
    from decimal import Decimal

    from tests.schoolscan.helpers import save

    scan = complete_scan(cast.school_a, cast.year, cast.director)
    client.force_login(cast.director)
    page = url(cast, name) if name in ("index", "print") else section_url(cast, name)
    with django_assert_max_num_queries(20) as small:
        client.get(page)
    rows = [
        {
            "domain": domain,
            "grade": grade,
            "instrument": "Cito",
            "result": "III",
            "delay_months": Decimal("-1"),
            "share_below_norm": Decimal("20"),
            "trend": "gelijk",
            "note": "",
        }
        for domain in ("technisch_lezen", "begrijpend_lezen", "spelling", "rekenen", "taal")
        for grade in range(1, 9)
    ]
    save(scan, SectionKey.COGNITIVE, cast.director, {"analysis": "x"}, rows)
    priorities = [{"title": f"P{i}", "goal_area": "B", "grades": "5-6", "aim": "x"} for i in range(20)]
    save(scan, SectionKey.CONCLUSIONS, cast.director, {"summary": "x"}, priorities)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(page).status_code == 200
    assert ScanSection.objects.filter(scan=scan).count() == 6


def test_section_one_starts_with_the_pupils_of_the_schools_groups(client, cast, scan):
    client.force_login(cast.director)
    html = client.get(section_url(cast, SectionKey.CONTEXT)).content.decode()
    assert "overgenomen uit de groepsindeling" in html
    assert 'name="pupils_5" value="1"' in html and 'name="pupils_6" value="1"' in html
    assert 'name="pupils_1" value="0"' in html
    client.post(section_url(cast, SectionKey.CONTEXT), context_post(0))
    html = client.get(section_url(cast, SectionKey.CONTEXT)).content.decode()
    assert "overgenomen uit de groepsindeling" not in html and 'name="pupils_5" value="25"' in html

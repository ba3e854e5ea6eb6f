"""Rows pasted from Excel into the scan's tables: they land in the right fields, all or nothing, with errors per
row and the section's version check."""

from decimal import Decimal

import pytest
from django.urls import reverse

from schoolscan.models import ScanCognitive, SectionKey
from schoolscan.services import scan_create
from tests.schoolscan.helpers import COGNITIVE_ROW, save, version_of


def section_url(cast, key):
    return reverse("schoolscan:section", kwargs={"brin": cast.school_a.brin, "section": key})


@pytest.fixture
def scan(cast):
    return scan_create(school=cast.school_a, school_year=cast.year, user=cast.director)


COGNITIVE_PASTE = (
    "Domein\tGroep\tInstrument\tResultaat\tVertraging of groei (maanden)\tAandeel onder de norm (%)\tTrend\n"
    "Rekenen\t6\tCito M6\tIII-gem\t-2,5\t28,5\tDalend\n"
    "Begrijpend lezen\t7\tCito M7\tIV\t\t41\tgelijk\n"
)


def test_the_section_page_offers_the_paste_box_with_its_columns(client, cast, scan):
    client.force_login(cast.director)
    html = client.get(section_url(cast, SectionKey.COGNITIVE)).content.decode()
    assert "Plakken uit Excel" in html
    assert "Domein · Groep · Instrument · Resultaat" in html
    assert 'src="/static/js/paste.js"' in html
    assert "Plakken uit Excel" not in client.get(section_url(cast, SectionKey.CONTEXT)).content.decode()


def test_pasted_cognitive_results_are_added_to_the_stored_rows(client, cast, scan):
    save(scan, SectionKey.COGNITIVE, cast.director, {"analysis": "Eerst lezen."}, [COGNITIVE_ROW])
    client.force_login(cast.ib)
    response = client.post(
        section_url(cast, SectionKey.COGNITIVE),
        {"version": "1", "plakken": COGNITIVE_PASTE, "actie": "plakken"},
    )
    assert response.status_code == 302
    rows = list(
        scan.cognitive_results.order_by("grade").values(
            "domain", "grade", "delay_months", "share_below_norm", "trend"
        )
    )
    assert rows == [
        {
            "domain": "begrijpend_lezen",
            "grade": 5,
            "delay_months": Decimal("-4.0"),
            "share_below_norm": Decimal("35.0"),
            "trend": "dalend",
        },
        {
            "domain": "rekenen",
            "grade": 6,
            "delay_months": Decimal("-2.5"),
            "share_below_norm": Decimal("28.5"),
            "trend": "dalend",
        },
        {
            "domain": "begrijpend_lezen",
            "grade": 7,
            "delay_months": None,
            "share_below_norm": Decimal("41.0"),
            "trend": "gelijk",
        },
    ]
    assert ScanCognitive.objects.get(scan=scan).analysis == "Eerst lezen."  # the section's text stays
    assert version_of(scan, SectionKey.COGNITIVE) == 2
    page = client.get(response.url).content.decode()
    assert "2 regels geplakt en opgeslagen." in page


def test_pasted_priorities_without_header_can_replace_the_table(client, cast, scan):
    save(
        scan,
        SectionKey.CONCLUSIONS,
        cast.director,
        {"summary": "s"},
        [{"title": "Oud", "goal_area": "B", "grades": "5-6", "aim": "a"}],
    )
    client.force_login(cast.director)
    paste = "Rekenen automatiseren\tB\t4-5\tMinder dan 20% onder de norm.\nWelbevinden\tSociaal-emotionele en fysieke ontwikkeling\t1-8\tIedereen voelt zich veilig.\n"
    response = client.post(
        section_url(cast, SectionKey.CONCLUSIONS), {"version": "1", "plakken": paste, "vervangen": "on"}
    )
    assert response.status_code == 302
    assert list(scan.priorities.values_list("title", "goal_area", "grades", "position")) == [
        ("Rekenen automatiseren", "B", "4-5", 0),
        ("Welbevinden", "C", "1-8", 1),
    ]


def test_errors_per_row_in_dutch_and_nothing_is_saved(client, cast, scan):
    client.force_login(cast.director)
    paste = (
        "Rekenen\t6\tCito M6\t\t-2,5\t28,5\tDalend\n"
        "Rekenen\t9\tCito\t\t\t120\tomhoog\n"
        "Lezen\t5\t\n"
        "Rekenen\t6\tCito M6\n"
    )
    response = client.post(section_url(cast, SectionKey.COGNITIVE), {"version": "0", "plakken": paste})
    assert response.status_code == 200
    html = response.content.decode()
    for message in (
        "Regel 2, kolom Trend: “omhoog” is geen keuze; kies uit: Stijgend, Gelijk, Dalend, Onbekend.",
        "Regel 3, kolom Domein: “Lezen” is geen keuze",
        "Regel 2, kolom Groep: Kies een groep van 1 tot en met 8.",
        "Regel 2, kolom Aandeel onder de norm (%): Vul een percentage van 0 tot en met 100 in.",
        "Regel 3, kolom Instrument: Dit veld is verplicht.",
        "Er is niets geplakt. Verbeter de regels hieronder en plak opnieuw.",
    ):
        assert message.replace("“", "&ldquo;").replace("”", "&rdquo;") in html or message in html, message
    assert not scan.cognitive_results.exists()
    assert version_of(scan, SectionKey.COGNITIVE) == 0
    assert "Cito M6" in html  # the pasted text is kept in the box to correct


def test_a_domain_and_grade_twice_is_named_by_row(client, cast, scan):
    save(scan, SectionKey.COGNITIVE, cast.director, {"analysis": ""}, [COGNITIVE_ROW])
    client.force_login(cast.director)
    paste = "Begrijpend lezen\t5\tCito\tII\nRekenen\t6\tCito\tII\nRekenen\t6\tCito\tIII\n"
    html = client.post(
        section_url(cast, SectionKey.COGNITIVE), {"version": "1", "plakken": paste}
    ).content.decode()
    assert "Regel 1: deze combinatie van domein en groep staat al in de tabel." in html
    assert "Regel 3: deze combinatie van domein en groep staat al in regel 2 van de plakselectie." in html
    assert scan.cognitive_results.count() == 1


def test_a_paste_after_someone_else_saved_is_refused_as_a_normal_save_is(client, cast, scan):
    client.force_login(cast.director)
    page = client.get(section_url(cast, SectionKey.COGNITIVE)).content.decode()
    assert 'name="version" value="0"' in page
    save(scan, SectionKey.COGNITIVE, cast.ib, {"analysis": "van de IB"}, [COGNITIVE_ROW])  # meanwhile
    response = client.post(
        section_url(cast, SectionKey.COGNITIVE), {"version": "0", "plakken": "Rekenen\t6\tCito\tII\n"}
    )
    html = response.content.decode()
    assert "iemand anders heeft dit onderdeel intussen gewijzigd" in html
    assert list(scan.cognitive_results.values_list("domain", flat=True)) == ["begrijpend_lezen"]
    assert version_of(scan, SectionKey.COGNITIVE) == 1
    # The box now carries the stored version: pasting again, knowingly, adds the row.
    assert 'name="version" value="1"' in html
    client.post(
        section_url(cast, SectionKey.COGNITIVE), {"version": "1", "plakken": "Rekenen\t6\tCito\tII\n"}
    )
    assert scan.cognitive_results.count() == 2


def test_only_the_sections_editors_paste(client, cast, scan):
    client.force_login(cast.teacher)
    response = client.post(
        section_url(cast, SectionKey.COGNITIVE), {"version": "0", "plakken": "Rekenen\t6\tCito\tII\n"}
    )
    assert response.status_code == 403
    assert not scan.cognitive_results.exists()

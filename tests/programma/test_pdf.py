import io
import re

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from npo_planner.programma import pdf as pdf_module
from npo_planner.programma import services
from npo_planner.programma.models import Export
from npo_planner.scholen.models import AuditEntry
from tests.programma.factories import make_item, make_programme, submit

SECTIONS = [
    "Inhoud",
    "1. Samenvatting",
    "2. Bevindingen uit de schoolscan",
    "3. Sociaal-emotioneel beeld (KanVAS)",
    "4. Ouderbetrokkenheid",
    "5. Interventies",
    "6. Begroting per doelgebied en schooljaar",
    "7. Planning",
    "8. Evaluatieplan en monitoring",
    "9. Besluit van de medezeggenschapsraad",
]


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


@pytest.fixture
def programme(cast):
    cast.pupil_a5.first_name = "Sanne"
    cast.pupil_a5.save()
    programme = make_programme(cast.school_a, cast.year, summary="Wij zetten in op lezen.")
    make_item(programme, name="Begrijpend lezen", goal_area="B", cost_first_year=1000, cost_second_year=500)
    make_item(
        programme,
        name="Kanjertraining",
        goal_area="C",
        cost_first_year=250,
        cost_second_year=250,
        external_hire=True,
    )
    return programme


def test_pdf_shows_school_every_section_and_the_budget_totals(cast, programme, fake_apps):
    text = pdf_text(pdf_module.render_pdf(programme=programme))
    for expected in ["School A", "11AA", "2021-2022", "2022-2023", "Concept", *SECTIONS]:
        assert expected in text, expected
    # planned per year and in total; allocation 210 pupils × 701,16 + 12,5 × 251,16 and 210 × 500 + 12,5 × 463,78
    assert "€ 1.250,00" in text and "€ 750,00" in text and "€ 2.000,00" in text
    assert "€ 150.383,10" in text and "€ 110.797,25" in text
    assert "Pagina 2 van" in text
    assert "Besluit MR nog niet voorgelegd" in text
    assert "Vertraging begrijpend lezen in groep 5-6" in text
    assert "Informatieavond per leerjaar" in text
    assert "Aandeel externe inhuur (PNIL): 25,0%" in text
    assert "Klassenzorgscore van de school: 22,2% (verschil -5,0)" in text
    assert "Welbevinden (gemiddelde, 1–4): 3,4 (verschil 0,2)" in text
    assert "1. Ik weet wat mijn kind leert 55,0% < 5" in text  # the team answered with 3: hidden
    assert "Informatieavond per leerjaar 98 1 < 5" in text  # 4 team respondents: points hidden


def test_pdf_has_no_pupil_level_data_and_suppresses_small_groups(cast, programme, fake_apps):
    text = pdf_text(pdf_module.render_pdf(programme=programme))
    assert cast.pupil_a5.code not in text and cast.pupil_a6.code not in text
    assert "Sanne" not in text
    assert "< 5 leerlingen: niet getoond" in text  # group 6a has 3 pupils
    assert "66,7" not in text
    assert "20,8%" in text  # group 5a is shown
    assert "afgeschermd: niet getoond" in text and "30,0" not in text  # 7a, hidden beside 6a


def test_user_text_cannot_inject_markup_or_make_the_renderer_fetch(cast, programme):
    make_item(programme, name='<img src="http://evil.example/x.png">', goal="<b>vet</b>")
    programme.summary = '<link rel="stylesheet" href="file:///etc/passwd"><style>body{display:none}</style>'
    programme.save()
    timings = {}
    text = pdf_text(pdf_module.render_pdf(programme=programme, timings=timings))
    assert '<img src="http://evil.example/x.png">' in text
    assert "<b>vet</b>" in text
    assert '<link rel="stylesheet"' in text
    assert timings["refused"] == []


def test_url_fetcher_allows_only_data_uris_and_our_static_files():
    fetcher = pdf_module.SafeFetcher()
    assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"
    assert b"@page" in fetcher.fetch("static:/programma/pdf.css").read()
    for url in ["http://example.org/x.png", "file:///etc/passwd", "static:/../settings.py", "ftp://x/y"]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 4


def test_export_command_writes_the_pdf_keeps_it_and_audits(cast, programme, tmp_path):
    output = tmp_path / "programma.pdf"
    call_command(
        "export_programme", school="11AA", year="2022-2023", output=str(output), stdout=io.StringIO()
    )
    data = output.read_bytes()
    assert data.startswith(b"%PDF")
    export = Export.objects.get(programme=programme)
    assert bytes(export.pdf) == data
    assert export.created_by is None
    entry = AuditEntry.objects.get(action="programme.export")
    assert entry.school == cast.school_a and "opdrachtregel" in entry.summary


def test_export_command_refuses_an_unknown_school_or_year_without_programme(cast, programme, tmp_path):
    with pytest.raises(CommandError):
        call_command("export_programme", school="99ZZ", year="2021-2022", output=str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError):
        call_command("export_programme", school="22BB", year="2021-2022", output=str(tmp_path / "x.pdf"))


def test_each_export_is_kept_with_its_version(cast, programme):
    first = services.programme_export(programme=programme, user=cast.director)
    programme.refresh_from_db()
    services.programme_update(
        programme=programme, user=cast.director, expected_version=programme.version, title="Nieuw"
    )
    programme.refresh_from_db()
    second = services.programme_export(programme=programme, user=cast.director)
    assert second.programme_version == first.programme_version + 1
    assert "Nieuw" in pdf_text(bytes(second.pdf)) and "Nieuw" not in pdf_text(bytes(first.pdf))


def test_fonts_are_embedded(programme):
    reader = PdfReader(io.BytesIO(pdf_module.render_pdf(programme=programme)))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (
                font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            )
            descriptor = descriptor.get_object()
            fonts[str(font["/BaseFont"])] = any(
                k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    assert fonts and all(fonts.values()), fonts
    assert any("DejaVu" in name for name in fonts)


def test_charts_are_drawn_once_per_data_version(cast, programme, fake_apps, monkeypatch):
    from django.core.cache import caches

    from npo_planner.lib import charts

    drawn = []
    real = charts.svg_data_uri
    monkeypatch.setattr(charts, "svg_data_uri", lambda figure: drawn.append(figure) or real(figure))
    pdf_module.render_pdf(programme=programme)
    assert len(drawn) == 2  # KanVAS and budget
    caches[charts.CACHE_ALIAS].close()
    del caches[
        charts.CACHE_ALIAS
    ]  # another process: a new cache client reads the shared cache, nothing redrawn
    pdf_module.render_pdf(programme=programme)
    assert len(drawn) == 2
    make_item(programme, name="Zomerschool", goal_area="A", cost_first_year=100)
    pdf_module.render_pdf(programme=programme)
    assert len(drawn) == 3  # the budget changed: its chart is drawn again, KanVAS is not


def test_the_pdfs_charts_keep_their_text_as_text(cast, programme, fake_apps):
    """WeasyPrint draws SVG text with the PDF's own font, faster than outlined glyphs (bench/programme_pdf.py)."""
    import base64

    charts = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', pdf_module.pdf_html(programme))
    assert len(charts) == 2  # KanVAS and budget
    assert all("</text>" in base64.b64decode(chart).decode() for chart in charts)


def test_pdf_tells_the_board_when_the_programme_changed_after_consent(cast, programme):
    import datetime

    programme.refresh_from_db()
    submit(programme, cast.director)
    programme.refresh_from_db()
    services.programme_decide(
        programme=programme,
        user=cast.mr,
        expected_version=programme.version,
        consent=True,
        decided_on=datetime.date(2021, 10, 12),
        remarks="Graag evaluatie in juni",
    )
    programme.refresh_from_db()
    text = pdf_text(pdf_module.render_pdf(programme=programme))
    assert "Status Vastgesteld" in text
    assert "Versie 1: Instemming op 12 oktober 2021." in text
    assert "Graag evaluatie in juni" in text
    services.programme_update(
        programme=programme,
        user=cast.director,
        expected_version=programme.version,
        confirm_reopen=True,
        title="X",
    )
    programme.refresh_from_db()
    text = pdf_text(pdf_module.render_pdf(programme=programme))
    assert "Status Concept" in text and "geldt niet voor het programma zoals het nu is" in text
    assert "na deze instemming gewijzigd" in text


def test_pdf_shows_the_gmr_decision_beside_the_mrs(cast, programme):
    import datetime

    from npo_planner.programma.models import Council

    make_item(programme, name="Rekenspecialist van het bestuur", goal_area="B", above_school_level=True)

    def decide(user, council, day, remarks):
        programme.refresh_from_db()
        services.programme_decide(
            programme=programme,
            user=user,
            expected_version=programme.version,
            consent=True,
            decided_on=day,
            remarks=remarks,
            council=council,
        )

    programme.refresh_from_db()
    submit(programme, cast.director)
    decide(cast.mr, Council.MR, datetime.date(2021, 10, 12), "Akkoord")
    programme.refresh_from_db()
    text = pdf_text(pdf_module.render_pdf(programme=programme))
    assert "Status Ter instemming" in text
    assert "Besluit MR Instemming op 12 oktober 2021 (versie 1)" in text
    assert "Besluit GMR ligt ter instemming" in text
    assert "Status: Ter instemming (wacht op besluit GMR)" in text
    assert "Versie 1, MR: Instemming op 12 oktober 2021." in text
    assert "Versie 1, GMR: wacht op besluit." in text
    assert "na deze instemming gewijzigd" not in text
    assert "Rekenspecialist van het bestuur Zelf ingevuld bovenschools: instemming GMR" in text

    decide(
        cast.board_member,
        Council.GMR,
        datetime.date(2021, 11, 2),
        "De GMR stemt in met de bovenschoolse inzet",
    )
    programme.refresh_from_db()
    text = pdf_text(pdf_module.render_pdf(programme=programme))
    assert "Status Vastgesteld" in text
    assert "Besluit GMR Instemming op 2 november 2021 (versie 1)" in text
    assert "Versie 1, GMR: Instemming op 2 november 2021." in text
    assert "Opmerkingen van de GMR: De GMR stemt in met de bovenschoolse inzet" in text


def test_pdf_says_the_gmr_is_not_needed_without_money_above_school_level(cast, programme):
    programme.refresh_from_db()
    submit(programme, cast.director)
    programme.refresh_from_db()
    text = pdf_text(pdf_module.render_pdf(programme=programme))
    assert "Besluit MR ligt ter instemming" in text
    assert "Besluit GMR niet nodig (geen besteding boven schoolniveau)" in text
    assert "Versie 1 ligt ter instemming: wacht op besluit MR." in text

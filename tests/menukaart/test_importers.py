"""CSV export and import of the whole catalogue in the admin (CONTRACT §1: all or nothing, row-numbered errors)."""

import csv
import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from menukaart.importers import HEADER, catalogue_import, export_rows
from menukaart.models import Intervention, InterventionFigures
from npo_planner.lib.csv_export import csv_text
from npo_planner.lib.import_errors import ImportErrors
from npo_planner.scholen.models import AuditEntry

pytestmark = pytest.mark.django_db


def exported() -> str:
    header, rows = export_rows()
    return csv_text(header, rows)


def test_export_has_every_catalogue_item_and_no_own_interventions(cast):
    Intervention.objects.create(school=cast.school_a, name="Eigen", goal_area="C")
    text = exported()
    lines = text.strip().splitlines()
    assert lines[0].lstrip("\ufeff").split(";") == HEADER
    assert len(lines) == 1 + Intervention.objects.filter(school=None).count()
    assert "Eigen" not in text


def test_reimporting_the_export_changes_nothing():
    before = list(Intervention.objects.order_by("pk").values())
    figures = InterventionFigures.objects.count()
    result = catalogue_import(data=exported().encode("utf-8"), filename="menukaart.csv", user=None)
    assert (result.created, result.updated) == (0, Intervention.objects.filter(school=None).count())
    after = list(Intervention.objects.order_by("pk").values())
    for row in before + after:
        row.pop("updated_at")
    assert after == before
    assert InterventionFigures.objects.count() == figures
    entry = AuditEntry.objects.get(action="menukaart.catalogue_import")
    assert entry.data["filename"] == "menukaart.csv" and len(entry.data["sha256"]) == 64


def test_new_figures_with_a_new_date_are_added_beside_the_old_ones():
    rows = list(csv.reader(io.StringIO(exported().lstrip("\ufeff")), delimiter=";"))
    header = rows[0]
    cells = next(row for row in rows[1:] if row[0] == "zomerscholen")
    cells[header.index("impact_maanden")] = "3"
    cells[header.index("bron_cijfers")] = "Menukaart 2023"
    cells[header.index("datum_cijfers")] = "2023-03-01"
    data = csv_text(header, [cells])
    result = catalogue_import(data=data.encode(), filename="update.csv", user=None)
    assert "Niet in het bestand" in result.warnings[-1]
    item = Intervention.objects.get(code="zomerscholen")
    assert (item.impact_months, item.figures_date, item.figures_source) == (
        3,
        datetime.date(2023, 3, 1),
        "Menukaart 2023",
    )
    assert item.figure_sets.count() == 3  # the 2021 and 2022 editions stay on record


def test_negative_impact_survives_the_round_trip():
    Intervention.objects.filter(code="zomerscholen").update(impact_months=-1)
    text = exported()
    assert ";-1;" in text  # a plain number stays a number for spreadsheets (CONTRACT §6)
    catalogue_import(data=text.encode(), filename="m.csv", user=None)
    assert Intervention.objects.get(code="zomerscholen").figure_sets.filter(impact_months=-1).exists()


def test_a_file_with_errors_writes_nothing_and_lists_every_error():
    data = (
        "code;doelgebied;naam;impact_maanden;bewijs;kosten;bron_cijfers;datum_cijfers\n"
        "nieuw-item;B;Nieuw;4;3;2;Bron;2023-01-01\n"
        "Fout Code;G;Naam;veel;7;0;Bron;2023-13-45\n"
        "nieuw-item;B;Dubbel;;;;;\n"
    )
    with pytest.raises(ImportErrors) as caught:
        catalogue_import(data=data.encode(), filename="fout.csv", user=None)
    messages = caught.value.messages()
    assert (
        "rij 3, kolom code: waarde 'Fout Code': een code bestaat uit kleine letters, cijfers en streepjes."
        in messages
    )
    assert any(m.startswith("rij 3, kolom doelgebied: waarde 'G'") for m in messages)
    assert any(m.startswith("rij 3, kolom impact_maanden: waarde 'veel'") for m in messages)
    assert any(m.startswith("rij 3, kolom bewijs: waarde '7'") for m in messages)
    assert any(m.startswith("rij 3, kolom kosten: waarde '0'") for m in messages)
    assert any(m.startswith("rij 3, kolom datum_cijfers: waarde '2023-13-45'") for m in messages)
    assert "rij 4, kolom code: waarde 'nieuw-item': deze code staat ook in rij 2." in messages
    assert not Intervention.objects.filter(code="nieuw-item").exists()


def test_figures_need_a_source_and_a_date():
    data = "code;doelgebied;naam;impact_maanden;bewijs;kosten;bron_cijfers;datum_cijfers\nx-y;B;X;4;;;;\n"
    with pytest.raises(ImportErrors) as caught:
        catalogue_import(data=data.encode(), filename="f.csv", user=None)
    text = str(caught.value)
    assert "kolom bron_cijfers" in text and "kolom datum_cijfers" in text


def test_missing_required_column_is_refused():
    with pytest.raises(ImportErrors) as caught:
        catalogue_import(data=b"code;naam\nx;X\n", filename="f.csv", user=None)
    assert (
        "rij 1, kolom doelgebied: deze verplichte kolom ontbreekt in de kopregel." in caught.value.messages()
    )


def test_a_new_item_is_added_with_its_figures():
    data = (
        "code;doelgebied;naam;impact_maanden;bewijs;kosten;bron_cijfers;datum_cijfers;kosten_bron;nji_niveau;"
        "lgl_niveau;onderwerpen\n"
        "nieuw;C;Nieuw;+2;onbekend;1;Bron;01-02-2023;EEF-pagina;Goed onderbouwd;Goed beschreven;lezen\n"
    )
    result = catalogue_import(data=data.encode(), filename="n.csv", user=None)
    assert result.created == 1
    item = Intervention.objects.get(code="nieuw")
    assert (item.impact_months, item.evidence, item.cost) == (2, None, 1)
    assert (item.nji_level, item.lgl_level, item.subjects) == ("goed_onderbouwd", "goed_beschreven", "lezen")
    assert item.figures_date == datetime.date(2023, 2, 1)
    assert item.figure_sets.get().cost_source == "EEF-pagina"


def test_goed_beschreven_as_nji_level_is_refused_with_where_it_belongs():
    data = "code;doelgebied;naam;nji_niveau\nnieuw;C;Nieuw;Goed beschreven\n"
    with pytest.raises(ImportErrors) as caught:
        catalogue_import(data=data.encode(), filename="n.csv", user=None)
    assert "rij 2, kolom nji_niveau" in str(caught.value)
    assert "Loket Gezond Leven" in str(caught.value) and "lgl_niveau" in str(caught.value)
    assert not Intervention.objects.filter(code="nieuw").exists()


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("beheer", "b@example.org", "x")
    client.force_login(user)
    return client


def test_admin_exports_and_imports_the_catalogue(admin_client):
    response = admin_client.get(reverse("admin:menukaart_intervention_export"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = response.content
    upload = SimpleUploadedFile("menukaart.csv", body, content_type="text/csv")
    response = admin_client.post(reverse("admin:menukaart_intervention_import"), {"file": upload})
    assert response.status_code == 302
    bad = SimpleUploadedFile("fout.csv", b"code;doelgebied;naam\nx;Q;X\n", content_type="text/csv")
    response = admin_client.post(reverse("admin:menukaart_intervention_import"), {"file": bad})
    assert response.status_code == 200
    assert "rij 2, kolom doelgebied: waarde &#x27;Q&#x27;" in response.content.decode()
    assert admin_client.get(reverse("admin:menukaart_intervention_changelist")).status_code == 200


def test_admin_import_is_for_staff_only(client, cast):
    client.force_login(cast.director)
    response = client.get(reverse("admin:menukaart_intervention_import"))
    assert response.status_code == 302 and "/beheer/login/" in response.url


def test_an_xlsx_file_is_read_like_a_csv():
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        [
            "Code",
            " Doelgebied ",
            "NAAM",
            "impact_maanden",
            "bewijs",
            "kosten",
            "bron_cijfers",
            "datum_cijfers",
        ]
    )
    sheet.append(["xlsx-item", "D", "Uit Excel", 4, 3, 2, "Eigen bron", "2023-05-01"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = catalogue_import(data=buffer.getvalue(), filename="menukaart.xlsx", user=None)
    assert result.created == 1
    item = Intervention.objects.get(code="xlsx-item")
    assert (item.goal_area, item.impact_months, item.evidence, item.cost) == ("D", 4, 3, 2)


def test_admin_edits_of_figure_sets_make_the_newest_set_current():
    from menukaart.services import newest_figures_sync

    item = Intervention.objects.get(code="zomerscholen")
    InterventionFigures.objects.create(
        intervention=item, impact_months=1, evidence=5, cost=2, source="Nieuw", date=datetime.date(2024, 1, 1)
    )
    newest_figures_sync(interventions=[item])
    item.refresh_from_db()
    assert (item.impact_months, item.evidence, item.cost, item.figures_source) == (1, 5, 2, "Nieuw")
    assert item.figure_sets.count() == 3

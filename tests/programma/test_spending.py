"""Spending recorded on the programme's items: typed in by the directeur, audited, never lost."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from npo_planner.programma import services, spending
from npo_planner.programma.models import Programme, Spending
from npo_planner.scholen.models import AuditEntry
from tests.programma.factories import make_item, make_programme
from tests.programma.test_views import html_text


@pytest.fixture
def item(cast):
    return make_item(make_programme(cast.school_a, cast.year))


def record(item, user, **overrides):
    values = {
        "spent_on": datetime.date(2022, 9, 15),
        "amount": Decimal("1250.50"),
        "external_hire": True,
        "description": "Factuur remedial teacher",
    }
    values.update(overrides)
    return spending.spending_record(item=item, user=user, **values)


def test_spending_is_recorded_in_the_school_year_of_its_date_and_audited(cast, item):
    programme = item.programme
    version, status = programme.version, programme.status
    line = record(item, cast.director)
    assert line.school_year.label == "2022-2023"
    assert line.amount == Decimal("1250.50") and line.external_hire
    assert record(item, cast.director, spent_on=datetime.date(2022, 7, 31)).school_year.label == "2021-2022"
    entry = AuditEntry.objects.get(action="programme.spending_record", object_id=str(line.pk))
    assert entry.school == cast.school_a and entry.user == cast.director
    assert "€\u00a01.250,50" in entry.summary  # as a Dutch reader writes an amount
    programme.refresh_from_db()
    assert (programme.version, programme.status) == (version, status)  # spending is not a change of the plan


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"amount": Decimal("0")}, "amount", "groter dan 0"),
        ({"amount": Decimal("-5")}, "amount", "groter dan 0"),
        ({"spent_on": datetime.date(2021, 7, 31)}, "spent_on", "buiten de looptijd"),
        ({"spent_on": datetime.date(2023, 8, 1)}, "spent_on", "buiten de looptijd"),
        ({"spent_on": datetime.date(2099, 1, 1)}, "spent_on", "in de toekomst"),
    ],
)
def test_bad_spending_is_refused_in_dutch_naming_the_field(cast, item, overrides, field, text):
    with pytest.raises(ValidationError) as error:
        record(item, cast.director, **overrides)
    assert text in " ".join(error.value.message_dict[field])
    assert not Spending.objects.exists()


def test_description_may_not_name_a_pupil(cast, item):
    with pytest.raises(ValidationError):
        record(item, cast.director, description=f"Bijles voor {cast.pupil_a5.code}")
    assert not Spending.objects.exists()


def test_delete_is_audited(cast, item):
    line = record(item, cast.director)
    spending.spending_delete(spending=line, user=cast.director)
    assert not Spending.objects.exists()
    assert AuditEntry.objects.filter(action="programme.spending_delete", school=cast.school_a).count() == 1


def test_an_item_with_spending_cannot_be_deleted(cast, item):
    """Nothing is lost: the money spent stays attached to what it was spent on."""
    record(item, cast.director)
    programme = Programme.objects.get(pk=item.programme_id)
    with pytest.raises(ValidationError, match="al geld besteed"):
        services.item_delete(item=item, user=cast.director, expected_version=programme.version)
    assert item.spendings.count() == 1


def page(programme):
    return reverse("programma:spending", kwargs={"brin": programme.school.brin, "programme_id": programme.pk})


def test_director_records_spending_typed_the_dutch_way(client, cast, item):
    client.force_login(cast.director)
    programme = item.programme
    post = {"item": item.pk, "spent_on": "2022-02-01", "amount": "1.250,50", "external_hire": "on"}
    response = client.post(page(programme), post)
    assert response.status_code == 302
    line = Spending.objects.get()
    assert line.amount == Decimal("1250.50") and line.external_hire and line.school_year.label == "2021-2022"
    client.post(page(programme), {**post, "amount": "€ 1.250,50", "external_hire": ""})
    text = html_text(client.get(page(programme)).content.decode())
    # plan against spent per goal area; PNIL share of the money spent (not of the money planned)
    assert "€ 1.500,00 € 2.501,00 € -1.001,00" in text.replace("\u00a0", " ")
    assert "(PNIL) van het bestede geld: 50,0%" in text


def test_bad_input_is_refused_at_the_field(client, cast, item):
    client.force_login(cast.director)
    post = {"item": item.pk, "spent_on": "2030-02-01", "amount": "12,5,0"}
    response = client.post(page(item.programme), post)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Vul een getal in" in text
    response = client.post(page(item.programme), {**post, "amount": "12,50"})
    assert response.status_code == 400 and "ligt in de toekomst" in response.content.decode()
    assert not Spending.objects.exists()


def test_others_read_but_only_the_director_records(client, cast, item):
    record(item, cast.director)
    client.force_login(cast.mr)
    assert client.get(page(item.programme)).status_code == 200
    post = {"item": item.pk, "spent_on": "2022-02-01", "amount": "10"}
    assert client.post(page(item.programme), post).status_code == 403
    assert Spending.objects.count() == 1


def test_another_schools_item_cannot_be_posted(client, cast, item):
    other = make_item(make_programme(cast.school_b, cast.year))
    client.force_login(cast.director)
    response = client.post(page(item.programme), {"item": other.pk, "spent_on": "2022-02-01", "amount": "10"})
    assert response.status_code == 400
    assert not Spending.objects.exists()


def test_director_deletes_a_line(client, cast, item):
    line = record(item, cast.director)
    client.force_login(cast.director)
    url = reverse(
        "programma:spending_delete",
        kwargs={"brin": "11AA", "programme_id": item.programme_id, "spending_id": line.pk},
    )
    assert client.post(url).status_code == 302
    assert not Spending.objects.exists()


# --- import (CONTRACT §1: all or nothing) ----------------------------------------------------------------------

GOOD_FILE = (
    "Onderdeel;Datum;Bedrag;PNIL;Omschrijving\r\n"
    "Begrijpend lezen;2021-12-01;1.250,50;ja;Factuur RT\r\n"
    "begrijpend lezen ;01-03-2023;300;nee;\r\n"
)


def test_import_records_every_line_and_the_file(cast, item):
    lines = spending.spending_import(
        programme=item.programme, user=cast.director, data=GOOD_FILE.encode(), filename="admin.csv"
    )
    assert [(x.school_year.label, x.amount, x.external_hire) for x in lines] == [
        ("2021-2022", Decimal("1250.50"), True),
        ("2022-2023", Decimal("300"), False),
    ]
    entry = AuditEntry.objects.get(action="programme.spending_import")
    assert entry.data["file"] == "admin.csv" and entry.data["rows"] == 2 and len(entry.data["sha256"]) == 64


def test_import_with_any_error_writes_nothing_and_lists_every_error(cast, item):
    from npo_planner.lib.import_errors import ImportErrors

    data = (
        "onderdeel;datum;bedrag;pnil\n"
        "Begrijpend lezen;2021-12-01;100;ja\n"
        "Zwemles;2021-12-01;100;ja\n"
        "Begrijpend lezen;31-02-2022;100;nee\n"
        "Begrijpend lezen;2021-12-02;-5;nee\n"
        "Begrijpend lezen;2021-12-03;12,5;misschien\n"
        "Begrijpend lezen;2024-01-01;10;nee\n"
    )
    with pytest.raises(ImportErrors) as error:
        spending.spending_import(
            programme=item.programme, user=cast.director, data=data.encode(), filename="a.csv"
        )
    messages = error.value.messages()
    assert messages[0].startswith("rij 3, kolom onderdeel: waarde 'Zwemles': geen onderdeel")
    assert messages[1].startswith("rij 4, kolom datum: waarde '31-02-2022'")
    assert messages[2].startswith("rij 5, kolom bedrag: waarde '-5'")
    assert messages[3].startswith("rij 6, kolom pnil: waarde 'misschien'")
    assert "buiten de looptijd" in messages[4]
    assert not Spending.objects.exists()


def test_importing_the_same_file_twice_adds_nothing(cast, item):
    from npo_planner.lib.import_errors import ImportErrors

    spending.spending_import(
        programme=item.programme, user=cast.director, data=GOOD_FILE.encode(), filename="a.csv"
    )
    with pytest.raises(ImportErrors, match="staat er al"):
        spending.spending_import(
            programme=item.programme, user=cast.director, data=GOOD_FILE.encode(), filename="a.csv"
        )
    assert Spending.objects.count() == 2


def test_import_refuses_a_pupil_named_in_a_description(cast, item):
    from npo_planner.lib.import_errors import ImportErrors

    data = f"onderdeel;datum;bedrag;pnil;omschrijving\nBegrijpend lezen;2021-12-01;100;ja;Bijles {cast.pupil_a5.code}\n"
    with pytest.raises(ImportErrors, match="rij 2, kolom omschrijving"):
        spending.spending_import(
            programme=item.programme, user=cast.director, data=data.encode(), filename="a.csv"
        )
    assert not Spending.objects.exists()


def test_director_imports_a_file_on_the_page_and_sees_every_error_of_a_bad_one(client, cast, item):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(cast.director)
    url = reverse("programma:spending_import", kwargs={"brin": "11AA", "programme_id": item.programme_id})
    bad = SimpleUploadedFile("admin.csv", b"onderdeel;datum;bedrag;pnil\nZwemles;2021-12-01;100;ja\n")
    page = client.post(url, {"bestand": bad}).content.decode()
    assert "er is niets opgeslagen" in page and "rij 2, kolom onderdeel: waarde &#x27;Zwemles&#x27;" in page
    assert not Spending.objects.exists()
    good = SimpleUploadedFile("admin.csv", GOOD_FILE.encode())
    preview = client.post(url, {"bestand": good})
    assert preview.status_code == 200 and 'id="import-preview"' in preview.content.decode()
    assert len(preview.context["checked"].lines) == 2 and not Spending.objects.exists(), (
        "the preview writes nothing"
    )
    page = client.post(url, {"bevestigen": "1", "gecontroleerd": preview.context["signed"]}, follow=True)
    assert "2 bestedingen ingelezen uit admin.csv" in page.content.decode()
    assert Spending.objects.count() == 2
    client.force_login(cast.mr)
    assert client.post(url, {"bestand": SimpleUploadedFile("a.csv", GOOD_FILE.encode())}).status_code == 403

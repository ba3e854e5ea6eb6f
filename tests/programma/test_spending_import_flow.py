"""Spending lines through the one import flow (issue 16 item 1): upload → mapping step (columns, pnil words),
saved per school → preview (what is recorded, which columns are ignored) → confirm, atomic; the file itself is
never kept: the preview's rows travel signed for this programme and user and are checked again at the confirm."""

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from npo_planner.programma.models import Spending
from npo_planner.scholen.models import ImportMapping
from tests.programma.factories import make_item, make_programme
from tests.programma.test_spending import GOOD_FILE
from tests.scholen.test_retention import database_mentions

pytestmark = pytest.mark.django_db

THEIRS = (
    "Kostenpost;Boekdatum;Bedrag;Extern ingehuurd;Medewerker\r\n"
    "Begrijpend lezen;2021-12-01;1.250,50;Ja, extern;J. Zonderland\r\n"
    "begrijpend lezen ;01-03-2023;300;Nee, eigen personeel;\r\n"
)


@pytest.fixture
def item(cast):
    return make_item(make_programme(cast.school_a, cast.year))


def url(item):
    return reverse("programma:spending_import", kwargs={"brin": "11AA", "programme_id": item.programme_id})


def lines():
    return sorted(Spending.objects.values_list("item__name", "spent_on", "amount", "external_hire"))


def test_an_export_with_its_own_columns_and_words_is_mapped_once_then_previewed_and_confirmed(
    client, cast, item
):
    client.force_login(cast.director)
    page = client.post(url(item), {"bestand": SimpleUploadedFile("admin.csv", THEIRS.encode())})
    assert page.context["errors"][:3] == [
        "rij 1, kolom onderdeel: deze verplichte kolom ontbreekt in de kopregel.",
        "rij 1, kolom datum: deze verplichte kolom ontbreekt in de kopregel.",
        "rij 1, kolom pnil: deze verplichte kolom ontbreekt in de kopregel.",
    ]
    step = page.context["mapping"]
    assert step["missing"] == ["onderdeel", "datum", "pnil"] and step["reupload"] == "bestand"
    columns = {"kolom_onderdeel": "kostenpost", "kolom_datum": "boekdatum", "kolom_pnil": "extern ingehuurd"}
    page = client.post(
        url(item), {"koppelen": "1", **columns, "bestand": SimpleUploadedFile("admin.csv", THEIRS.encode())}
    )
    assert page.context["errors"] == [
        "rij 2, kolom pnil: waarde 'Ja, extern': vul ja of nee in.",
        "rij 3, kolom pnil: waarde 'Nee, eigen personeel': vul ja of nee in.",
    ]
    assert page.context["mapping"]["words"] == ["Ja, extern", "Nee, eigen personeel"]
    words = {
        "woordtekst_1": "Ja, extern",
        "woord_1": "ja",
        "woordtekst_2": "Nee, eigen personeel",
        "woord_2": "nee",
    }
    preview = client.post(
        url(item), {"koppelen": "1", **words, "bestand": SimpleUploadedFile("admin.csv", THEIRS.encode())}
    )
    html = preview.content.decode()
    assert preview.context["ignored"] == ["medewerker"]
    assert 'id="import-preview"' in html and "Er wordt niets vervangen" in html
    assert not Spending.objects.exists()
    signed = preview.context["signed"]
    assert (
        "Zonderland"
        not in signing.loads(
            signed, salt=f"spending-import:{item.programme_id}:{cast.director.pk}", max_age=60
        ).__repr__()
    )
    client.post(url(item), {"bevestigen": "1", "gecontroleerd": signed})
    theirs = lines()
    assert len(theirs) == 2 and not database_mentions("Zonderland")
    saved = ImportMapping.objects.get(school=cast.school_a, kind="besteding")
    assert saved.columns == {"kostenpost": "onderdeel", "boekdatum": "datum", "extern ingehuurd": "pnil"}

    # The same result as the product's own format; the next file of this administration needs no step.
    Spending.objects.all().delete()
    page = client.post(url(item), {"bestand": SimpleUploadedFile("eigen.csv", GOOD_FILE.encode())})
    client.post(url(item), {"bevestigen": "1", "gecontroleerd": page.context["signed"]})
    assert lines() == theirs
    Spending.objects.all().delete()
    again = client.post(url(item), {"bestand": SimpleUploadedFile("admin.csv", THEIRS.encode())})
    assert "errors" not in again.context and len(again.context["checked"].lines) == 2


def test_a_confirm_is_checked_again_and_refuses_a_tampered_or_foreign_preview(client, cast, item):
    client.force_login(cast.director)
    preview = client.post(url(item), {"bestand": SimpleUploadedFile("a.csv", GOOD_FILE.encode())})
    signed = preview.context["signed"]
    client.post(url(item), {"bevestigen": "1", "gecontroleerd": signed})
    assert Spending.objects.count() == 2
    page = client.post(url(item), {"bevestigen": "1", "gecontroleerd": signed})
    assert "staat er al" in page.content.decode() and Spending.objects.count() == 2, (
        "checked again: nothing twice"
    )
    page = client.post(url(item), {"bevestigen": "1", "gecontroleerd": signed[:-2] + "xx"}, follow=True)
    assert "verlopen of ongeldig" in page.content.decode()
    other = make_item(make_programme(cast.school_b, cast.year))  # another school's programme and directeur
    client.force_login(cast.director_b)
    other_url = reverse(
        "programma:spending_import", kwargs={"brin": "22BB", "programme_id": other.programme_id}
    )
    page = client.post(other_url, {"bevestigen": "1", "gecontroleerd": signed}, follow=True)
    assert "verlopen of ongeldig" in page.content.decode() and Spending.objects.count() == 2

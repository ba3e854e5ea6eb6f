"""The roster pages: upload → preview (what is written, replaced, who leaves, which columns are ignored) →
confirm or discard; errors at the file field; a fixed number of queries."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from npo_planner.scholen.models import Group, PendingRoster, Pupil
from tests.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db

FILE = (
    "Leerlingnummer;Roepnaam;Achternaam;Geboortedatum;Groep;Jaargroep\n"
    "A5001;Sanne;Vries;2012-03-04;5a;5\n"
    "N0001;Daan;Jansen;2011-02-01;5/6;6\n"
)


def _upload(client, cast, text=FILE, name="export.csv"):
    return client.post(
        reverse("scholen:roster_upload", args=[cast.school_a.brin]),
        {"school_year": "2021-2022", "file": SimpleUploadedFile(name, text.encode("utf-8"))},
    )


def test_upload_preview_confirm(client, cast):
    client.force_login(cast.director)
    response = _upload(client, cast)
    assert response.status_code == 302
    preview_url = reverse("scholen:roster_preview", args=[cast.school_a.brin])
    page = client.get(preview_url).content.decode()
    assert "2, waarvan 1 nieuw" in page
    assert "5/6 (leerjaar 6) – nieuw" in page
    assert "1 leerling van de school staat niet in dit bestand" in page and "A6001" in page
    assert (
        "Kolommen met persoonsgegevens worden niet ingelezen en nergens opgeslagen: achternaam, geboortedatum"
        in page
    )
    assert "Jansen" not in page
    assert Pupil.objects.get(code="A6001").left_on is None  # nothing written before the confirm
    digest = re.search(r'name="digest" value="([0-9a-f]{64})"', page)[1]
    response = client.post(preview_url, {"confirm": "1", "digest": digest})
    assert response.status_code == 302
    assert Group.objects.filter(school=cast.school_a, name="5/6").exists()
    assert Pupil.objects.get(code="A6001").left_on is not None
    assert not PendingRoster.objects.exists()


def test_discard_writes_nothing(client, cast):
    client.force_login(cast.director)
    _upload(client, cast)
    client.post(reverse("scholen:roster_preview", args=[cast.school_a.brin]), {"discard": "1"})
    assert not PendingRoster.objects.exists()
    assert not Group.objects.filter(name="5/6").exists()


def test_errors_are_shown_at_the_file_with_row_and_column(client, cast):
    client.force_login(cast.director)
    response = _upload(client, cast, "leerling;groep\n;5a\n")
    assert response.status_code == 200
    assert (
        "rij 2, kolom leerling: waarde &#x27;&#x27;: de leerlingcode ontbreekt." in response.content.decode()
    )
    assert not PendingRoster.objects.exists()


def test_another_users_pending_roster_is_not_shown(client, cast):
    client.force_login(cast.director)
    _upload(client, cast)
    client.force_login(cast.ib)
    response = client.get(reverse("scholen:roster_preview", args=[cast.school_a.brin]))
    assert response.status_code == 302


@pytest.mark.parametrize("pupils", [1, 40])
def test_the_preview_costs_a_fixed_number_of_queries(client, cast, pupils, django_assert_num_queries):
    for number in range(pupils):
        EnrollmentFactory(group=cast.group_a6, pupil__code=f"E{number:03d}")
    rows = "".join(f"E{number:03d};Naam;X;2012-01-01;6a;6\n" for number in range(pupils))
    client.force_login(cast.director)
    _upload(client, cast, FILE + rows)
    url = reverse("scholen:roster_preview", args=[cast.school_a.brin])
    client.get(url)
    with django_assert_num_queries(QUERIES):
        assert client.get(url).status_code == 200


QUERIES = 9  # was 10: access and the school switcher read the memberships once


def test_a_stale_preview_is_shown_again_instead_of_written(client, cast):
    client.force_login(cast.director)
    _upload(client, cast)
    url = reverse("scholen:roster_preview", args=[cast.school_a.brin])
    response = client.post(url, {"confirm": "1", "digest": "0" * 64}, follow=True)
    assert "intussen gewijzigd" in response.content.decode()
    assert not Group.objects.filter(name="5/6").exists()
    assert PendingRoster.objects.exists()

"""A stored PDF of the programme is served as it was stored (never rendered again), and each download is recorded:
who downloaded which file, when."""

from django.urls import reverse

from npo_planner.programma import pdf as pdf_module
from npo_planner.programma import services
from npo_planner.programma.models import Export
from npo_planner.scholen.models import AuditEntry
from tests.programma.factories import make_programme


def test_downloading_a_stored_pdf_serves_that_file_and_records_who_downloaded_it(client, cast, monkeypatch):
    programme = make_programme(cast.school_a, cast.year)
    export = services.programme_export(programme=programme, user=cast.director)

    def no_rendering(**kwargs):
        raise AssertionError("a stored PDF is served, not rendered again")

    monkeypatch.setattr(pdf_module, "render_pdf", no_rendering)
    client.force_login(cast.director)
    address = reverse("programma:export", args=[cast.school_a.brin, programme.pk, export.pk])
    response = client.get(address)
    assert response.status_code == 200
    assert response.content == bytes(export.pdf)
    assert export.filename in response["Content-Disposition"]
    assert Export.objects.count() == 1, "no other copy is stored"
    entry = AuditEntry.objects.get(action="export")
    assert (entry.user, entry.school) == (cast.director, cast.school_a)
    assert export.filename in entry.summary
    client.get(address)
    assert AuditEntry.objects.filter(action="export").count() == 2, "every download is recorded"

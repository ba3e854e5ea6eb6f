"""Issue 12.6 / 21.1: a PDF of a consented version is served from storage, not rendered and stored again on every
click; a concept or a version awaiting decisions is rendered fresh, since its figures or decisions may change."""

from django.urls import reverse

from npo_planner.programma.models import Export, Programme
from tests.programma.factories import make_item, make_programme


def _pdf_url(programme):
    return reverse("programma:pdf", kwargs={"brin": programme.school.brin, "programme_id": programme.pk})


def test_a_consented_version_is_served_from_storage(client, cast):
    programme = make_programme(cast.school_a, cast.year)
    make_item(programme)
    Programme.objects.filter(pk=programme.pk).update(status=Programme.Status.APPROVED)
    client.force_login(cast.director)
    first = client.get(_pdf_url(programme))
    second = client.get(_pdf_url(programme))
    assert first.status_code == second.status_code == 200
    assert first.content == second.content and first.content.startswith(b"%PDF")
    assert Export.objects.filter(programme=programme).count() == 1


def test_a_concept_is_rendered_fresh_each_time(client, cast):
    programme = make_programme(cast.school_a, cast.year)
    make_item(programme)
    client.force_login(cast.director)
    client.get(_pdf_url(programme))
    client.get(_pdf_url(programme))
    assert Export.objects.filter(programme=programme).count() == 2


def test_a_new_version_gets_its_own_pdf(client, cast):
    programme = make_programme(cast.school_a, cast.year)
    make_item(programme)
    Programme.objects.filter(pk=programme.pk).update(status=Programme.Status.APPROVED)
    client.force_login(cast.director)
    client.get(_pdf_url(programme))
    Programme.objects.filter(pk=programme.pk).update(version=programme.version + 1)
    client.get(_pdf_url(programme))
    assert Export.objects.filter(programme=programme).count() == 2


def test_a_version_awaiting_the_councils_is_rendered_fresh(client, cast):
    """The MR may decide while the GMR's decision is awaited: the PDF must show that decision."""
    programme = make_programme(cast.school_a, cast.year)
    make_item(programme)
    Programme.objects.filter(pk=programme.pk).update(status=Programme.Status.SUBMITTED)
    client.force_login(cast.director)
    client.get(_pdf_url(programme))
    client.get(_pdf_url(programme))
    assert Export.objects.filter(programme=programme).count() == 2

"""Advice beside the signal: the administrator's text per scale, shown on the pupil and group pages where a signal
is, and only there."""

import pytest
from django.urls import reverse

from kanvas.models import ScaleAdvice
from tests.kanvas.helpers import group_rows, import_answers, pupil_rows

M = "2022-voorjaar"


def url(name, cast, *args, query=""):
    return reverse(f"kanvas:{name}", args=[cast.school_a.brin, *args]) + query


@pytest.fixture
def data(cast):
    """Group 6a: pupil A6 with OS and OV signals; 5 calm classmates."""
    rows = group_rows("6a", M, 5) + pupil_rows(cast.pupil_a6.code, "6a", M, {"OS": 4, "OV": 3})
    import_answers(cast.school_a, rows)
    return cast


def test_every_scale_has_seeded_dutch_advice(db):
    codes = set(ScaleAdvice.objects.values_list("scale_code", flat=True))
    assert codes == {"NI", "OS", "OV", "HS", "WB", "VB", "IL", "AI", "IN"}
    assert all(a.text and a.title for a in ScaleAdvice.objects.all())


def test_the_pupil_page_shows_the_advice_of_the_signalled_scales_only(client, data):
    client.force_login(data.ib)
    response = client.get(url("pupil", data, data.pupil_a6.pk, query=f"?moment={M}"))
    assert [a.scale_code for a in response.context["advice"]] == ["OS", "OV"]
    html = response.content.decode()
    assert ScaleAdvice.objects.get(scale_code="OS").title in html
    assert ScaleAdvice.objects.get(scale_code="NI").title not in html


def test_the_group_page_shows_the_advice_and_an_administrators_edit(client, data):
    ScaleAdvice.objects.filter(scale_code="OV").update(title="Eigen advies OV", text="Rust in de klas.")
    client.force_login(data.ib)
    group = data.pupil_a6.kanvas_participations.get().group
    response = client.get(url("group", data, group.pk, query=f"?moment={M}"))
    assert [a.scale_code for a in response.context["advice"]] == ["OS", "OV"]
    assert "Eigen advies OV" in response.content.decode() and "Rust in de klas." in response.content.decode()


def test_a_calm_pupil_gets_no_advice(client, data):
    client.force_login(data.ib)
    pupil = data.school_a.pupils.get(code="P6a00")
    response = client.get(url("pupil", data, pupil.pk, query=f"?moment={M}"))
    assert response.context["advice"] == [] and 'id="advies"' not in response.content.decode()


def test_advice_for_an_unknown_scale_is_refused(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Er is geen schaal met code ZZ"):
        ScaleAdvice(scale_code="ZZ", title="x", text="y").full_clean()

from django.core.management import call_command
from django.urls import reverse

from npo_planner.scholen.models import Pupil, PupilAccess


def test_pupil_page_is_logged_and_export_holds_the_kanvas_data(client, db):
    call_command("demo", stdout=None)
    from django.contrib.auth import get_user_model

    pupil = Pupil.objects.get(school__brin="12AB", code="RB607")
    director = get_user_model().objects.get(username="directeur")
    client.force_login(director)
    assert client.get(reverse("kanvas:pupil", args=["12AB", pupil.pk])).status_code == 200
    assert PupilAccess.objects.filter(
        pupil=pupil, username="directeur", what="KanVAS-leerlingpagina"
    ).exists()
    html = client.get(reverse("scholen:pupil_export", args=["12AB", pupil.pk])).content.decode()
    assert "KanVAS: schaalscores" in html and "2021-najaar" in html and "2022-voorjaar" in html
    assert "KanVAS: antwoorden" in html and "L07" in html
    assert "KanVAS: sociogram (aantallen)" in html
    # Classmates' codes are not part of this pupil's export.
    other_codes = set(
        Pupil.objects.filter(school__brin="12AB").exclude(pk=pupil.pk).values_list("code", flat=True)
    )
    assert not any(f">{code}<" in html for code in other_codes)

"""The pages for a school's own remark themes: the directeur and IB'er manage them, a leerkracht tags with them
but cannot manage them, another school never sees or uses them; the remarks and results pages show them."""

import pytest
from django.urls import reverse

from ouderbetrokkenheid.models import SchoolTheme
from ouderbetrokkenheid.services import remarks_tag, school_theme_update
from ouderbetrokkenheid.themes import THEME_CHOICES
from tests.ouderbetrokkenheid.factories import (
    sample_survey,
    sample_theme,
    survey_of_school_b,
    survey_with_remarks,
)

pytestmark = pytest.mark.django_db

DEFAULT_CODES = [code for code, _label in THEME_CHOICES if code != "overig"]


def url(name, brin="11AA", **kwargs):
    return reverse(f"ouderbetrokkenheid:{name}", kwargs={"brin": brin, **kwargs})


@pytest.mark.parametrize("who", ["director", "ib"])
def test_directeur_and_ib_add_rename_and_remove_own_themes(client, cast, who):
    survey = survey_with_remarks(cast)
    client.force_login(getattr(cast, who))
    remarks_page = client.get(url("remarks", survey_id=survey.pk)).content.decode()
    themes_url = url("remark_themes") + f"?peiling={survey.pk}"
    assert f'href="{themes_url}"' in remarks_page

    page = client.get(themes_url)
    assert page.status_code == 200 and "Nog geen eigen thema" in page.content.decode()
    assert 'for="id_label"' in page.content.decode()  # labelled field
    response = client.post(themes_url, {"label": "Verkeersveiligheid", "keywords": "parkeren"})
    assert response.status_code == 302 and response.url == themes_url
    theme = SchoolTheme.objects.get(school=cast.school_a)
    assert theme.keywords == "parkeren"

    edit_url = url("remark_theme_edit", theme_id=theme.pk)
    data = {"version": theme.version, "label": "Veilig naar school", "keywords": "parkeren", "order": 1}
    assert client.post(edit_url, data).status_code == 302
    theme.refresh_from_db()
    assert theme.label == "Veilig naar school"

    delete_url = url("remark_theme_delete", theme_id=theme.pk)
    remark = survey.responses.get(remark__startswith="Het parkeren")
    remarks_tag(user=cast.teacher, survey=survey, themes={remark.pk: theme.code})
    confirm = client.get(delete_url).content.decode()
    assert "1 opmerking heeft dit thema (in 1 peiling(en))" in confirm and "Overig" in confirm
    done = client.post(delete_url, {"version": theme.version}, follow=True).content.decode()
    assert "1 opmerking heeft nu het thema" in done
    remark.refresh_from_db()
    assert remark.theme == "overig" and not SchoolTheme.objects.exists()


def test_errors_are_shown_next_to_the_field_in_dutch(client, cast):
    sample_theme(cast)
    client.force_login(cast.director)
    page = client.post(url("remark_themes"), {"label": "verkeersveiligheid"})
    assert page.status_code == 200
    assert "al een thema met deze naam" in page.content.decode()
    page = client.post(url("remark_themes"), {"label": "Overig"})
    assert page.context["form"].errors["label"] == [
        "'Overig' is al een standaardthema. Kies een andere naam."
    ]
    assert SchoolTheme.objects.count() == 1


def test_a_stale_rename_on_the_page_does_not_overwrite(client, cast):
    theme = sample_theme(cast)
    school_theme_update(user=cast.ib, theme=theme, version=1, label="Verkeer", keywords="", order=1)
    client.force_login(cast.director)
    page = client.post(
        url("remark_theme_edit", theme_id=theme.pk),
        {"version": 1, "label": "Parkeren", "keywords": "", "order": 1},
    )
    assert page.status_code == 200 and "Iemand anders heeft dit intussen gewijzigd" in page.content.decode()
    theme.refresh_from_db()
    assert theme.label == "Verkeer"


def test_leerkracht_cannot_manage_themes_but_tags_with_them(client, cast):
    survey = survey_with_remarks(cast)
    theme = sample_theme(cast)
    client.force_login(cast.teacher)
    for name, kwargs in (
        ("remark_themes", {}),
        ("remark_theme_edit", {"theme_id": theme.pk}),
        ("remark_theme_delete", {"theme_id": theme.pk}),
    ):
        assert client.get(url(name, **kwargs)).status_code == 403
        assert client.post(url(name, **kwargs), {"label": "X", "version": 1, "order": 1}).status_code == 403
    assert SchoolTheme.objects.get() == theme and theme.label == "Verkeersveiligheid"

    page = client.get(url("remarks", survey_id=survey.pk))
    assert "Eigen thema&#x27;s" not in page.content.decode() and "Eigen thema's" not in page.content.decode()
    remark = next(i for i in page.context["items"] if i.remark.startswith("Het parkeren"))
    assert remark.suggestion == theme.code
    post = client.post(url("remarks", survey_id=survey.pk), {f"theme_{remark.public_id}": theme.code})
    assert post.status_code == 302
    remark.refresh_from_db()
    assert remark.own_theme == theme


def test_a_theme_removed_while_its_page_was_open_says_so_and_leads_back(client, cast):
    survey = survey_with_remarks(cast)
    theme = sample_theme(cast)
    client.force_login(cast.director)
    edit_url = url("remark_theme_edit", theme_id=theme.pk) + f"?peiling={survey.pk}"
    assert client.get(edit_url).status_code == 200
    client.post(url("remark_theme_delete", theme_id=theme.pk), {"version": theme.version})  # someone else
    response = client.post(edit_url, {"version": theme.version, "label": "Nieuw", "keywords": "", "order": 1})
    page = response.content.decode()
    assert response.status_code == 404
    assert "Misschien heeft iemand anders het intussen verwijderd" in page
    assert f'href="{url("remark_themes")}?peiling={survey.pk}"' in page
    assert not SchoolTheme.objects.exists()


def test_a_refused_remarks_save_keeps_the_users_other_choices(client, cast):
    survey = survey_with_remarks(cast)
    theme = sample_theme(cast)
    client.force_login(cast.director)
    parking, app = survey.responses.order_by("id")
    removed_code = theme.code
    theme.delete()  # removed by someone else after the page was opened
    data = {f"theme_{parking.public_id}": removed_code, f"theme_{app.public_id}": "informatie"}
    response = client.post(url("remarks", survey_id=survey.pk), data)
    assert response.status_code == 200
    assert "Misschien is het intussen verwijderd" in response.content.decode()
    shown = {item.pk: item.shown_theme for item in response.context["items"]}
    assert shown[app.pk] == "informatie"  # kept, though not saved
    assert shown[parking.pk] != removed_code  # the removed theme is no longer offered
    assert set(survey.responses.values_list("theme", flat=True)) == {""}


def test_other_school_gets_404_for_a_theme_and_cannot_tag_with_it(client, cast):
    theme = sample_theme(cast)
    survey_b = survey_of_school_b(cast)
    client.force_login(cast.director_b)
    # school A's theme under school B's own address: not found, as if it did not exist
    assert client.get(url("remark_theme_edit", brin="22BB", theme_id=theme.pk)).status_code == 404
    assert client.post(url("remark_theme_delete", brin="22BB", theme_id=theme.pk)).status_code == 404
    assert client.get(url("remark_theme_edit", theme_id=theme.pk)).status_code == 404
    # nor can B tag its remarks with A's theme, nor see A's theme offered
    page = client.get(url("remarks", brin="22BB", survey_id=survey_b.pk))
    assert "Verkeersveiligheid" not in page.content.decode()
    remark = survey_b.responses.get()
    refused = client.post(
        url("remarks", brin="22BB", survey_id=survey_b.pk),
        {f"theme_{remark.public_id}": theme.code},
        follow=True,
    )
    assert "Onbekend thema" in refused.content.decode()
    remark.refresh_from_db()
    assert remark.own_theme is None and remark.theme == ""
    # a back link to another school's survey is ignored
    survey_a = sample_survey(cast)
    page = client.get(url("remark_themes", brin="22BB") + f"?peiling={survey_a.pk}")
    assert page.status_code == 200 and survey_a.title not in page.content.decode()


def test_remarks_page_offers_own_themes_between_defaults_and_overig(client, cast):
    survey = survey_with_remarks(cast)
    theme = sample_theme(cast)
    client.force_login(cast.director)
    page = client.get(url("remarks", survey_id=survey.pk))
    codes = [code for code, _label in page.context["themes"]]
    assert codes == [*DEFAULT_CODES, theme.code, "overig"]
    text = page.content.decode()
    assert (
        text.index('value="informatie"') < text.index(f'value="{theme.code}"') < text.index('value="overig"')
    )
    item = next(i for i in page.context["items"] if i.remark.startswith("Het parkeren"))
    assert item.shown_theme == theme.code


def test_results_page_tally_shows_own_themes_and_mr_sees_it_suppressed(client, cast):
    survey = survey_with_remarks(cast, remarks=["Het parkeren"] * 6)
    theme = sample_theme(cast)
    remarks_tag(user=cast.director, survey=survey, themes={r.pk: theme.code for r in survey.responses.all()})
    client.force_login(cast.director)
    page = client.get(url("results", survey_id=survey.pk))
    assert [(t["label"], t["ouder"]) for t in page.context["tally"]] == [("Verkeersveiligheid", 6)]
    assert "Verkeersveiligheid" in page.content.decode()
    client.force_login(cast.mr)
    tally = client.get(url("results", survey_id=survey.pk)).context["tally"]
    assert [(t["label"], t["ouder"], t["team"]) for t in tally] == [("Verkeersveiligheid", 6, 0)]


@pytest.mark.parametrize("size", [2, 25])
def test_remarks_page_with_own_themes_costs_a_fixed_number_of_queries(
    client, cast, django_assert_max_num_queries, size
):
    survey = survey_with_remarks(cast, remarks=[f"Opmerking {n} over parkeren" for n in range(size * 2)])
    themes = [sample_theme(cast, label=f"Thema {n}", keywords=f"parkeren, woord{n}") for n in range(size)]
    remarks_tag(
        user=cast.director,
        survey=survey,
        themes={r.pk: themes[i % size].code for i, r in enumerate(survey.responses.order_by("id"))},
    )
    client.force_login(cast.director)
    with django_assert_max_num_queries(16):
        page = client.get(url("remarks", survey_id=survey.pk))
    assert page.status_code == 200 and len(page.context["tally"]) == size
    with django_assert_max_num_queries(16):
        assert client.get(url("remark_themes") + f"?peiling={survey.pk}").status_code == 200
    with django_assert_max_num_queries(20 + 2 * 5):  # the first view draws and stores the two charts
        assert client.get(url("results", survey_id=survey.pk)).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(url("results", survey_id=survey.pk)).status_code == 200

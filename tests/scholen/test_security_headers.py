import pytest


def test_every_page_sends_csp_and_security_headers(client, cast):
    client.force_login(cast.director)
    for url in ("/account/inloggen/", f"/{cast.school_a.brin}/"):
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_script(client, cast):
    import re

    client.force_login(cast.director)
    html = client.get(f"/{cast.school_a.brin}/").content.decode()
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag, tag
    assert " style=" not in html


def test_pages_and_downloads_with_pupil_data_are_not_stored_by_the_browser(client, cast):
    """Issue 12: a shared school computer's browser cache must not keep pupil data after logout."""
    from django.urls import reverse

    client.force_login(cast.director)
    brin = cast.school_a.brin
    urls = [
        f"/{brin}/",
        reverse("scholen:members", kwargs={"brin": brin}),
        reverse("scholen:pupil_export", kwargs={"brin": brin, "pupil_id": cast.pupil_a5.pk}),
        f"/{brin}/kanvas/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url


def test_the_login_steps_are_not_stored_either(client, cast):
    """The setup step shows the new authenticator's secret before the user is logged in."""
    from tests.factories import PASSWORD

    client.post("/account/inloggen/", {"username": "directeur_a", "password": PASSWORD})
    response = client.get("/account/inloggen/instellen/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_no_store_is_for_logged_in_users_and_leaves_a_views_own_header(rf, cast):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    from npo_planner.scholen.middleware import NoStoreMiddleware

    def view_with_own_header(request):
        response = HttpResponse("x")
        response["Cache-Control"] = "private, max-age=60"
        return response

    request = rf.get("/")
    request.user, request.session = AnonymousUser(), {}
    assert not NoStoreMiddleware(lambda r: HttpResponse("x"))(request).has_header("Cache-Control")
    request.user = cast.director
    assert NoStoreMiddleware(view_with_own_header)(request)["Cache-Control"] == "private, max-age=60"
    assert "no-store" in NoStoreMiddleware(lambda r: HttpResponse("x"))(request)["Cache-Control"]


@pytest.mark.parametrize(
    "url",
    [
        "/peiling/ab%00cd/",  # on PostgreSQL this reached the database: a 500
        "/account/inloggen/?next=%00",
        "/11AA/%00/",
        "/%00",
        "/11AA/audit/?pagina=1%00",
        "/account/inloggen/?a%00=1",
    ],
)
def test_a_nul_byte_in_the_path_or_query_string_is_a_bad_request(client, cast, url):
    client.force_login(cast.director)
    response = client.get(url)
    assert response.status_code == 400
    assert "Ongeldig verzoek" in response.content.decode()


@pytest.mark.parametrize("url", ["/bestaat-niet/", "/99ZZ/", "/11AA/privacy/leerling/999999/export/"])
def test_a_404_in_development_shows_the_products_dutch_page(client, cast, settings, url):
    """Issue 13: with DEBUG on (the development default) a missing page is the product's own Dutch page, not
    Django's technical page with the URL list."""
    settings.DEBUG = True
    client.force_login(cast.director)
    response = client.get(url)
    assert response.status_code == 404
    page = response.content.decode()
    assert "Pagina niet gevonden" in page
    assert "URLconf" not in page and "Page not found" not in page


def test_a_missing_slash_is_still_added_in_development(client, db, settings):
    settings.DEBUG = True
    response = client.get("/account/inloggen")
    assert response.status_code == 301 and response.url == "/account/inloggen/"

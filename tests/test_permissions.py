"""Walks every URL pattern of the resolver and proves the access rules of DESIGN.md for each one:
anonymous → login; a member of another school → 404 on GET and POST; each role → allowed or 403.

A new view is covered without anyone adding it here: it only needs an `allowed_roles` declaration, which the
access layer (school_view / SchoolAccessMixin / board_view) sets.
"""

import re
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from npo_planner.scholen.roles import ALL_ROLES
from tests.url_samples import ANY_LOGGED_IN, PUBLIC, SAMPLES


@dataclass
class Route:
    name: str
    arg_names: list[str]
    callback: object

    @property
    def school_scoped(self):
        return "brin" in self.arg_names

    def allowed_roles(self):
        view_class = getattr(self.callback, "view_class", None)
        return getattr(self.callback, "allowed_roles", None) or getattr(view_class, "allowed_roles", None)


def _walk(patterns, namespace="", args=()):
    for entry in patterns:
        converters = list(getattr(entry.pattern, "converters", {}).keys())
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # Django's admin has its own staff-only login
            ns = (
                f"{namespace}:{entry.namespace}"
                if namespace and entry.namespace
                else (entry.namespace or namespace)
            )
            yield from _walk(entry.url_patterns, ns, (*args, *converters))
        elif isinstance(entry, URLPattern):
            full = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield Route(
                name=full or f"<naamloos: {entry.pattern}>",
                arg_names=[*args, *converters],
                callback=entry.callback,
            )


ROUTES = list(_walk(get_resolver().url_patterns))
ROUTE_IDS = [r.name for r in ROUTES]


def _url(route, cast, brin=None):
    kwargs = {}
    for arg in route.arg_names:
        if arg not in SAMPLES:
            pytest.fail(f"URL {route.name} has argument '{arg}': add a sample to tests/url_samples.py")
        kwargs[arg] = SAMPLES[arg](cast)
    if brin:
        kwargs["brin"] = brin
    return reverse(route.name, kwargs=kwargs)


def assert_security_headers(response, url):
    """Every response, whatever its status, carries the Content Security Policy and the other security headers."""
    csp = response.get("Content-Security-Policy", "")
    assert "default-src 'self'" in csp and "'unsafe-inline'" not in csp and "frame-ancestors 'none'" in csp, (
        url
    )
    assert response.get("X-Content-Type-Options") == "nosniff", url
    assert response.get("X-Frame-Options") == "DENY", url
    assert response.get("Referrer-Policy") == "same-origin", url
    if response.get("Content-Type", "").startswith("text/html") and response.status_code == 200:
        html = response.content.decode()
        inline = [
            tag for tag in re.findall(r"<script\b[^>]*>", html) if "src=" not in tag and "nonce=" not in tag
        ]
        assert not inline, f"{url}: inline script without nonce {inline[:1]}"


def test_every_route_is_named():
    unnamed = [r.name for r in ROUTES if r.name.startswith("<naamloos")]
    assert not unnamed


@pytest.mark.parametrize("route", ROUTES, ids=ROUTE_IDS)
def test_every_non_public_view_declares_its_roles(route):
    if route.name in PUBLIC or route.name in ANY_LOGGED_IN:
        return
    assert route.allowed_roles(), f"{route.name} does not go through the access layer"


@pytest.mark.parametrize("route", [r for r in ROUTES if r.name not in PUBLIC], ids=lambda r: r.name)
def test_anonymous_is_sent_to_login(client, cast, route):
    url = _url(route, cast)
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 302, f"{method.__name__.upper()} {url}"
        assert response.url.startswith(reverse("login")), f"{method.__name__.upper()} {url} → {response.url}"


SCHOOL_ROUTES = [r for r in ROUTES if r.school_scoped]


@pytest.mark.parametrize("route", SCHOOL_ROUTES, ids=lambda r: r.name)
def test_member_of_other_school_gets_404_on_get_and_post(client, cast, route):
    url = _url(route, cast)  # school A and its objects
    for outsider in (cast.director_b, cast.teacher_b, cast.board_member_other):
        client.force_login(outsider)
        assert client.get(url).status_code == 404, f"GET {url} as {outsider}"
        assert client.post(url).status_code == 404, f"POST {url} as {outsider}"


@pytest.mark.parametrize("route", SCHOOL_ROUTES, ids=lambda r: r.name)
def test_each_role_is_allowed_or_forbidden_as_declared(client, cast, route):
    url = _url(route, cast)
    allowed = route.allowed_roles() or ALL_ROLES
    for role, user in cast.by_role().items():
        client.force_login(user)
        response = client.get(url)
        status = response.status_code
        assert_security_headers(response, url)
        if role in allowed:
            assert status not in (403, 404, 500), f"GET {url} as {role}: {status}"
        else:
            assert status == 403, f"GET {url} as {role}: {status}, expected 403"


def test_unknown_school_gets_404_like_a_foreign_one(client, cast):
    client.force_login(cast.director)
    assert client.get("/99ZZ/").status_code == 404
    assert client.get(f"/{cast.school_b.brin}/").status_code == 404
    assert client.get(f"/{cast.school_a.brin}/").status_code == 200


@pytest.mark.parametrize(
    "route",
    [r for r in ROUTES if not r.school_scoped and r.name.startswith("bestuur:")],
    ids=lambda r: r.name,
)
def test_board_pages_are_for_board_members_only(client, cast, route):
    url = _url(route, cast)
    for user in (cast.director, cast.ib, cast.teacher, cast.mr):
        client.force_login(user)
        assert client.get(url).status_code == 403, f"GET {url} as {user}"
        assert client.post(url).status_code == 403, f"POST {url} as {user}"
    client.force_login(cast.board_member)
    # Buttons that start or retry work answer POST only.
    assert client.get(url).status_code == (405 if route.name in BOARD_POST_ONLY else 200)


BOARD_POST_ONLY = {"bestuur:pdf_batch", "bestuur:job_retry"}


@pytest.mark.parametrize(
    "route",
    [r for r in ROUTES if not r.school_scoped and r.name.startswith("bestuur:") and r.arg_names],
    ids=lambda r: r.name,
)
def test_board_pages_of_an_object_are_404_for_another_boards_member(client, cast, route):
    """A board page about one school's object (e.g. the GMR's decision on a programme): the bestuur of another
    board gets 404 on GET and POST, the same as a missing object."""
    url = _url(route, cast)  # objects of school A, board "Bestuur Test"
    client.force_login(cast.board_member_other)
    assert client.get(url).status_code == 404, f"GET {url}"
    assert client.post(url).status_code == 404, f"POST {url}"

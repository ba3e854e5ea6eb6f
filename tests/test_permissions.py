"""Walks every URL pattern of the resolver and checks who may open it against a table kept here, not against
what the view declares: a view that widens its roles, or forgets the school in its object lookup, turns this red.

- EXPECTED below has one row per URL pattern (a new pattern without a row fails `test_every_route_has_a_row`);
  each row gives the answer on GET for: anonymous, directeur, IB'er, leerkracht (of the sample group), MR-lid,
  bestuur (of school A's board) and the directeur of school B. `login` is a redirect to the login page, `ok` any
  answer that lets the user in (200, a redirect, 405 for a POST-only button), `403`/`404` exactly that.
- Every `login`/`403`/`404` cell is also checked on POST (without data: the refusal comes before any work).
- Every pattern with an object id is tried with school B's object under school A's BRIN (tests/url_samples.py
  OTHER_SCHOOL_SAMPLES), one argument at a time and all at once: 404 on GET and POST for every role of school A.
"""

import re
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.url_samples import ANY_LOGGED_IN, NOT_A_SCHOOL_OBJECT, OTHER_SCHOOL_SAMPLES, PUBLIC, SAMPLES


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


def _url(route, cast, brin=None, other_school=()):
    """The URL of `route` with school A's samples; the arguments named in `other_school` get school B's."""
    kwargs = {}
    for arg in route.arg_names:
        if arg not in SAMPLES:
            pytest.fail(f"URL {route.name} has argument '{arg}': add a sample to tests/url_samples.py")
        kwargs[arg] = (OTHER_SCHOOL_SAMPLES if arg in other_school else SAMPLES)[arg](cast)
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


# Columns of EXPECTED, in order.
COLUMNS = ("anonymous", "directeur", "ib", "leerkracht", "mr", "bestuur", "directeur_b")

# fmt: off
EXPECTED = {
    "home":                                    "login ok    ok    ok    ok    ok    ok",
    "two_factor_manage":                       "login ok    ok    ok    ok    ok    ok",
    "two_factor_recovery_codes":               "login ok    ok    ok    ok    ok    ok",
    "two_factor_renew_recovery_codes":         "login ok    ok    ok    ok    ok    ok",
    "two_factor_remove":                       "login ok    ok    ok    ok    ok    ok",
    "password_change":                         "login ok    ok    ok    ok    ok    ok",
    "password_change_done":                    "login ok    ok    ok    ok    ok    ok",

    "bestuur:overview":                        "login 403   403   403   403   ok    403",
    "bestuur:spending_csv":                    "login 403   403   403   403   ok    403",
    "bestuur:annual_report_csv":               "login 403   403   403   403   ok    403",
    "bestuur:gmr_decide":                      "login 403   403   403   403   ok    403",
    "bestuur:pdf_batch":                       "login 403   403   403   403   ok    403",
    "bestuur:job":                             "login 403   403   403   403   ok    403",
    "bestuur:job_download":                    "login 403   403   403   403   ok    403",
    "bestuur:job_retry":                       "login 403   403   403   403   ok    403",
    "bestuur:accounts":                        "login 403   403   403   403   ok    403",
    "bestuur:accounts_csv":                    "login 403   403   403   403   ok    403",

    "scholen:dashboard":                       "login ok    ok    ok    ok    ok    404",
    "scholen:school_year_switch":              "login ok    ok    ok    ok    ok    404",
    "scholen:audit_log":                       "login ok    403   403   403   403   404",
    "scholen:members":                         "login ok    403   403   403   403   404",
    "scholen:privacy":                         "login ok    ok    403   403   403   404",
    "scholen:pupil_export":                    "login ok    ok    403   403   403   404",
    "scholen:member_revoke":                   "login ok    403   403   403   403   404",
    "scholen:member_unlock":                   "login ok    403   403   403   403   404",
    "scholen:year_start":                      "login ok    403   403   403   403   404",
    "scholen:roster_upload":                   "login ok    ok    403   403   403   404",
    "scholen:roster_preview":                  "login ok    ok    403   403   403   404",

    "schoolscan:index":                        "login ok    ok    ok    ok    ok    404",
    "schoolscan:create":                       "login ok    403   403   403   403   404",
    "schoolscan:establish":                    "login ok    403   403   403   403   404",
    "schoolscan:new_version":                  "login ok    403   403   403   403   404",
    "schoolscan:print":                        "login ok    ok    ok    ok    ok    404",
    "schoolscan:pdf":                          "login ok    ok    ok    ok    ok    404",
    "schoolscan:section":                      "login ok    ok    ok    ok    ok    404",
    "schoolscan:moments":                      "login ok    403   403   403   403   404",

    "menukaart:index":                         "login ok    ok    ok    ok    ok    404",
    "menukaart:compare":                       "login ok    ok    ok    ok    ok    404",
    "menukaart:keuzehulp":                     "login ok    ok    ok    ok    ok    404",
    "menukaart:own_create":                    "login ok    403   403   403   403   404",
    "menukaart:detail":                        "login ok    ok    ok    ok    ok    404",
    "menukaart:consider":                      "login ok    ok    403   403   403   404",
    "menukaart:own_edit":                      "login ok    403   403   403   403   404",
    "menukaart:own_delete":                    "login ok    403   403   403   403   404",

    "kanvas:index":                            "login ok    ok    ok    403   403   404",
    "kanvas:report_csv":                       "login ok    ok    403   403   403   404",
    "kanvas:import_upload":                    "login ok    ok    403   403   403   404",
    "kanvas:import_preview":                   "login ok    ok    403   403   403   404",
    "kanvas:import_check":                     "login ok    404   403   403   403   404",
    "kanvas:import_check_retry":               "login ok    404   403   403   403   404",
    "kanvas:import_job":                       "login ok    ok    403   403   403   404",
    "kanvas:import_job_retry":                 "login ok    ok    403   403   403   404",
    "kanvas:group":                            "login ok    ok    ok    403   403   404",
    "kanvas:pupil":                            "login ok    ok    ok    403   403   404",
    "kanvas:safety":                           "login ok    ok    ok    403   403   404",
    "kanvas:safety_pupils":                    "login ok    ok    ok    403   403   404",
    "kanvas:sociogram":                        "login ok    ok    ok    403   403   404",
    "kanvas:followups":                        "login ok    ok    ok    403   403   404",
    "kanvas:group_trend":                      "login ok    ok    ok    403   403   404",
    "kanvas:group_csv":                        "login ok    ok    ok    403   403   404",
    "kanvas:group_report":                     "login ok    ok    ok    403   403   404",
    "kanvas:pupil_trend":                      "login ok    ok    ok    403   403   404",

    "ouderbetrokkenheid:index":                "login ok    ok    ok    ok    ok    404",
    "ouderbetrokkenheid:survey_new":           "login ok    ok    403   403   403   404",
    "ouderbetrokkenheid:survey":               "login ok    ok    ok    403   403   404",
    "ouderbetrokkenheid:survey_edit":          "login ok    ok    403   403   403   404",
    "ouderbetrokkenheid:survey_delete":        "login ok    ok    403   403   403   404",
    "ouderbetrokkenheid:survey_import":        "login ok    ok    403   403   403   404",
    "ouderbetrokkenheid:survey_import_map":    "login ok    ok    403   403   403   404",
    "ouderbetrokkenheid:survey_import_preview":"login ok    ok    403   403   403   404",
    "ouderbetrokkenheid:survey_import_job":    "login ok    ok    403   403   403   404",
    "ouderbetrokkenheid:survey_import_job_retry":"login ok    ok    403   403   403   404",
    "ouderbetrokkenheid:entry":                "login ok    ok    ok    403   403   404",
    "ouderbetrokkenheid:responses":            "login ok    ok    ok    403   403   404",
    "ouderbetrokkenheid:response_edit":        "login ok    ok    ok    403   403   404",
    "ouderbetrokkenheid:response_delete":      "login ok    ok    ok    403   403   404",
    "ouderbetrokkenheid:results":              "login ok    ok    ok    ok    ok    404",
    "ouderbetrokkenheid:results_csv":          "login ok    ok    ok    ok    ok    404",
    "ouderbetrokkenheid:remarks":              "login ok    ok    ok    403   403   404",
    "ouderbetrokkenheid:remark_themes":        "login ok    ok    403   403   403   404",
    "ouderbetrokkenheid:remark_theme_edit":    "login ok    ok    403   403   403   404",
    "ouderbetrokkenheid:remark_theme_delete":  "login ok    ok    403   403   403   404",
    "ouderbetrokkenheid:templates":            "login ok    ok    403   403   403   404",
    "ouderbetrokkenheid:template":             "login ok    ok    403   403   403   404",
    "ouderbetrokkenheid:template_copy":        "login ok    ok    403   403   403   404",
    "ouderbetrokkenheid:template_edit":        "login ok    ok    403   403   403   404",
    "ouderbetrokkenheid:agreements":           "login ok    ok    ok    ok    ok    404",
    "ouderbetrokkenheid:agreement_new":        "login ok    ok    403   403   403   404",
    "ouderbetrokkenheid:agreement_edit":       "login ok    ok    403   403   403   404",
    "ouderbetrokkenheid:agreement_delete":     "login ok    ok    403   403   403   404",

    "programma:index":                         "login ok    ok    ok    ok    ok    404",
    "programma:create":                        "login ok    403   403   403   403   404",
    "programma:detail":                        "login ok    ok    ok    ok    ok    404",
    "programma:edit":                          "login ok    403   403   403   403   404",
    "programma:item_create":                   "login ok    403   403   403   403   404",
    "programma:item_paste":                    "login ok    403   403   403   403   404",
    "programma:item_edit":                     "login ok    403   403   403   403   404",
    "programma:item_delete":                   "login ok    403   403   403   403   404",
    "programma:item_outcome":                  "login ok    ok    403   403   403   404",
    "programma:submit":                        "login ok    403   403   403   403   404",
    "programma:decide":                        "login 403   403   403   ok    403   404",
    "programma:preview":                       "login ok    ok    ok    ok    ok    404",
    "programma:pdf":                           "login ok    403   403   ok    ok    404",
    "programma:export":                        "login ok    403   403   ok    ok    404",
    # a user's own background job (one PDF): the sample is the directeur's; anyone else gets 404
    "taken:job":                               "login ok    404   404   404   404   404",
    "taken:download":                          "login ok    404   404   404   404   404",
    "taken:retry":                             "login ok    404   404   404   404   404",
    "programma:submission":                    "login ok    ok    ok    ok    ok    404",
    "programma:spending":                      "login ok    ok    ok    ok    ok    404",
    "programma:spending_import":               "login ok    403   403   403   403   404",
    "programma:spending_delete":               "login ok    403   403   403   403   404",
}
# fmt: on


def _users(cast):
    return {
        "anonymous": None,
        "directeur": cast.director,
        "ib": cast.ib,
        "leerkracht": cast.teacher,
        "mr": cast.mr,
        "bestuur": cast.board_member,
        "directeur_b": cast.director_b,
    }


def _expected(route):
    cells = EXPECTED[route.name].split()
    assert len(cells) == len(COLUMNS), f"row of {route.name} has {len(cells)} cells, not {len(COLUMNS)}"
    return dict(zip(COLUMNS, cells, strict=True))


def _check(response, expected, what):
    status = response.status_code
    if expected == "login":
        assert status == 302 and response.url.startswith(reverse("login")), (
            f"{what}: {status}, expected login"
        )
    elif expected == "ok":
        assert status in (200, 302, 405), f"{what}: {status}, expected the page (200, redirect or 405)"
        if status == 302:
            assert not response.url.startswith(reverse("login")), f"{what}: sent to login"
    else:
        assert status == int(expected), f"{what}: {status}, expected {expected}"


PROTECTED = [r for r in ROUTES if r.name not in PUBLIC]


def test_every_route_has_a_row():
    """A new URL pattern needs a row in EXPECTED (or an entry in PUBLIC); a removed one loses its row."""
    missing = sorted(r.name for r in PROTECTED if r.name not in EXPECTED)
    assert not missing, f"add a row to EXPECTED in tests/test_permissions.py for: {missing}"
    stale = sorted(set(EXPECTED) - {r.name for r in PROTECTED})
    assert not stale, f"EXPECTED has rows for URL patterns that do not exist (or are public): {stale}"
    assert all(r.name not in EXPECTED for r in ROUTES if r.name in PUBLIC)


@pytest.mark.parametrize("route", PROTECTED, ids=lambda r: r.name)
def test_each_role_gets_the_answer_in_the_table(client, cast, route):
    if route.name not in EXPECTED:
        pytest.fail(f"no row in EXPECTED for {route.name}")
    url = _url(route, cast)
    expected = _expected(route)
    for column, user in _users(cast).items():
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        _check(response, expected[column], f"GET {url} as {column}")
        assert_security_headers(response, url)
        if expected[column] != "ok":
            _check(client.post(url), expected[column], f"POST {url} as {column}")


SCHOOL_ROUTES = [r for r in ROUTES if r.school_scoped]


@pytest.mark.parametrize("route", SCHOOL_ROUTES, ids=lambda r: r.name)
def test_other_members_of_other_schools_get_404_on_get_and_post(client, cast, route):
    url = _url(route, cast)  # school A and its objects
    for outsider in (cast.teacher_b, cast.board_member_other):
        client.force_login(outsider)
        assert client.get(url).status_code == 404, f"GET {url} as {outsider}"
        assert client.post(url).status_code == 404, f"POST {url} as {outsider}"


def _object_args(route):
    return [a for a in route.arg_names if a not in NOT_A_SCHOOL_OBJECT]


OBJECT_ROUTES = [r for r in SCHOOL_ROUTES if _object_args(r)]


def test_every_object_argument_has_an_other_school_sample():
    args = {a for r in SCHOOL_ROUTES for a in r.arg_names}
    missing = sorted(args - set(OTHER_SCHOOL_SAMPLES) - NOT_A_SCHOOL_OBJECT)
    assert not missing, (
        f"add school B's object to OTHER_SCHOOL_SAMPLES in tests/url_samples.py for: {missing}"
    )


@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=lambda r: r.name)
def test_other_schools_object_under_own_brin_is_404(client, cast, route):
    """School B's group, pupil, survey, ... in a URL under school A's BRIN: every role of school A gets 404 on GET
    and POST, as for an id that does not exist; a role the page is closed to may get its 403 first."""
    expected = _expected(route)
    args = _object_args(route)
    swaps = [(arg,) for arg in args] + ([tuple(args)] if len(args) > 1 else [])
    users = _users(cast)
    for swap in swaps:
        url = _url(route, cast, other_school=swap)
        for column in ("directeur", "ib", "leerkracht", "mr", "bestuur"):
            client.force_login(users[column])
            allowed = {"404"} if expected[column] == "ok" else {"403", "404"}
            # A POST-only button answers GET with 405 before it looks anything up; its POST must be 404.
            status = str(client.get(url).status_code)
            assert status in allowed | {"405"}, f"GET {url} as {column}: {status}"
            status = str(client.post(url).status_code)
            assert status in allowed, f"POST {url} as {column}: {status}"


def test_unknown_school_gets_404_like_a_foreign_one(client, cast):
    client.force_login(cast.director)
    assert client.get("/99ZZ/").status_code == 404
    assert client.get(f"/{cast.school_b.brin}/").status_code == 404
    assert client.get(f"/{cast.school_a.brin}/").status_code == 200


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

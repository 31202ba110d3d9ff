"""No query parameter can make the API answer 500 (issue 15, item 7).

The routes and their parameters come from the OpenAPI schema, which drf-spectacular builds
from the router, the FilterSets and the declared parameters, so a new route or filter is
walked without editing this test. Every parameter of every list route gets each malformed
value; the answer must be 200 (the value ignored or matching nothing), a 400 that says
what is wrong, or a 404 for a `unit` that is no unit the caller can see (as everywhere).
"""

import pytest
from django.urls import URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db
MALFORMED = ["abc", "0", "-1", "99999999999", "99999999999999999999999", "\x00", "1\x00",
             "2026-13-45", "1e3", "%", "[]"]


def _list_routes() -> list[tuple[str, list[str]]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    routes = []
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if get is None or "{" in path:
            continue
        names = [p["name"] for p in get.get("parameters", []) if p["in"] == "query"]
        routes.append((path, names))
    return routes


ROUTES = _list_routes()


def test_the_walk_covers_the_routes_of_the_issue():
    paths = dict(ROUTES)
    assert {"type", "branch"} <= set(paths["/api/v1/ammunition/lots/expiring/"])
    assert "year" in paths["/api/v1/traffic-accidents/"]
    assert len(ROUTES) > 40


@pytest.mark.parametrize(("path", "names"), ROUTES, ids=[path for path, _names in ROUTES])
def test_malformed_query_parameters_never_answer_500(org, path, names):
    client = APIClient(raise_request_exception=False)
    token, _created = Token.objects.get_or_create(user=org.users["officer_hq"])
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    failures = []
    for name in [*names, "q", "unit"]:
        for value in MALFORMED:
            response = client.get(path, {name: value})
            if response.status_code >= 500 or response.status_code not in (200, 400, 404):
                failures.append(f"{name}={value!r}: {response.status_code}")
            elif response.status_code == 400:
                body = response.json()
                if not body.get("detail"):
                    failures.append(f"{name}={value!r}: 400 without a message")
    assert not failures, failures


# Screens: every page without an id in its address, with every parameter name the API knows
# (the screens share the FilterSets and the names) set at once to each malformed value.

SKIPPED = ("api/", "admin/", "accounts/logout/", "i18n/", "static/", "jobs/")


def _screens(patterns=None, prefix: str = "") -> list[str]:
    paths = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if entry.pattern.regex.groups == 0 and not route.startswith(SKIPPED):
                paths += _screens(entry.url_patterns, route)
        elif entry.pattern.regex.groups == 0 and not route.startswith(SKIPPED):
            paths.append("/" + route.lstrip("^").rstrip("$"))
    return sorted(set(paths))


SCREENS = _screens()
NAMES = sorted({name for _path, names in ROUTES for name in names} | {"q", "unit", "page", "sort"})


def test_the_screen_walk_covers_the_lists():
    assert {"/holdings/balances/", "/ammunition/expiry/", "/vehicles/accidents/"} <= set(SCREENS)


@pytest.mark.parametrize("path", SCREENS)
def test_malformed_query_parameters_never_break_a_screen(client, org, path):
    client.raise_request_exception = False
    client.force_login(org.users["officer_hq"])
    failures = []
    for value in ["abc", "0", "99999999999999999999999", "\x00", "2026-13-45"]:
        response = client.get(path, dict.fromkeys(NAMES, value))
        if response.status_code >= 500:
            failures.append(f"{value!r}: {response.status_code}")
    assert not failures, failures


def test_a_control_character_in_the_query_string_is_refused_by_the_api(org):
    client = APIClient()
    client.force_authenticate(org.users["officer_a"])
    response = client.get("/api/v1/items/", {"q": "AK\x00", "status": "\x01"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"q", "status"}


def test_a_control_character_in_the_query_string_is_dropped_on_a_screen(client, org):
    org.rifles(org.province_a, "AK-77", "AK-88")
    client.force_login(org.users["officer_a"])
    response = client.get("/holdings/items/", {"q": "AK-7\x007"})
    assert response.status_code == 200
    assert b"AK-77" in response.content
    assert b"AK-88" not in response.content


UNIT_ROUTES = [path for path, names in ROUTES if "unit" in names]


def test_every_list_with_a_unit_answers_404_for_a_unit_outside_the_callers_reach(org):
    """One convention (issue 13): the same 404 as a detail URL, never a 400 that tells the
    unit exists."""
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(org.users["officer_b"])
    query = {"unit": org.province_a.pk, "start": "2026-01-01", "end": "2026-03-31"}
    answers = {path: client.get(path, query).status_code for path in UNIT_ROUTES}
    assert len(UNIT_ROUTES) > 20
    assert {path: code for path, code in answers.items() if code != 404} == {}

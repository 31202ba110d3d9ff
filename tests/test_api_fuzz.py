"""The API fuzzed from its own OpenAPI schema (issue 13, section 3).

schemathesis draws requests for every operation of the schema drf-spectacular builds (path
ids, query parameters, bodies) and sends them in-process to the WSGI application, as a clerk
and as an officer of Cao Bằng, while Lạng Sơn holds records of every app (the world of
tests/test_scoping_routes.py, marked "SECRET-A"). Every answer must be:

- never a 5xx;
- what the schema says (the body of a documented status matches its schema);
- nothing of Lạng Sơn: no marker in the body, no id of a Lạng Sơn unit in a unit field.

Bounded: one example per operation and caller (some 600 requests), generated deterministically
(derandomize), so a run takes about a minute and a failure reproduces. FUZZ_EXAMPLES=5 draws
more locally.
"""

import json
import os
import re
import time

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from kythuat.org.models import Role, Unit, User
from tests.test_scoping_routes import MARKERS, world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "1"))
UNIT_KEYS = {"unit", "unit_id", "owner_unit", "from_unit", "to_unit", "parent", "holder_unit",
             "issuer_unit", "target_unit"}
# Signing in with a password: its lock-out would count the generated passwords.
SKIPPED = {("POST", "/api/v1/token/")}


def _operations() -> list:
    raw = SchemaGenerator().get_schema(request=None, public=True)
    schema = schemathesis.openapi.from_dict(json.loads(json.dumps(raw, default=str)))
    return [result.ok() for result in schema.get_all_operations()]


@pytest.fixture
def wsgi_app():
    """Django's WSGI application, called in the test's own transaction: the handler must not
    close the connection at the end of each request (Django's test client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _callers(world) -> list[User]:  # noqa: F811
    org = world["org"]
    clerk = User.objects.create(username="clerk_b", unit=org.province_b, role=Role.CLERK)
    return [clerk, org.users["officer_b"]]


def _outside_units(world) -> set[int]:  # noqa: F811
    unit = world["unit"]
    return set(Unit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True))


def _unit_ids(value, found: list) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if key in UNIT_KEYS and isinstance(item, int) and not isinstance(item, bool):
                found.append(item)
            else:
                _unit_ids(item, found)
    elif isinstance(value, list):
        for item in value:
            _unit_ids(item, found)


def _first_lines(error: BaseException) -> str:
    """What schemathesis found, without the schema it prints after it."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return " | ".join(lines[1:6])[:500]


def _fuzz(operation, *, label: str, headers: dict, app, outside: set[int],
          failures: list[str], sent: list[int]) -> None:
    """Sends EXAMPLES generated requests of one operation and collects what is wrong."""

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck), phases=["explicit", "generate"])
    @given(case=operation.as_strategy())
    def run(case):
        response = case.call(app=app, headers=headers)
        sent[0] += 1
        where = f"{label} → {response.status_code} ({case.formatted_path} {case.query or ''})"
        try:
            case.validate_response(response, checks=[not_a_server_error,
                                                      response_schema_conformance],
                                   headers=headers)
        except (Exception, BaseExceptionGroup) as error:  # all reported at the end
            failures.append(f"{where}: {_first_lines(error)}")
            return
        text = response.content.decode("utf-8", errors="replace")
        leaked = [m for m in MARKERS if re.search(re.escape(m), text, re.IGNORECASE)]
        if leaked:
            failures.append(f"{where}: shows {leaked}")
        if "json" in (response.headers.get("content-type") or [""])[0]:
            found: list[int] = []
            _unit_ids(response.json(), found)
            if set(found) & outside:
                failures.append(f"{where}: names units {set(found) & outside}")

    run()


def test_the_api_answers_every_generated_request_within_its_schema_and_scope(
        world, wsgi_app):  # noqa: F811
    operations = [op for op in _operations()
                  if (op.method.upper(), op.path) not in SKIPPED]
    outside = _outside_units(world)
    failures: list[str] = []
    started, sent = time.monotonic(), [0]
    for caller in _callers(world):
        key = Token.objects.get_or_create(user=caller)[0].key
        headers = {"Authorization": f"Token {key}", "Accept-Language": "vi"}
        for operation in operations:
            _fuzz(operation, label=f"{caller.username} {operation.method.upper()} "
                  f"{operation.path}", headers=headers, app=wsgi_app, outside=outside,
                  failures=failures, sent=sent)
    elapsed = time.monotonic() - started
    print(f"\nAPI fuzz: {len(operations)} operations × 2 callers, {sent[0]} requests in "
          f"{elapsed:.0f} s")
    assert not failures, "\n".join(sorted(set(failures))[:80])

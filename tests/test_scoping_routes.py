"""Scoping, checked for every route automatically.

Every named URL of the project, screens and API alike, must appear in one of the tables below;
a new route without a scoping case fails `test_every_route_has_a_scoping_case`. The tester is
the unit administrator of Cao Bằng (the most powerful role inside one subtree); everything of
Lạng Sơn is outside that subtree and carries the marker "SECRET-A" (or is named "Lạng Sơn").

- OBJECT routes take the id of an object outside the subtree: GET and POST must answer 404.
- LIST routes list, count, chart or export: the body (xlsx and csv decoded) must not contain a
  marker, and where the route reads a `unit` parameter, an outside unit must answer 404.
- CREATE routes are POSTed with a payload naming outside units or objects: nothing is created.
- PUBLIC routes hold no unit data (login, language, schema …); the reason is given.

Each app keeps the cases of its own routes in `kythuat/<app>/tests/scoping.py` (the same four
tables and an `extend_world(world)` that adds its outside records); they are merged here.
"""

import datetime as dt
import io
import re
from decimal import Decimal
from importlib import import_module

import openpyxl
import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kythuat.catalog import services as catalog_services
from kythuat.catalog.forms import REFERENCE_MODELS
from kythuat.catalog.models import Branch, EquipmentType
from kythuat.holdings import services
from kythuat.holdings.models import AuthorizedStrength, Item, Lot, Movement, PeriodClose
from kythuat.holdings.services import LineSpec
from kythuat.org.models import Unit, User
from kythuat.storage import services as storage_services
from kythuat.storage.models import Facility, FacilityKind

pytestmark = pytest.mark.django_db

MARKERS = ("SECRET-A", "Lạng Sơn", "Hữu Lũng", "clerk_a")

PUBLIC = {
    "login": "the sign-in form",
    "logout": "signs the user out",
    "password_change": "the user's own password",
    "password_change_done": "a confirmation page",
    "set_language": "stores the chosen language",
    "api-root": "lists the API's resource addresses",
    "api-schema": "the OpenAPI description, no data",
    "api-docs": "the API documentation page, no data",
    "indicator-list": "the registry's definitions of indicators, no figures",
    "indicator-detail": "one indicator's definition, no figures",
    "token-list": "exchanges the caller's own password for their own token, no unit data",
    # Old addresses kept for bookmarks: they check the unit (outside: 404) and redirect to the
    # reports app's screen or file, which has its own cases (kythuat/reports/tests/scoping.py).
    "holdings:period-report": "redirects to reports:increase-decrease",
    "holdings:period-report-export": "redirects to reports:increase-decrease-export",
    "holdings:strength": "redirects to reports:strength",
    "holdings:strength-export": "redirects to reports:strength-export",
    "holdings:strength-export-csv": "redirects to reports:strength-export",
}
ADMIN_PREFIX = "admin:"  # Django admin: staff only, and no unit user is staff

# route name → key of the outside object whose id goes into the URL
OBJECT = {
    "org:unit-detail": "unit", "org:unit-children": "unit", "org:unit-create": "unit",
    "org:unit-edit": "unit", "org:unit-move": "unit",
    "org:user-edit": "user", "org:user-password": "user", "org:user-token-revoke": "user",
    "user-detail": "user", "user-revoke-token": "user", "user-password": "user",
    "unit-move": "unit",
    "holdings:item-detail": "item", "holdings:item-edit": "item",
    "holdings:lot-detail": "lot",
    "holdings:movement-detail": "movement", "holdings:movement-edit": "draft",
    "holdings:movement-post": "draft", "holdings:movement-reverse": "movement",
    "holdings:movement-delete": "draft", "holdings:movement-return": "draft",
    "catalog:type-detail": "type", "catalog:type-edit": "type",
    "storage:facility-detail": "facility", "storage:facility-edit": "facility",
    "unit-detail": "unit", "facility-detail": "facility", "equipment-type-detail": "type",
    "item-detail": "item", "item-history": "item", "item-state": "item",
    "lot-detail": "lot", "movement-detail": "movement", "movement-post": "draft",
    "movement-reverse": "movement", "authorized-strength-detail": "strength",
    "movement-return": "draft",
}

# route name → query parameters for the GET; None means the route reads no `unit` parameter
LIST = {
    "dashboard:home": {"unit": True}, "dashboard:indicators": {"unit": True},
    "dashboard:unit-summary": {"unit": True}, "dashboard:alerts": {"unit": True},
    "dashboard:indicator-records": {"unit": True, "code": "holdings.on_hand"},
    "org:unit-list": {"q": "lang"}, "org:user-list": None, "org:token": None,
    "holdings:item-list": {"unit": True}, "holdings:item-export": {"unit": True},
    "holdings:item-export-csv": {"unit": True}, "holdings:lot-list": None,
    "holdings:balance-list": {"unit": True}, "holdings:balance-export": {"unit": True},
    "holdings:period-close-list": None,
    "holdings:movement-list": {"unit": True}, "holdings:movement-create": None,
    "holdings:movement-export": {"unit": True}, "holdings:movement-inbox": None,
    "holdings:movement-item-search": {"unit": True, "q": "SECRET"},
    "holdings:movement-line-row": {"kind": "receipt", "index": "0"},
    "catalog:type-list": {"q": "secret"}, "catalog:branch-list": None,
    "catalog:reference": None,
    "storage:facility-list": None,
    "unit-list": None, "user-list": None, "facility-list": None,
    "equipment-type-list": {"q": "secret"},
    "branch-list": None, "usage-group-list": None, "grade-list": None,
    "item-list": None, "lot-list": None, "movement-list": None,
    "balance-list": {"unit": True}, "report-period": {"unit": True, "start": "2026-01-01",
                                                     "end": "2026-12-31"},
    "period-close-list": None, "authorized-strength-list": None,
    "usage-group-detail": "reference", "grade-detail": "reference", "branch-detail": "reference",
}

# Reference tables (/api/v1/reference/<table>/): the same for the whole army, no unit data.
LIST.update({f"reference-{slug}-list": None for slug in REFERENCE_MODELS})
LIST.update({"reference-format-profile-list": None, "reference-document-type-list": None})

# route name → (model counted, payload builder): POSTing outside ids creates nothing
CREATE = {
    "unit-list": (Unit, lambda w: {"parent": w["unit"].pk, "code": "X-1", "name": "X",
                                   "kind": w["unit"].kind_id}),
    "user-list": (User, lambda w: {"username": "intruder", "password": "Mật-khẩu-dài-2026",
                                   "unit": w["unit"].pk, "role": "viewer"}),
    "holdings:movement-create": (Movement, lambda w: {
        "kind": "receipt", "source": "factory", "to_unit": w["unit"].pk,
        "effective_date": "01/02/2026"}),
    "holdings:period-close-create": (PeriodClose, lambda w: {
        "unit": w["unit"].pk, "kind": "year", "year": "2024"}),
    "org:user-create": (User, lambda w: {
        "username": "intruder", "password1": "Mật-khẩu-dài-2026", "password2":
        "Mật-khẩu-dài-2026", "unit": w["unit"].pk, "role": "viewer"}),
    "catalog:type-create": (EquipmentType, lambda w: {
        "symbol": "X-1", "name": "X", "branch": w["type"].branch_id, "uom": "chiếc",
        "tracking": "bulk", "owner_unit": w["unit"].pk}),
    "storage:facility-create": (Facility, lambda w: {
        "owner_unit": w["unit"].pk, "kind": FacilityKind.objects.first().pk, "code": "F-X",
        "name": "X"}),
    "movement-list": (Movement, lambda w: {
        "kind": "receipt", "source": "factory", "to_unit": w["unit"].pk,
        "effective_date": "2026-02-01",
        "lines": [{"type": w["type"].pk, "quantity": "1", "grade": 1,
                   "usage_group": w["org"].sscd.pk}]}),
    "period-close-list": (PeriodClose, lambda w: {"unit": w["unit"].pk, "kind": "year",
                                                  "year": 2024}),
    "authorized-strength-list": (AuthorizedStrength, lambda w: {
        "unit": w["unit"].pk, "type": w["type"].pk, "quantity": "3",
        "valid_from": "2026-01-01"}),
}
# Reference data is army-wide and edited by the system administrator only.
REFERENCE = {"catalog:reference-edit", "catalog:reference-create"}

APP_CASES = [import_module(f"kythuat.{app}.tests.scoping") for app in (
    "storage", "maintenance", "vehicles", "ammunition", "jobs", "imports", "stocktake", "documents",
    "reports", "directives", "targets", "indicators", "reviews", "commendations", "initiatives",
    "campaign", "people", "training", "reorg")]
for cases in APP_CASES:
    for table, extra in ((OBJECT, cases.OBJECT), (LIST, cases.LIST), (CREATE, cases.CREATE)):
        clash = set(table) & set(extra)
        assert not clash, f"Scoping cases given twice: {clash}"
        table.update(extra)
    REFERENCE |= cases.REFERENCE


# Routes that take an indicator's code: the code is public (the registry's definitions), the
# figures are not — GET with an outside unit answers 404, without one shows no marker.
CODE = {"dashboard:indicator-detail": "holdings.on_hand", "indicator-value": "holdings.on_hand",
        "indicator-records": "holdings.on_hand"}


def route_names() -> set[str]:
    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                prefix = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, prefix)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}{pattern.name}"

    return set(walk(get_resolver().url_patterns))


def test_every_route_has_a_scoping_case():
    known = set(PUBLIC) | set(OBJECT) | set(LIST) | set(CREATE) | REFERENCE | set(CODE)
    missing = sorted(n for n in route_names() if n not in known and
                     not n.startswith(ADMIN_PREFIX))
    assert not missing, f"Routes without a scoping test: {missing}"
    stale = sorted(known - route_names())
    assert not stale, f"Scoping cases for routes that no longer exist: {stale}"


@pytest.fixture
def world(org):
    """Lạng Sơn's records, all outside the tester's subtree (Cao Bằng)."""
    day = dt.date(2026, 1, 10)
    secret_type = catalog_services.equipment_type_create(
        actor=None, symbol="SECRET-A-TYPE", name="SECRET-A loại riêng", branch=org.rifle.branch,
        uom="chiếc", tracking="bulk", owner_unit=org.province_a)
    facility = storage_services.facility_create(
        actor=None, owner_unit=org.province_a, kind=FacilityKind.objects.get(code="kho"),
        code="SECRET-A-KHO", name="SECRET-A kho")
    org.rifles(org.province_a, "SECRET-A-001", day=day)
    org.bulk(org.province_a, org.ammo, 500, lot_number="SECRET-A-LOT", day=day)
    posted = services.movement_create(
        actor=None, kind="receipt", source="factory", to_unit=org.commune_a, effective_date=day,
        reason="SECRET-A lý do", lines=[LineSpec(type=secret_type, quantity=Decimal(2),
                                                 grade=1, usage_group=org.sscd)])
    services.movement_post(actor=None, movement=posted)
    draft = services.movement_create(
        actor=None, kind="receipt", source="factory", to_unit=org.province_a,
        effective_date=day, reason="SECRET-A nháp",
        lines=[LineSpec(type=org.fuel, quantity=Decimal(9), grade=1, usage_group=org.sscd)])
    strength = services.authorized_strength_set(
        actor=None, unit=org.province_a, type=org.rifle, quantity=Decimal(40),
        valid_from=dt.date(2020, 1, 1), decision_ref="SECRET-A QĐ")
    services.period_close(actor=None, unit=org.province_a, kind="year", year=2024)
    world = {
        "org": org, "tester": org.users["admin_b"], "unit": org.province_a,
        "user": org.users["clerk_a"], "item": Item.objects.get(serial="SECRET-A-001"),
        "lot": Lot.objects.get(lot_number="SECRET-A-LOT"), "movement": posted,
        "draft": draft, "type": secret_type, "facility": facility, "strength": strength,
    }
    for cases in APP_CASES:
        cases.extend_world(world)
    return world


def body_text(response) -> str:
    content_type = response.get("Content-Type", "")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in content_type:
        book = openpyxl.load_workbook(io.BytesIO(content))
        return "\n".join(str(cell) for sheet in book for row in sheet.iter_rows(values_only=True)
                         for cell in row if cell is not None)
    return content.decode("utf-8-sig", errors="replace")


def url_for(name: str, pk=None) -> str:
    return reverse(name, kwargs={"pk": pk} if pk is not None else None)


def assert_no_marker(name, response):
    text = body_text(response)
    leaked = [m for m in MARKERS if re.search(re.escape(m), text, re.IGNORECASE)]
    assert not leaked, f"{name} shows {leaked} to a user outside that subtree"


@pytest.mark.parametrize("name", sorted(OBJECT))
def test_object_outside_subtree_answers_404(client, world, name):
    client.force_login(world["tester"])
    url = url_for(name, world[OBJECT[name]].pk)
    counts = (Movement.objects.count(), Unit.objects.count(), User.objects.count())
    assert client.get(url).status_code in (404, 405), name
    assert client.post(url, {}).status_code in (404, 405), name
    assert client.get(url).status_code == 404 or client.post(url, {}).status_code == 404, name
    assert (Movement.objects.count(), Unit.objects.count(), User.objects.count()) == counts


@pytest.mark.parametrize("name", sorted(n for n, v in LIST.items() if not isinstance(v, str)))
def test_list_shows_nothing_outside_subtree(client, world, name):
    client.force_login(world["tester"])
    params = {k: v for k, v in (LIST[name] or {}).items() if k != "unit"}
    response = client.get(url_for(name), params)
    assert response.status_code == 200, (name, response.status_code)
    assert_no_marker(name, response)
    if (LIST[name] or {}).get("unit"):
        outside = client.get(url_for(name), {**params, "unit": world["unit"].pk})
        assert outside.status_code == 404, (name, outside.status_code)


@pytest.mark.parametrize("name", sorted(CODE))
def test_indicator_figures_show_nothing_outside_subtree(client, world, name):
    client.force_login(world["tester"])
    url = reverse(name, kwargs={"code": CODE[name]})
    response = client.get(url)
    assert response.status_code == 200, (name, response.status_code)
    assert_no_marker(name, response)
    assert client.get(url, {"unit": world["unit"].pk}).status_code == 404, name


@pytest.mark.parametrize("name", sorted(n for n, v in LIST.items() if isinstance(v, str)))
def test_reference_rows_are_army_wide(client, world, name):
    client.force_login(world["tester"])
    response = client.get(url_for(name, Branch.objects.first().pk if "branch" in name else 1))
    assert response.status_code == 200, name
    assert_no_marker(name, response)


@pytest.mark.parametrize("name", sorted(CREATE))
def test_create_naming_outside_records_creates_nothing(client, world, name):
    model, payload = CREATE[name]
    client.force_login(world["tester"])
    before = model.objects.count() if model else None
    data = payload(world)
    if ":" in name:
        response = client.post(url_for(name), data)
    else:
        response = client.post(url_for(name), data, content_type="application/json")
    assert response.status_code in (200, 400, 403, 404), (name, response.status_code)
    if model is not None:
        assert model.objects.count() == before, name


def test_reference_data_is_changed_only_by_the_system_administrator(client, world):
    client.force_login(world["tester"])
    branch = Branch.objects.first()
    create = reverse("catalog:reference-create", kwargs={"model": "branch"})
    edit = reverse("catalog:reference-edit", kwargs={"model": "branch", "pk": branch.pk})
    count = Branch.objects.count()
    assert client.post(create, {"code": "x", "name": "X"}).status_code in (403, 404)
    assert client.post(edit, {"code": branch.code, "name": "X"}).status_code in (403, 404)
    assert Branch.objects.count() == count
    branch.refresh_from_db()
    assert branch.name != "X"

import datetime as dt
from decimal import Decimal

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from kythuat.holdings import services
from kythuat.holdings.models import (
    AuthorizedStrength,
    Balance,
    Item,
    LedgerEntry,
    Movement,
    MovementLine,
    PeriodClose,
)
from kythuat.holdings.services import LineSpec

pytestmark = pytest.mark.django_db
DAY = "2026-03-02"


def client_for(user) -> APIClient:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_ACCEPT_LANGUAGE="vi")
    return client


def books() -> tuple:
    """Everything a refused request must leave as it was."""
    return (
        list(Movement.objects.values_list("pk", "status", "number").order_by("pk")),
        MovementLine.objects.count(),
        LedgerEntry.objects.count(),
        sorted(Balance.objects.values_list("key", "quantity")),
        sorted(Item.objects.values_list("serial", "unit_id", "status")),
    )


def assert_refused(response, status: int = 400) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"detail", "errors", "code"}
    assert body["detail"]
    if status == 400:
        assert body["code"] == "invalid"
        assert body["errors"]
    return body


def balance_rows(client, **params) -> dict:
    response = client.get("/api/v1/balances/", params)
    assert response.status_code == 200, response.content
    return {
        (row["type_symbol"], row["grade"]): Decimal(row["quantity"])
        for row in response.json()["results"]
    }


def receipt(org, *lines, to=None, day=DAY) -> dict:
    return {
        "kind": "receipt",
        "source": "higher_level",
        "effective_date": day,
        "to_unit": (to or org.province_a).pk,
        "lines": list(lines),
    }


def issue(org, *lines, day=DAY) -> dict:
    return {
        "kind": "issue",
        "from_unit": org.province_a.pk,
        "to_unit": org.commune_a.pk,
        "effective_date": day,
        "lines": list(lines),
    }


def rifle_line(org, serial: str) -> dict:
    return {"type": org.rifle.pk, "serial": serial, "grade": 1, "usage_group": org.sscd.pk}


def fuel_line(org, quantity) -> dict:
    return {"type": org.fuel.pk, "quantity": str(quantity), "grade": 1, "usage_group": org.sscd.pk}


def test_unauthenticated_request_gets_structured_401(org):
    response = APIClient(HTTP_ACCEPT_LANGUAGE="vi").get("/api/v1/items/")
    assert_refused(response, status=401)
    assert response.json()["code"] == "not_authenticated"


def test_draft_post_reverse_round_trip_moves_balances(org):
    client = client_for(org.users["officer_a"])
    created = client.post(
        "/api/v1/movements/",
        receipt(org, rifle_line(org, "AK-001"), rifle_line(org, "AK-002"), fuel_line(org, "120.5")),
        format="json",
    )
    assert created.status_code == 201, created.content
    draft = created.json()
    assert (draft["status"], draft["number"], len(draft["lines"])) == ("draft", "", 3)
    assert draft["created_by"] == "officer_a"
    assert balance_rows(client) == {}

    posted = client.post(f"/api/v1/movements/{draft['id']}/post/")
    assert posted.status_code == 200, posted.content
    assert posted.json()["status"] == "posted"
    assert posted.json()["posted_by"] == "officer_a"
    assert posted.json()["number"].endswith("/PN-2026")
    assert balance_rows(client) == {("AK-47", 1): 2, ("DẦU-DO", 1): Decimal("120.5")}

    reversed_ = client.post(
        f"/api/v1/movements/{draft['id']}/reverse/", {"reason": "Nhập nhầm"}, format="json"
    )
    assert reversed_.status_code == 201, reversed_.content
    assert reversed_.json()["reverses"] == draft["id"]
    assert balance_rows(client) == {}
    original = client.get(f"/api/v1/movements/{draft['id']}/").json()
    assert original["is_reversed"] is True
    assert original["reversed_by"] == reversed_.json()["id"]


def test_draft_can_be_replaced_and_deleted_but_posted_cannot_be_deleted(org):
    client = client_for(org.users["officer_a"])
    draft = client.post(
        "/api/v1/movements/", receipt(org, fuel_line(org, 10)), format="json"
    ).json()
    replaced = client.put(
        f"/api/v1/movements/{draft['id']}/",
        receipt(org, fuel_line(org, 25), fuel_line(org, 5)),
        format="json",
    )
    assert replaced.status_code == 200, replaced.content
    assert [line["quantity"] for line in replaced.json()["lines"]] == ["25.000", "5.000"]
    # Posting has its own URL; a POST to the document itself is not an action.
    assert client.post(f"/api/v1/movements/{draft['id']}/").status_code == 405
    assert client.patch(f"/api/v1/movements/{draft['id']}/", {}).status_code == 405
    assert client.delete(f"/api/v1/movements/{draft['id']}/").status_code == 204
    assert not Movement.objects.filter(pk=draft["id"]).exists()

    posted = org.bulk(org.province_a, org.fuel, 10)
    before = books()
    assert_refused(client.delete(f"/api/v1/movements/{posted.pk}/"))
    assert_refused(
        client.put(
            f"/api/v1/movements/{posted.pk}/", receipt(org, fuel_line(org, 1)), format="json"
        )
    )
    assert books() == before


def _setup_not_held(org) -> dict:
    org.rifles(org.commune_a, "AK-009")
    item = Item.objects.get(serial="AK-009")
    return issue(org, {"item": item.pk})


def _setup_item_twice(org) -> dict:
    org.rifles(org.province_a, "AK-001")
    item = Item.objects.get(serial="AK-001")
    return issue(org, {"item": item.pk}, {"item": item.pk})


def _setup_serial_taken(org) -> dict:
    org.rifles(org.province_a, "AK-001")
    return receipt(org, rifle_line(org, "ak-001"))


BAD_DRAFTS = {
    "zero quantity": lambda org: receipt(org, fuel_line(org, 0)),
    "negative quantity": lambda org: receipt(org, fuel_line(org, -5)),
    "out-of-scope unit": lambda org: receipt(org, fuel_line(org, 5), to=org.province_b),
    "out-of-scope type": lambda org: receipt(org, {**fuel_line(org, 5), "type": 999999}),
    "serial already registered": _setup_serial_taken,
    "item not held by the source unit": _setup_not_held,
    "item twice in one document": _setup_item_twice,
    "malformed date": lambda org: receipt(org, fuel_line(org, 5), day="2026-02-30"),
    "no lines": lambda org: receipt(org),
    "serial type as bare quantity": lambda org: issue(
        org, {"type": org.rifle.pk, "quantity": "3", "grade": 1, "usage_group": org.sscd.pk}
    ),
    "bulk line without quantity": lambda org: receipt(
        org, {"type": org.fuel.pk, "grade": 1, "usage_group": org.sscd.pk}
    ),
}


@pytest.mark.parametrize("case", BAD_DRAFTS)
def test_bad_draft_is_refused_and_changes_nothing(org, case):
    payload = BAD_DRAFTS[case](org)
    client = client_for(org.users["officer_a"])
    before = books()
    assert_refused(client.post("/api/v1/movements/", payload, format="json"))
    assert books() == before


def test_posting_twice_is_refused(org):
    movement = org.bulk(org.province_a, org.fuel, 10)
    client = client_for(org.users["officer_a"])
    before = books()
    body = assert_refused(client.post(f"/api/v1/movements/{movement.pk}/post/"))
    assert movement.number in body["detail"]
    assert books() == before


def test_reversing_a_draft_is_refused(org):
    draft = services.movement_create(
        actor=None,
        kind="receipt",
        source="other",
        to_unit=org.province_a,
        effective_date=dt.date(2026, 3, 2),
        lines=[LineSpec(type=org.fuel, quantity=Decimal(5), grade=1, usage_group=org.sscd)],
    )
    client = client_for(org.users["officer_a"])
    before = books()
    assert_refused(client.post(f"/api/v1/movements/{draft.pk}/reverse/", {}, format="json"))
    assert books() == before


def test_posting_into_a_closed_period_is_refused(org):
    client = client_for(org.users["officer_a"])
    closed = client.post(
        "/api/v1/period-closes/",
        {"unit": org.province_a.pk, "kind": "quarter", "year": 2026, "quarter": 1},
        format="json",
    )
    assert closed.status_code == 201, closed.content
    assert closed.json()["period_end"] == "2026-03-31"
    draft = client.post(
        "/api/v1/movements/", receipt(org, fuel_line(org, 5), day="2026-02-15"), format="json"
    ).json()
    before = books()
    body = assert_refused(client.post(f"/api/v1/movements/{draft['id']}/post/"))
    assert "effective_date" in body["errors"]
    assert books() == before


def test_clerk_may_draft_but_posting_is_forbidden(org):
    client = client_for(org.users["clerk_a"])
    draft = client.post("/api/v1/movements/", receipt(org, fuel_line(org, 5)), format="json")
    assert draft.status_code == 201
    before = books()
    assert_refused(client.post(f"/api/v1/movements/{draft.json()['id']}/post/"), status=403)
    assert books() == before


def test_lists_show_only_the_callers_subtree(org):
    org.rifles(org.province_a, "AK-001")
    org.rifles(org.commune_a, "AK-002")
    org.bulk(org.province_a, org.ammo, 500, lot_number="L-01")
    officer_a, officer_b = client_for(org.users["officer_a"]), client_for(org.users["officer_b"])

    def serials(client):
        return {row["serial"] for row in client.get("/api/v1/items/").json()["results"]}

    assert serials(officer_a) == {"AK-001", "AK-002"}
    assert serials(officer_b) == set()
    assert officer_b.get("/api/v1/movements/").json()["count"] == 0
    assert officer_a.get("/api/v1/movements/").json()["count"] == 3
    assert officer_b.get("/api/v1/lots/").json()["count"] == 0
    assert [lot["lot_number"] for lot in officer_a.get("/api/v1/lots/").json()["results"]] == [
        "L-01"
    ]
    assert balance_rows(officer_b) == {}
    assert balance_rows(officer_a)[("AK-47", 1)] == 2


def test_out_of_scope_objects_answer_404(org):
    movement = org.rifles(org.province_a, "AK-001")
    item = Item.objects.get(serial="AK-001")
    client = client_for(org.users["officer_b"])
    for url in [
        f"/api/v1/items/{item.pk}/",
        f"/api/v1/items/{item.pk}/history/",
        f"/api/v1/movements/{movement.pk}/",
        f"/api/v1/balances/?unit={org.province_a.pk}",
        f"/api/v1/reports/period/?unit={org.province_a.pk}&start=2026-01-01&end=2026-03-31",
    ]:
        assert_refused(client.get(url), status=404)
    before = books()
    assert_refused(
        client.post(f"/api/v1/movements/{movement.pk}/reverse/", {}, format="json"), status=404
    )
    assert books() == before


def test_item_filters_history_and_state(org):
    org.rifles(org.province_a, "AK-001", day=dt.date(2026, 1, 10))
    item = Item.objects.get(serial="AK-001")
    services.movement_post(
        actor=None,
        movement=services.movement_create(
            actor=None,
            kind="issue",
            from_unit=org.province_a,
            to_unit=org.commune_a,
            effective_date=dt.date(2026, 2, 1),
            lines=[LineSpec(type=org.rifle, item=item)],
        ),
    )
    client = client_for(org.users["officer_a"])
    listed = client.get("/api/v1/items/", {"unit": org.commune_a.pk, "q": "ak-001"}).json()
    assert [row["id"] for row in listed["results"]] == [item.pk]
    history = client.get(f"/api/v1/items/{item.pk}/history/").json()
    assert [(e["kind"], e["unit"]) for e in history] == [
        ("receipt", org.province_a.pk),
        ("issue", org.province_a.pk),
        ("issue", org.commune_a.pk),
    ]

    def state(day):
        return client.get(f"/api/v1/items/{item.pk}/state/", {"as_of": day})

    assert state("2026-01-05").json()["held"] is False
    assert state("2026-01-20").json()["unit_name"] == org.province_a.name
    assert state("2026-02-01").json()["unit_name"] == org.commune_a.name
    assert_refused(state("05-01-2026"))


def test_written_off_item_keeps_its_detail_but_leaves_the_default_list(org):
    org.rifles(org.province_a, "AK-001")
    item = Item.objects.get(serial="AK-001")
    movement = services.movement_create(
        actor=None,
        kind="write_off",
        from_unit=org.province_a,
        effective_date=dt.date(2026, 3, 1),
        lines=[LineSpec(type=org.rifle, item=item)],
    )
    services.movement_post(actor=None, movement=movement)
    client = client_for(org.users["officer_a"])
    assert client.get("/api/v1/items/").json()["count"] == 0
    listed = client.get("/api/v1/items/", {"status": "written_off"}).json()["results"]
    assert [row["id"] for row in listed] == [item.pk]
    assert client.get(f"/api/v1/items/{item.pk}/").json()["status"] == "written_off"


def test_balances_as_of_and_group_by(org):
    org.bulk(org.province_a, org.fuel, 100, day=dt.date(2026, 1, 10))
    org.bulk(org.province_a, org.fuel, 50, grade=2, day=dt.date(2026, 2, 10))
    client = client_for(org.users["officer_hq"])
    assert balance_rows(client, as_of="2026-01-31") == {("DẦU-DO", 1): 100}
    assert balance_rows(client) == {("DẦU-DO", 1): 100, ("DẦU-DO", 2): 50}
    by_unit = client.get("/api/v1/balances/", {"group_by": "unit,type"}).json()["results"]
    assert [(row["unit_name"], row["quantity"]) for row in by_unit] == [
        (org.province_a.name, "150.000")
    ]
    assert "grade" not in by_unit[0]
    assert_refused(client.get("/api/v1/balances/", {"group_by": "type,colour"}))
    assert_refused(client.get("/api/v1/balances/", {"as_of": "2026-13-01"}))


def test_period_report_opening_plus_increases_minus_decreases_is_closing(org):
    org.bulk(org.province_a, org.fuel, 100, day=dt.date(2026, 1, 10))
    org.bulk(org.province_a, org.fuel, 50, day=dt.date(2026, 2, 10))
    org.rifles(org.province_a, "AK-001", "AK-002", day=dt.date(2026, 2, 11))
    for kind, to_unit, quantity in (("issue", org.commune_a, 30), ("consumption", None, 20)):
        services.movement_post(
            actor=None,
            movement=services.movement_create(
                actor=None,
                kind=kind,
                from_unit=org.province_a,
                to_unit=to_unit,
                effective_date=dt.date(2026, 3, 1),
                lines=[
                    LineSpec(
                        type=org.fuel, quantity=Decimal(quantity), grade=1, usage_group=org.sscd
                    )
                ],
            ),
        )
    client = client_for(org.users["officer_a"])
    response = client.get("/api/v1/reports/period/", {"start": "2026-02-01", "end": "2026-03-31"})
    assert response.status_code == 200, response.content
    report = response.json()
    assert report["unit"] == org.province_a.pk
    rows = {row["type_symbol"]: row for row in report["rows"]}
    fuel = rows["DẦU-DO"]
    assert (fuel["opening"], fuel["closing"]) == ("100.000", "130.000")
    # The issue to the province's own commune stays inside the subtree.
    assert fuel["increases"] == {"receipt": "50.000"}
    assert fuel["decreases"] == {"consumption": "20.000"}
    assert (rows["AK-47"]["opening"], rows["AK-47"]["closing"]) == ("0.000", "2.000")
    # Totals per unit of measure: litres and rifles are never added together.
    assert {total["uom"]: total["closing"] for total in report["totals"]} == {
        org.fuel.uom: "130.000", org.rifle.uom: "2.000"}
    for row in [*report["rows"], *report["totals"]]:
        increase = Decimal(row.get("total_increase") or row.get("increase"))
        decrease = Decimal(row.get("total_decrease") or row.get("decrease"))
        assert Decimal(row["opening"]) + increase - decrease == Decimal(row["closing"])
    assert [kind["kind"] for kind in report["decrease_kinds"]] == ["consumption"]
    assert_refused(
        client.get("/api/v1/reports/period/", {"start": "2026-04-01", "end": "2026-03-31"})
    )


def test_period_closes_are_listed_within_the_subtree(org):
    services.period_close(actor=None, unit=org.province_a, kind="year", year=2025)
    assert client_for(org.users["officer_a"]).get("/api/v1/period-closes/").json()["count"] == 1
    assert client_for(org.users["officer_b"]).get("/api/v1/period-closes/").json()["count"] == 0
    before = PeriodClose.objects.count()
    response = client_for(org.users["officer_b"]).post(
        "/api/v1/period-closes/",
        {"unit": org.province_a.pk, "kind": "year", "year": 2024},
        format="json",
    )
    assert_refused(response)
    assert PeriodClose.objects.count() == before


def test_authorized_strength_is_set_and_listed_by_unit(org):
    client = client_for(org.users["officer_a"])
    created = client.post(
        "/api/v1/authorized-strengths/",
        {
            "unit": org.commune_a.pk,
            "type": org.rifle.pk,
            "quantity": "12",
            "valid_from": "2026-01-01",
            "decision_ref": "QĐ 15/2026",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["quantity"] == "12.000"
    listed = client.get("/api/v1/authorized-strengths/", {"unit": org.commune_a.pk}).json()
    assert [row["id"] for row in listed["results"]] == [created.json()["id"]]
    assert (
        client_for(org.users["officer_b"]).get("/api/v1/authorized-strengths/").json()["count"] == 0
    )
    for bad in ({"quantity": "-1"}, {"unit": org.province_b.pk}, {"quantity": "abc"}):
        payload = {"unit": org.commune_a.pk, "type": org.rifle.pk, "quantity": "3", **bad}
        assert_refused(client.post("/api/v1/authorized-strengths/", payload, format="json"))
    assert AuthorizedStrength.objects.count() == 1


def test_lists_keep_a_fixed_number_of_queries(org, django_assert_max_num_queries):
    org.rifles(org.province_a, *[f"AK-{n:03d}" for n in range(20)])
    for n in range(5):
        org.bulk(org.province_a, org.fuel, 10 + n)
    client = client_for(org.users["officer_a"])
    client.get("/api/v1/units/")  # a token's use is written at most once a minute
    with django_assert_max_num_queries(6):  # token, unit, count, page, reversals, lines
        assert client.get("/api/v1/movements/").json()["count"] == 6
    with django_assert_max_num_queries(4):  # token, unit, count, page
        assert client.get("/api/v1/items/").json()["count"] == 20

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from kythuat.audit.models import AuditEvent
from kythuat.holdings import services as holdings
from kythuat.storage import services
from kythuat.storage.models import Facility, FacilityKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def depot_b(org):
    return services.facility_create(
        actor=None,
        owner_unit=org.province_b,
        kind=FacilityKind.objects.get(code="kho"),
        code="K45",
        name="Kho K45 Cao Bằng",
        location="Hòa An",
    )


def codes(response) -> set[str]:
    return {facility.code for facility in response.context["page"].object_list}


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("officer_hq", {"K19", "K45"}),
        ("viewer_a", {"K19"}),
        ("officer_b", {"K45"}),
        ("clerk_commune", set()),
    ],
)
def test_facility_list_is_scoped(client, org, depot_b, persona, expected):
    client.force_login(org.users[persona])
    assert codes(client.get(reverse("storage:facility-list"))) == expected


def test_facility_search_and_filters(client, org, depot_b):
    client.force_login(org.users["officer_hq"])
    url = reverse("storage:facility-list")
    assert codes(client.get(url, {"q": "hoa an"})) == {"K45"}
    assert codes(client.get(url, {"unit": org.province_a.pk})) == {"K19"}
    tu_sung = FacilityKind.objects.get(code="tu-sung")
    assert codes(client.get(url, {"kind": tu_sung.pk})) == set()
    response = client.get(url, {"status": "in_use"}, headers={"HX-Request": "true"})
    assertTemplateUsed(response, "storage/_facility_rows.html")
    assert codes(response) == {"K19", "K45"}


def test_facility_list_ignores_a_unit_outside_the_subtree(client, org, depot_b):
    client.force_login(org.users["officer_b"])
    response = client.get(reverse("storage:facility-list"), {"unit": org.province_a.pk})
    assert codes(response) == {"K45"}
    assertNotContains(response, "Kho K19")


def test_facility_embed_for_the_unit_page(client, org, depot_b):
    client.force_login(org.users["viewer_a"])
    response = client.get(
        reverse("storage:facility-list"),
        {"unit": org.province_a.pk, "embed": "1"},
        headers={"HX-Request": "true"},
    )
    assertTemplateUsed(response, "storage/_facility_embed.html")
    assertContains(response, "Kho K19")
    assert response.context["create_url"] == ""  # a viewer adds nothing


def test_facility_detail_outside_the_subtree_is_404(client, org, depot_b):
    client.force_login(org.users["officer_a"])
    assert client.get(reverse("storage:facility-detail", args=[depot_b.pk])).status_code == 404
    response = client.post(
        reverse("storage:facility-edit", args=[depot_b.pk]),
        {"code": "K45", "name": "Đổi", "kind": depot_b.kind_id},
    )
    assert response.status_code == 404
    depot_b.refresh_from_db()
    assert depot_b.name == "Kho K45 Cao Bằng"


def test_facility_detail_lists_what_is_held_there(client, org):
    movement = holdings.movement_create(
        actor=None,
        kind="receipt",
        source="higher_level",
        to_unit=org.province_a,
        to_facility=org.depot_a,
        effective_date=dt.date(2026, 1, 10),
        lines=[
            holdings.LineSpec(
                type=org.fuel, quantity=Decimal("1500.5"), grade=2, usage_group=org.sscd
            )
        ],
    )
    holdings.movement_post(actor=None, movement=movement)
    org.bulk(org.province_a, org.fuel, 99)  # held by the province, not in the depot
    client.force_login(org.users["viewer_a"])
    response = client.get(reverse("storage:facility-detail", args=[org.depot_a.pk]))
    rows = list(response.context["page"].object_list)
    assert [(r["type__symbol"], r["grade"], r["total"]) for r in rows] == [
        ("DẦU-DO", 2, Decimal("1500.5"))
    ]
    assertNotContains(response, reverse("storage:facility-edit", args=[org.depot_a.pk]))


def test_officer_adds_a_facility(client, org):
    client.force_login(org.users["officer_a"])
    assertContains(client.get(reverse("storage:facility-list")), reverse("storage:facility-create"))
    response = client.post(
        reverse("storage:facility-create"),
        {
            "owner_unit": org.commune_a.pk,
            "kind": FacilityKind.objects.get(code="tu-sung").pk,
            "code": "TS-HL-01",
            "name": "Tủ súng xã Hữu Lũng",
            "location": "Trụ sở xã",
        },
    )
    facility = Facility.objects.get(code="TS-HL-01")
    assert response.status_code == 302
    assert response.url == facility.get_absolute_url()
    assert facility.owner_unit == org.commune_a
    assert AuditEvent.objects.filter(
        target_type="storage.facility", target_id=str(facility.pk)
    ).exists()


def test_officer_cannot_add_a_facility_for_another_subtree(client, org):
    client.force_login(org.users["officer_a"])
    response = client.post(
        reverse("storage:facility-create"),
        {
            "owner_unit": org.province_b.pk,
            "kind": FacilityKind.objects.first().pk,
            "code": "X-1",
            "name": "X",
        },
    )
    assert "owner_unit" in response.context["form"].errors
    assert not Facility.objects.filter(code="X-1").exists()


def test_duplicate_facility_code_is_refused(client, org):
    client.force_login(org.users["officer_a"])
    response = client.post(
        reverse("storage:facility-create"),
        {
            "owner_unit": org.province_a.pk,
            "kind": FacilityKind.objects.first().pk,
            "code": "k19",
            "name": "Trùng",
        },
    )
    assert "code" in response.context["form"].errors
    assert not Facility.objects.filter(name="Trùng").exists()


@pytest.mark.parametrize("persona", ["viewer_a", "clerk_a"])
def test_below_officer_sees_no_buttons_and_posts_are_refused(client, org, persona):
    client.force_login(org.users[persona])
    assertNotContains(
        client.get(reverse("storage:facility-list")), reverse("storage:facility-create")
    )
    response = client.post(
        reverse("storage:facility-create"),
        {
            "owner_unit": org.province_a.pk,
            "kind": FacilityKind.objects.first().pk,
            "code": "X-2",
            "name": "X",
        },
    )
    assert response.status_code == 403
    response = client.post(
        reverse("storage:facility-edit", args=[org.depot_a.pk]),
        {"code": "K19", "name": "Đổi tên", "kind": org.depot_a.kind_id, "status": "in_use"},
    )
    assert response.status_code == 403
    assert not Facility.objects.filter(code="X-2").exists()
    org.depot_a.refresh_from_db()
    assert org.depot_a.name == "Kho K19"


def test_officer_edits_a_facility(client, org):
    client.force_login(org.users["officer_a"])
    response = client.post(
        reverse("storage:facility-edit", args=[org.depot_a.pk]),
        {
            "code": "K19",
            "name": "Kho K19",
            "kind": org.depot_a.kind_id,
            "location": "Cao Lộc",
            "status": "decommissioned",
        },
    )
    assert response.status_code == 302
    org.depot_a.refresh_from_db()
    assert (org.depot_a.location, org.depot_a.status) == ("Cao Lộc", "decommissioned")
    event = AuditEvent.objects.get(target_type="storage.facility", action="changed")
    assert event.changes["status"] == ["in_use", "decommissioned"]

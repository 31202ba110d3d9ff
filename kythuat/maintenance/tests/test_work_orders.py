"""Work orders: the echelon rule, items in repair, parts and grade changes through the ledger,
and bad input refused with nothing changed."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kythuat.audit.models import AuditEvent
from kythuat.holdings import services as ledger
from kythuat.holdings.choices import ItemStatus, MovementKind
from kythuat.holdings.models import Balance, Movement
from kythuat.maintenance import services
from kythuat.maintenance.models import ServiceRecord, WorkOrder

from .conftest import trucks

pytestmark = pytest.mark.django_db


def _repair(org, shop, items, *, level=None, facility=None, actor=None, day=None):
    return services.work_order_open(
        actor=actor, unit=org.province_a, facility=facility or shop.station, category="repair",
        repair_level=level or shop.minor, opened_on=day or shop.today - dt.timedelta(days=5),
        lines=[services.WorkLine(type=shop.truck, item=item) for item in items])


def _parts_on_hand(org, shop, unit=None):
    return sum(b.quantity for b in Balance.objects.filter(unit=unit or org.province_a,
                                                          type=shop.part))


def test_opening_a_repair_puts_the_items_in_repair_and_closing_returns_them(org, shop):
    (truck,) = trucks(org, shop, "T-1", day=shop.today - dt.timedelta(days=30))
    order = _repair(org, shop, [truck], actor=org.users["officer_a"])
    truck.refresh_from_db()
    assert truck.status == ItemStatus.IN_REPAIR
    assert order.number.endswith(f"PCV-{shop.today.year}")
    assert AuditEvent.objects.filter(target_type="holdings.item", target_id=str(truck.pk),
                                     changes__status=["in_service", "in_repair"]).exists()
    services.work_order_close(actor=org.users["officer_a"], work_order=order,
                              closed_on=shop.today, labour_hours=Decimal("12.5"),
                              cost=Decimal(3500000), result="Thay má phanh")
    truck.refresh_from_db()
    order.refresh_from_db()
    assert truck.status == ItemStatus.IN_SERVICE
    assert order.status == WorkOrder.Status.CLOSED
    assert order.cost == 3500000
    assert order.closed_by == org.users["officer_a"]


def test_an_item_in_repair_cannot_be_transferred(org, shop):
    (truck,) = trucks(org, shop, "T-1", day=shop.today - dt.timedelta(days=30))
    order = _repair(org, shop, [truck])
    with pytest.raises(ValidationError, match=order.number):
        ledger.movement_create(actor=None, kind="transfer", from_unit=org.province_a,
                               to_unit=org.province_b, effective_date=shop.today,
                               lines=[ledger.LineSpec(type=shop.truck, item=truck)])
    with pytest.raises(ValidationError, match="T-1"):
        _repair(org, shop, [truck])  # already in an open work order


def test_closing_with_a_better_grade_posts_a_grade_change(org, shop):
    (truck,) = trucks(org, shop, "T-1", grade=3, day=shop.today - dt.timedelta(days=30))
    order = _repair(org, shop, [truck])
    line = order.lines.get()
    services.work_order_close(actor=None, work_order=order, closed_on=shop.today,
                              grades={line.pk: 2})
    truck.refresh_from_db()
    line.refresh_from_db()
    assert truck.grade == 2
    assert line.grade_before == 3
    assert line.grade_after == 2
    document = line.grade_change
    assert document.kind == MovementKind.GRADE_CHANGE
    assert document.status == "posted"
    assert document.effective_date == shop.today
    assert order.number in document.reason
    grades = {b.grade: b.quantity for b in Balance.objects.filter(unit=org.province_a,
                                                                  type=shop.truck)}
    assert grades == {3: 0, 2: 1}


def test_unchanged_grade_posts_no_document(org, shop):
    (truck,) = trucks(org, shop, "T-1", grade=2, day=shop.today - dt.timedelta(days=30))
    order = _repair(org, shop, [truck])
    before = Movement.objects.count()
    services.work_order_close(actor=None, work_order=order, closed_on=shop.today,
                              grades={order.lines.get().pk: 2})
    assert Movement.objects.count() == before


def test_parts_are_consumed_from_the_facility_units_stock(org, shop):
    org.bulk(org.province_a, shop.part, 10, day=shop.today - dt.timedelta(days=40))
    (truck,) = trucks(org, shop, "T-1", day=shop.today - dt.timedelta(days=30))
    order = _repair(org, shop, [truck])
    services.work_order_close(
        actor=org.users["officer_a"], work_order=order, closed_on=shop.today,
        parts=[services.PartSpec(type=shop.part, quantity=Decimal(4), grade=1,
                                 usage_group=org.sscd)])
    order.refresh_from_db()
    assert _parts_on_hand(org, shop) == 6
    assert order.consumption.kind == MovementKind.CONSUMPTION
    assert order.consumption.status == "posted"
    assert order.parts.get().quantity == 4


def test_parts_not_in_stock_change_nothing(org, shop):
    org.bulk(org.province_a, shop.part, 2, day=shop.today - dt.timedelta(days=40))
    (truck,) = trucks(org, shop, "T-1", grade=3, day=shop.today - dt.timedelta(days=30))
    order = _repair(org, shop, [truck])
    movements = Movement.objects.count()
    with pytest.raises(ValidationError, match="Không đủ"):
        services.work_order_close(
            actor=None, work_order=order, closed_on=shop.today,
            grades={order.lines.get().pk: 2},
            parts=[services.PartSpec(type=shop.part, quantity=Decimal(5), grade=1,
                                     usage_group=org.sscd)])
    order.refresh_from_db()
    truck.refresh_from_db()
    assert order.status == "open"
    assert truck.status == "in_repair"
    assert truck.grade == 3
    assert _parts_on_hand(org, shop) == 2
    assert Movement.objects.count() == movements


def test_repair_level_above_the_facility_echelon_is_refused(org, shop):
    (truck,) = trucks(org, shop, "T-1", day=shop.today - dt.timedelta(days=30))
    with pytest.raises(ValidationError, match="sửa chữa lớn") as error:
        _repair(org, shop, [truck], level=shop.major)
    assert "repair_level" in error.value.message_dict
    truck.refresh_from_db()
    assert WorkOrder.objects.count() == 0
    assert truck.status == "in_service"
    # the province's station may do a medium repair, the region's workshop a major one
    _repair(org, shop, [truck], level=shop.medium).delete()
    assert _repair(org, shop, [truck], level=shop.major, facility=shop.workshop).pk


def test_echelon_rule_is_data(org, shop):
    (truck,) = trucks(org, shop, "T-1", day=shop.today - dt.timedelta(days=30))
    shop.major.allowed_facility_kinds.add(shop.station.kind)
    shop.major.allowed_unit_kinds.add(org.province_a.kind)
    assert _repair(org, shop, [truck], level=shop.major).repair_level == shop.major


@pytest.mark.parametrize(("field", "kwargs", "message"), [
    ("closed_on", {"closed_on": "before"}, "trước ngày mở"),
    ("labour_hours", {"labour_hours": Decimal(-1)}, "không được âm"),
    ("cost", {"cost": Decimal(-5)}, "không được âm"),
    ("closed_on", {"closed_on": "future"}, "tương lai"),
])
def test_bad_closing_input_is_refused(org, shop, field, kwargs, message):
    (truck,) = trucks(org, shop, "T-1", day=shop.today - dt.timedelta(days=30))
    order = _repair(org, shop, [truck], day=shop.today - dt.timedelta(days=5))
    days = {"before": shop.today - dt.timedelta(days=6), "future": shop.today
            + dt.timedelta(days=1)}
    values = {"closed_on": shop.today, **kwargs}
    values["closed_on"] = days.get(values["closed_on"], values["closed_on"])
    with pytest.raises(ValidationError, match=message) as error:
        services.work_order_close(actor=None, work_order=order, **values)
    assert field in error.value.message_dict
    order.refresh_from_db()
    truck.refresh_from_db()
    assert order.status == "open"
    assert truck.status == "in_repair"


def test_maintenance_order_records_the_service(org, shop):
    (truck,) = trucks(org, shop, "T-1", day=shop.today - dt.timedelta(days=30))
    order = services.work_order_open(
        actor=None, unit=org.province_a, facility=shop.station, category="maintenance",
        maintenance_kind=shop.bd2, opened_on=shop.today - dt.timedelta(days=2),
        lines=[services.WorkLine(type=shop.truck, item=truck)])
    truck.refresh_from_db()
    assert truck.status == "in_service"  # maintenance does not take it out of service
    services.work_order_close(actor=None, work_order=order, closed_on=shop.today)
    done = dict(ServiceRecord.objects.filter(item=truck).values_list("kind__code", "done_on"))
    assert done == {"bd-cap-2": shop.today, "bd-cap-1": shop.today, "bao-quan": shop.today}


def test_bulk_quantity_line_regrades_the_balance(org, shop):
    org.bulk(org.province_a, shop.part, 10, grade=3, day=shop.today - dt.timedelta(days=40))
    order = services.work_order_open(
        actor=None, unit=org.province_a, facility=shop.station, category="repair",
        repair_level=shop.minor, opened_on=shop.today - dt.timedelta(days=1),
        lines=[services.WorkLine(type=shop.part, quantity=Decimal(4), grade=3,
                                 usage_group=org.sscd)])
    services.work_order_close(actor=None, work_order=order, closed_on=shop.today,
                              grades={order.lines.get().pk: 1})
    grades = {b.grade: b.quantity for b in Balance.objects.filter(type=shop.part)}
    assert grades == {3: 6, 1: 4}


def test_bulk_line_above_the_stock_is_refused(org, shop):
    org.bulk(org.province_a, shop.part, 3, grade=3, day=shop.today - dt.timedelta(days=40))
    with pytest.raises(ValidationError, match="chỉ có 3"):
        services.work_order_open(
            actor=None, unit=org.province_a, facility=shop.station, category="repair",
            repair_level=shop.minor, opened_on=shop.today,
            lines=[services.WorkLine(type=shop.part, quantity=Decimal(4), grade=3,
                                     usage_group=org.sscd)])


def test_outsiders_and_viewers_may_not_open_or_close(org, shop):
    (truck,) = trucks(org, shop, "T-1", day=shop.today - dt.timedelta(days=30))
    for persona in ("viewer_a", "officer_b"):
        with pytest.raises(PermissionDenied):
            _repair(org, shop, [truck], actor=org.users[persona])
    order = _repair(org, shop, [truck], actor=org.users["clerk_a"])
    with pytest.raises(PermissionDenied):
        services.work_order_close(actor=org.users["clerk_a"], work_order=order,
                                  closed_on=shop.today)


def test_facility_of_another_province_is_refused(org, shop):
    from kythuat.storage.models import Facility, FacilityKind

    other = Facility.objects.create(owner_unit=org.province_b, kind=FacilityKind.objects.get(
        code="tram"), code="TSC-CB", name="Trạm Cao Bằng")
    (truck,) = trucks(org, shop, "T-1", day=shop.today - dt.timedelta(days=30))
    with pytest.raises(ValidationError, match="trạm, xưởng của"):
        _repair(org, shop, [truck], actor=org.users["officer_a"], facility=other)


def test_the_system_administrator_edits_the_echelon_rule_on_the_reference_screen(
        client, org, shop, django_user_model):
    from django.urls import reverse

    (truck,) = trucks(org, shop, "T-1", day=shop.today - dt.timedelta(days=30))
    with pytest.raises(ValidationError, match="sửa chữa lớn"):
        _repair(org, shop, [truck], level=shop.major)
    url = reverse("catalog:reference-edit", kwargs={"model": "repair-level", "pk": shop.major.pk})
    data = {"code": shop.major.code, "name": shop.major.name, "order": shop.major.order,
            "allowed_facility_kinds": [k.pk for k in shop.major.allowed_facility_kinds.all()]
            + [shop.station.kind.pk],
            "allowed_unit_kinds": [k.pk for k in shop.major.allowed_unit_kinds.all()]
            + [org.province_a.kind.pk], "is_active": "on"}
    client.force_login(org.users["admin_hq"])  # a unit administrator may not
    assert client.post(url, data).status_code in (403, 404)
    assert shop.station.kind not in shop.major.allowed_facility_kinds.all()
    client.force_login(django_user_model.objects.create_superuser("root", "", "x"))
    page = client.get(reverse("catalog:reference")).content.decode()
    assert "Cấp sửa chữa và nơi được làm" in page
    assert client.post(url, data).status_code == 302
    assert shop.station.kind in shop.major.allowed_facility_kinds.all()
    assert _repair(org, shop, [truck], level=shop.major).repair_level == shop.major
    changes = AuditEvent.objects.filter(action=AuditEvent.Action.CHANGED,
                                        target_id=str(shop.major.pk)).values_list("changes",
                                                                                  flat=True)
    assert any("allowed_facility_kinds" in change for change in changes)


def test_a_new_maintenance_kind_is_added_with_the_kinds_it_covers(client, shop,
                                                                   django_user_model):
    from django.urls import reverse

    from kythuat.maintenance.models import MaintenanceKind

    client.force_login(django_user_model.objects.create_superuser("root", "", "x"))
    url = reverse("catalog:reference-create", kwargs={"model": "maintenance-kind"})
    response = client.post(url, {"code": "bd-cap-3", "name": "Bảo dưỡng cấp 3", "order": 40,
                                 "covers": [shop.bd2.pk, shop.bd1.pk], "is_active": "on"})
    assert response.status_code == 302
    level3 = MaintenanceKind.objects.get(code="bd-cap-3")
    assert set(level3.covers.all()) == {shop.bd1, shop.bd2}

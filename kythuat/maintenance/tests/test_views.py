import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kythuat.holdings.models import Movement
from kythuat.maintenance import services
from kythuat.maintenance.models import CalendarEntry, MaintenancePlan, WorkOrder

from .conftest import read, trucks

pytestmark = pytest.mark.django_db


@pytest.fixture
def due(org, shop):
    services.plan_create(actor=None, type=shop.truck, kind=shop.bd1, interval_days=90,
                         meter_kind=shop.km, interval_meter=Decimal(5000))
    a, b = trucks(org, shop, "ZL-001", "ZL-002", day=shop.today - dt.timedelta(days=100))
    trucks(org, shop, "ZL-900", day=shop.today - dt.timedelta(days=100), unit=org.province_b)
    read(a, shop.km, shop.today, 100)
    return a, b


def test_due_list_shows_the_subtree_only(client, org, shop, due):
    client.force_login(org.users["viewer_a"])
    response = client.get(reverse("maintenance:due-list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "ZL-001" in body
    assert "ZL-002" in body
    assert "ZL-900" not in body
    assert "quá hạn" in body


def test_due_list_htmx_answers_rows_and_filters(client, org, shop, due):
    client.force_login(org.users["viewer_a"])
    response = client.get(reverse("maintenance:due-list"), {"q": "002"},
                          headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body
    assert "ZL-002" in body
    assert "ZL-001" not in body


def test_due_list_of_an_outside_unit_is_404(client, org, shop, due):
    client.force_login(org.users["officer_a"])
    response = client.get(reverse("maintenance:due-list"), {"unit": org.province_b.pk})
    assert response.status_code == 404


def test_due_export_is_the_filtered_list(client, org, shop, due):
    client.force_login(org.users["officer_a"])
    response = client.get(reverse("maintenance:due-export"), {"q": "001"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    serials = [row[3] for row in sheet.iter_rows(values_only=True) if row[3]]
    assert "ZL-001" in serials
    assert "ZL-002" not in serials
    assert "ZL-900" not in serials


def test_item_panel_shows_meters_and_next_due(client, org, shop, due):
    client.force_login(org.users["viewer_a"])
    body = client.get(reverse("maintenance:item-panel", args=[due[0].pk])).content.decode()
    assert shop.bd1.name in body
    assert "100" in body
    assert "Mở phiếu công việc" not in body
    item_page = client.get(reverse("holdings:item-detail", args=[due[0].pk])).content.decode()
    assert reverse("maintenance:item-panel", args=[due[0].pk]) in item_page


def test_officer_opens_and_closes_a_repair_through_the_screens(client, org, shop, due):
    item = due[1]
    client.force_login(org.users["officer_a"])
    form = client.get(reverse("maintenance:work-order-create"), {"item": item.pk})
    assert "ZL-002" in form.content.decode()
    response = client.post(reverse("maintenance:work-order-create"), {
        "unit": org.province_a.pk, "category": "repair", "repair_level": shop.minor.pk,
        "facility": shop.station.pk, "opened_on": shop.today.strftime("%d/%m/%Y"),
        "type": shop.truck.pk, "serials": "ZL-002", "description": "Hỏng hộp số"})
    order = WorkOrder.objects.get()
    assert response.status_code == 302
    assert response.url == order.get_absolute_url()
    item.refresh_from_db()
    assert item.status == "in_repair"
    line = order.lines.get()
    response = client.post(reverse("maintenance:work-order-close", args=[order.pk]), {
        "closed_on": shop.today.strftime("%d/%m/%Y"), "labour_hours": "8,5",
        "cost": "1200000", "result": "Đã thay hộp số", f"grade_{line.pk}": "2",
        "parts-TOTAL_FORMS": "3", "parts-INITIAL_FORMS": "0"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "in_service"
    assert item.grade == 2
    assert Movement.objects.filter(kind="grade_change").count() == 1
    body = client.get(order.get_absolute_url()).content.decode()
    assert Movement.objects.get(kind="grade_change").number in body


def test_wrong_echelon_shows_the_message_under_the_field(client, org, shop, due):
    client.force_login(org.users["officer_a"])
    response = client.post(reverse("maintenance:work-order-create"), {
        "unit": org.province_a.pk, "category": "repair", "repair_level": shop.major.pk,
        "facility": shop.station.pk, "opened_on": shop.today.strftime("%d/%m/%Y"),
        "type": shop.truck.pk, "serials": "ZL-002"})
    assert response.status_code == 200
    assert "không được làm sửa chữa lớn" in response.content.decode()
    assert WorkOrder.objects.count() == 0


def test_unknown_serial_is_reported(client, org, shop, due):
    client.force_login(org.users["officer_a"])
    response = client.post(reverse("maintenance:work-order-create"), {
        "unit": org.province_a.pk, "category": "repair", "repair_level": shop.minor.pk,
        "facility": shop.station.pk, "opened_on": shop.today.strftime("%d/%m/%Y"),
        "type": shop.truck.pk, "serials": "ZL-900"})
    assert "ZL-900" in response.content.decode()
    assert WorkOrder.objects.count() == 0


def test_work_order_list_and_export(client, org, shop, due):
    services.work_order_open(actor=None, unit=org.province_a, facility=shop.station,
                             category="repair", repair_level=shop.minor, opened_on=shop.today,
                             lines=[services.WorkLine(type=shop.truck, item=due[0])])
    client.force_login(org.users["viewer_a"])
    body = client.get(reverse("maintenance:work-order-list")).content.decode()
    assert f"PCV-{shop.today.year}" in body
    client.force_login(org.users["officer_b"])
    assert f"PCV-{shop.today.year}" not in client.get(
        reverse("maintenance:work-order-list")).content.decode()
    response = client.get(reverse("maintenance:work-order-export"))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert not any(f"PCV-{shop.today.year}" in str(c) for row in sheet.iter_rows(values_only=True)
                   for c in row)


def test_meter_reading_screen_refuses_a_backward_reading(client, org, shop, due):
    client.force_login(org.users["clerk_a"])
    url = reverse("maintenance:meter-reading-create", args=[due[0].pk])
    response = client.post(url, {"kind": shop.km.pk, "read_on": shop.today.strftime("%d/%m/%Y"),
                                 "value": "50"})
    assert response.status_code == 200
    assert "thấp hơn" in response.content.decode()
    response = client.post(url, {"kind": shop.km.pk, "read_on": shop.today.strftime("%d/%m/%Y"),
                                 "value": "150"})
    assert response.status_code == 302


def test_plans_and_calendar_screens(client, org, shop, due):
    shop.truck.owner_unit = org.province_a  # a type of Lạng Sơn's own: its officers set plans
    shop.truck.save(update_fields=["owner_unit"])
    client.force_login(org.users["officer_a"])
    assert shop.bd1.name in client.get(reverse("maintenance:plan-list")).content.decode()
    response = client.post(reverse("maintenance:plan-create"), {
        "type": shop.truck.pk, "kind": shop.check.pk, "interval_months": "1", "is_active": "on"})
    assert response.status_code == 302
    assert MaintenancePlan.objects.count() == 2
    url = f"{reverse('maintenance:calendar-create')}?unit={org.province_a.pk}"
    response = client.post(url, {"name": "Ngày kỹ thuật", "frequency": "weekly", "weekday": "4",
                                 "content": "Bảo quản vũ khí", "applies_below": "on",
                                 "valid_from": "01/01/2026"})
    assert response.status_code == 302
    client.force_login(org.users["clerk_commune"])
    body = client.get(reverse("maintenance:calendar")).content.decode()
    assert "Ngày kỹ thuật" in body  # set by the province, shown below it
    assert CalendarEntry.objects.get().next_dates(dt.date(2026, 11, 22), 2) == [
        dt.date(2026, 11, 27), dt.date(2026, 12, 4)]


def test_reference_lists_are_edited_in_the_admin_by_the_superuser(client, org, shop):
    from kythuat.org.models import User

    admin = User.objects.create_superuser("root", password="x-Secret-2026")
    client.force_login(admin)
    response = client.get(reverse("admin:maintenance_repairlevel_change", args=[shop.major.pk]))
    assert response.status_code == 200
    assert "Sửa chữa lớn" in response.content.decode()
    client.force_login(org.users["officer_a"])
    assert client.get(reverse("admin:maintenance_repairlevel_changelist")).status_code == 302


def test_calendar_entry_for_an_outside_unit_is_refused(client, org, shop):
    client.force_login(org.users["officer_b"])
    response = client.post(reverse("maintenance:calendar-create"), {
        "unit": org.province_a.pk, "name": "X", "frequency": "daily", "valid_from": "01/01/2026"})
    assert response.status_code == 404
    assert not CalendarEntry.objects.exists()

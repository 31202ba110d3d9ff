"""A repair from work order to grade change: an officer opens a work order for a truck from its
page, the truck shows as in repair, the officer closes the order with a better grade, and the
truck's page shows the new grade and the grade change document. Screenshots are saved under
test-artifacts/screenshots/."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import PASSWORD
from kythuat.catalog.models import Branch, EquipmentType, Tracking
from kythuat.holdings.models import Item, Movement
from kythuat.holdings.services import LineSpec
from kythuat.maintenance import services
from kythuat.maintenance.models import MaintenanceKind, RepairLevel, WorkOrder
from kythuat.storage.models import Facility, FacilityKind

from .conftest import browser_db, login, shot, vn_date

pytestmark = [pytest.mark.browser, browser_db]


def test_repair_from_work_order_to_grade_change(page, org):
    today = timezone.localdate()
    truck_type = EquipmentType.objects.create(
        symbol="ZIL-131", name="Xe ô tô ZIL-131", branch=Branch.objects.get(code="xe-may"),
        uom="chiếc", tracking=Tracking.SERIAL)
    station = Facility.objects.create(
        owner_unit=org.province_a, kind=FacilityKind.objects.get(code="tram"), code="TSC-LS",
        name="Trạm sửa chữa Lạng Sơn")
    services.plan_create(actor=None, type=truck_type,
                         kind=MaintenanceKind.objects.get(code="bd-cap-1"), interval_months=6)
    org.receive(org.province_a, [LineSpec(type=truck_type, serial="ZL-0417", grade=3,
                                          usage_group=org.sscd)],
                day=today - dt.timedelta(days=300))
    truck = Item.objects.get(serial="ZL-0417")
    minor = RepairLevel.objects.get(code="sua-chua-nho")

    # (1) The officer opens the truck's page: the maintenance panel says it is overdue.
    login(page, "officer_a", PASSWORD)
    page.goto(f"/holdings/items/{truck.pk}/")
    panel = page.locator("#maintenance-panel")
    expect(panel).to_contain_text("quá hạn")
    shot(page, "repair-01-item-before.png")

    # (2) From the panel: open a work order; the form is filled with the truck.
    with page.expect_navigation():
        page.click("#open-work-order")
    expect(page.locator("textarea[name='serials']")).to_have_value("ZL-0417")
    page.check("input[name='category'][value='repair']")
    page.select_option("select[name='repair_level']", str(minor.pk))
    page.select_option("select[name='facility']", str(station.pk))
    page.fill("input[name='opened_on']", vn_date(today))
    page.fill("textarea[name='description']", "Hỏng hệ thống phanh")
    shot(page, "repair-02-open-form.png")
    with page.expect_navigation():
        page.click("#open-submit")
    order = WorkOrder.objects.get()
    expect(page.locator("#work-order-number")).to_have_text(order.number)
    expect(page.locator("#work-order-status")).to_have_text("Đang thực hiện")

    # (3) The truck is in repair everywhere: its page and the register.
    page.goto(f"/holdings/items/{truck.pk}/")
    expect(page.locator("dl.kt-dl")).to_contain_text("Đang sửa chữa")
    expect(page.locator("#item-work-orders")).to_contain_text(order.number)
    page.goto("/holdings/items/?q=ZL-0417")
    expect(page.locator("body")).to_contain_text("đang sửa chữa")

    # (4) The officer closes the order with grade 2.
    page.goto(order.get_absolute_url())
    with page.expect_navigation():
        page.click("#close-work-order")
    line = order.lines.get()
    page.fill("input[name='closed_on']", vn_date(today))
    page.fill("input[name='labour_hours']", "12,5")
    page.fill("input[name='cost']", "3500000")
    page.fill("textarea[name='result']", "Thay má phanh, chạy thử đạt")
    page.select_option(f"select[name='grade_{line.pk}']", "2")
    shot(page, "repair-03-close-form.png")
    with page.expect_navigation():
        page.click("#close-submit")
    expect(page.locator("#work-order-status")).to_have_text("Đã kết thúc")
    document = Movement.objects.get(kind="grade_change")
    expect(page.locator("#work-order-lines")).to_contain_text(document.number)
    shot(page, "repair-04-closed.png")

    # (5) The truck's page shows the new grade and the grade change document.
    page.goto(f"/holdings/items/{truck.pk}/")
    data = page.locator("dl.kt-dl")
    expect(data).to_contain_text("Đang sử dụng")
    grade = data.locator("dt:has-text('Cấp chất lượng') + dd")
    expect(grade).to_have_text("2")
    expect(page.locator("body")).to_contain_text(document.number)
    expect(page.locator("#item-entries")).to_contain_text(re.compile("Phân cấp|phân cấp"))
    shot(page, "repair-05-item-after.png")

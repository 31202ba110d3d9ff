import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from kythuat.audit.models import AuditEvent
from kythuat.holdings import services as holdings
from kythuat.org.models import User
from kythuat.storage import services
from kythuat.storage.models import (
    ConditionReading,
    FacilityStandard,
    FundingSource,
    Inspection,
    Investment,
)

from .conftest import at, source

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def sheet_rows(response) -> list[tuple]:
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [tuple(row) for row in book.active.iter_rows(values_only=True)]


def test_facility_form_saves_the_new_data(client, org):
    client.force_login(org.users["officer_a"])
    standard = FacilityStandard.objects.get(code="qcvn-11-2018-bqp")
    response = client.post(reverse("storage:facility-edit", args=[org.depot_a.pk]), {
        "code": "K19", "name": "Kho K19", "kind": org.depot_a.kind_id, "status": "in_use",
        "capacity": "120,5", "capacity_uom": "tấn", "standard": standard.pk,
        "safety_radius_m": "300", "has_fire_equipment": "on",
        "fire_equipment": "8 bình MFZ8", "logs_conditions": "on", "max_humidity": "75"})
    assert response.status_code == 302
    org.depot_a.refresh_from_db()
    assert (org.depot_a.capacity, org.depot_a.standard, org.depot_a.safety_radius_m) == (
        Decimal("120.5"), standard, 300)
    page = client.get(org.depot_a.get_absolute_url())
    assertContains(page, "QCVN 11:2018/BQP")
    assertContains(page, "120,5 tấn")
    assertContains(page, "300 m")


def test_facility_form_shows_rule_errors_under_the_field(client, org):
    client.force_login(org.users["officer_a"])
    response = client.post(reverse("storage:facility-edit", args=[org.depot_a.pk]), {
        "code": "K19", "name": "Kho K19", "kind": org.depot_a.kind_id, "status": "in_use",
        "capacity": "10", "min_temperature": "30", "max_temperature": "10"})
    errors = response.context["form"].errors
    assert "đơn vị tính của sức chứa" in errors["capacity_uom"][0]
    assert "không được thấp hơn" in errors["max_temperature"][0]
    org.depot_a.refresh_from_db()
    assert org.depot_a.capacity is None


def test_facility_detail_links_to_its_filtered_holdings(client, org):
    movement = holdings.movement_create(
        actor=None, kind="receipt", source="higher_level", to_unit=org.province_a,
        to_facility=org.depot_a, effective_date=dt.date(2026, 1, 10),
        lines=[holdings.LineSpec(type=org.fuel, quantity=Decimal(700), grade=1,
                                 usage_group=org.sscd)])
    holdings.movement_post(actor=None, movement=movement)
    org.bulk(org.province_a, org.fuel, 300)  # outside any facility
    client.force_login(org.users["viewer_a"])
    page = client.get(org.depot_a.get_absolute_url())
    balances = (f"{reverse('holdings:balance-list')}?unit={org.province_a.pk}"
                f"&amp;facility={org.depot_a.pk}")
    assertContains(page, balances)
    assertContains(page, f"{reverse('holdings:item-list')}?facility={org.depot_a.pk}")
    response = client.get(reverse("holdings:balance-list"),
                          {"unit": org.province_a.pk, "facility": org.depot_a.pk})
    assert [row.shown_total for row in response.context["table"].rows] == [700]
    response = client.get(reverse("holdings:balance-list"), {"unit": org.province_a.pk})
    assert [row.shown_total for row in response.context["table"].rows] == [1000]


def test_balance_facility_filter_lists_only_visible_facilities(client, org, depot_b):
    client.force_login(org.users["officer_a"])
    response = client.get(reverse("holdings:balance-list"))
    choices = {f.code for f in response.context["form"].fields["facility"].queryset}
    assert choices == {"K19"}


def test_investment_recorded_on_the_facility_page(client, org, cabinet):
    client.force_login(org.users["officer_a"])
    url = reverse("storage:investment-create", args=[cabinet.pk])
    local = source("ngan-sach-dia-phuong")
    response = client.post(url, {"year": "2024", "kind": "built", "description": "Xây tủ súng",
                                 "cost_vnd": "-5", "funding_source": local.pk})
    assert response.status_code == 200
    assert "Chi phí không được âm" in response.context["form"].errors["cost_vnd"][0]
    assert not Investment.objects.exists()
    response = client.post(url, {"year": "2024", "kind": "built", "description": "Xây tủ súng",
                                 "cost_vnd": "85000000", "funding_source": local.pk})
    assert response.status_code == 302
    page = client.get(cabinet.get_absolute_url())
    assertContains(page, "85 triệu đồng")


def test_investment_edit_and_delete(client, org, cabinet):
    investment = services.investment_create(actor=None, facility=cabinet, year=2022,
                                            description="Xây", cost_vnd=10,
                                            funding_source=source("xa-hoi-hoa"))
    client.force_login(org.users["officer_a"])
    response = client.post(reverse("storage:investment-edit", args=[investment.pk]), {
        "year": "2022", "kind": "upgraded", "description": "Nâng cấp", "cost_vnd": "20",
        "funding_source": investment.funding_source_id})
    assert response.status_code == 302
    investment.refresh_from_db()
    assert (investment.kind, investment.cost_vnd) == ("upgraded", 20)
    client.post(reverse("storage:investment-delete", args=[investment.pk]))
    assert not Investment.objects.exists()


@pytest.mark.parametrize("persona", ["viewer_a", "clerk_a"])
def test_below_officer_cannot_record_investments_or_inspections(client, org, cabinet, persona):
    client.force_login(org.users[persona])
    assert client.get(reverse("storage:investment-create", args=[cabinet.pk])).status_code == 403
    assert client.post(reverse("storage:inspection-create", args=[cabinet.pk]), {
        "inspected_on": "01/03/2026", "inspector": "X"}).status_code == 403
    assert not Inspection.objects.exists()
    assertNotContains(client.get(cabinet.get_absolute_url()),
                      reverse("storage:investment-create", args=[cabinet.pk]))


def test_investment_list_filters_and_export(client, org, cabinet, depot_b):
    for facility, year, code in ((cabinet, 2022, "ngan-sach-dia-phuong"),
                                 (org.depot_a, 2020, "cap-tren-dau-tu"),
                                 (depot_b, 2021, "cap-tren-dau-tu")):
        services.investment_create(actor=None, facility=facility, year=year,
                                   description=f"Xây {facility.code}", cost_vnd=1_000_000,
                                   funding_source=source(code))
    client.force_login(org.users["officer_a"])
    url = reverse("storage:investment-list")
    response = client.get(url, {"funding_source": source("ngan-sach-dia-phuong").pk},
                          headers={"HX-Request": "true"})
    assertTemplateUsed(response, "storage/_investment_rows.html")
    assert [i.facility.code for i in response.context["page"].object_list] == ["TS-HL"]
    assert client.get(url, {"unit": org.province_b.pk}).status_code == 404
    rows = sheet_rows(client.get(reverse("storage:investment-export"), {"year_to": "2021"}))
    data = [row for row in rows if row and row[1] in ("TS-HL", "K19", "K45")]
    assert [(row[0], row[1], row[6]) for row in data] == [(2020, "K19", 1_000_000)]


def test_investment_summary_screen_and_export(client, org, cabinet):
    services.investment_create(actor=None, facility=org.depot_a, year=2019,
                               description="Xây kho", cost_vnd=21_000_000_000,
                               funding_source=source("cap-tren-dau-tu"))
    services.investment_create(actor=None, facility=cabinet, year=2023, description="Tủ súng",
                               cost_vnd=500_000_000, funding_source=source("ngan-sach-dia-phuong"))
    client.force_login(org.users["officer_a"])
    response = client.get(reverse("storage:investment-summary"),
                          {"unit": org.province_a.pk, "year_from": "2019", "year_to": "2026"})
    assert response.context["summary"].total == 21_500_000_000
    assertContains(response, "2 cơ sở được xây dựng, tổng đầu tư 21,5 tỷ đồng")
    assertContains(response, "ngân sách địa phương 500 triệu đồng (2,3%)")
    rows = sheet_rows(client.get(reverse("storage:investment-summary-export"),
                                 {"unit": org.province_a.pk, "year_from": "2019",
                                  "year_to": "2026"}))
    header = next(row for row in rows if row and row[0] == "Nguồn kinh phí")
    total = next(row for row in rows if row and row[0] == "Tổng cộng")
    assert (header[1], header[8]) == ("2019", "2026")
    assert (total[1], total[5]) == (21_000_000_000, 500_000_000)
    assert total[9] == 21_500_000_000
    outside = client.get(reverse("storage:investment-summary"), {"unit": org.province_b.pk})
    assert outside.status_code == 404


def test_inspection_forms(client, org, cabinet):
    client.force_login(org.users["officer_a"])
    url = reverse("storage:inspection-create", args=[cabinet.pk])
    response = client.post(url, {"inspected_on": "10/03/2026", "inspector": "Phòng Kỹ thuật",
                                 "findings": "Khóa hỏng", "fix_deadline": "01/03/2026"})
    assert "không được trước ngày kiểm tra" in response.context["form"].errors["fix_deadline"][0]
    assert not Inspection.objects.exists()
    client.post(url, {"inspected_on": "10/03/2026", "inspector": "Phòng Kỹ thuật",
                      "findings": "Khóa hỏng", "fix_deadline": "20/03/2026"})
    inspection = Inspection.objects.get()
    close = reverse("storage:inspection-close", args=[inspection.pk])
    response = client.post(close, {"closed_on": "01/03/2026"})
    assert "Không thể đóng lần kiểm tra" in response.context["form"].errors["closed_on"][0]
    inspection.refresh_from_db()
    assert inspection.is_open
    response = client.post(close, {"closed_on": "18/03/2026", "note": "Đã thay khóa"})
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert (inspection.closed_on, inspection.closed_by) == (dt.date(2026, 3, 18),
                                                           org.users["officer_a"])


def test_inspection_list_shows_overdue_and_exports(client, org, cabinet):
    day = TODAY() - dt.timedelta(days=30)
    late = services.inspection_create(actor=None, facility=cabinet, inspected_on=day,
                                      inspector="Ban CHQS", findings="Thiếu bình chữa cháy",
                                      fix_deadline=day + dt.timedelta(days=7))
    services.inspection_create(actor=None, facility=org.depot_a, inspected_on=day,
                               inspector="Phòng Kỹ thuật", fix_deadline=TODAY())
    client.force_login(org.users["viewer_a"])
    response = client.get(reverse("storage:inspection-list"), {"state": "overdue"})
    assert list(response.context["page"].object_list) == [late]
    assertContains(response, "quá hạn khắc phục")
    rows = sheet_rows(client.get(reverse("storage:inspection-export"), {"state": "open"}))
    states = sorted(row[7] for row in rows if row and row[1] in ("TS-HL", "K19"))
    assert states == ["chưa khắc phục xong", "quá hạn khắc phục"]


def test_reading_form_refuses_impossible_values(client, org, cabinet):
    client.force_login(org.users["clerk_commune"])
    url = reverse("storage:reading-create", args=[cabinet.pk])
    response = client.post(url, {"taken_at": "01/03/2026 07:30", "temperature": "25",
                                 "humidity": "120"})
    assert "giữa 0 và 100" in response.context["form"].errors["humidity"][0]
    assert not ConditionReading.objects.exists()
    response = client.post(url, {"taken_at": "01/03/2026 07:30", "temperature": "25,5",
                                 "humidity": "70"})
    assert response.status_code == 302
    reading = ConditionReading.objects.get()
    assert (reading.temperature, reading.recorded_by) == (Decimal("25.5"),
                                                          org.users["clerk_commune"])


def alert_sources(client, unit) -> set[str]:
    response = client.get(reverse("dashboard:alerts"), {"unit": unit.pk})
    return {alert.source for alert in response.context["alerts"]}


def test_out_of_limit_reading_raises_an_alert_until_acknowledged(client, org, cabinet):
    reading = services.reading_record(actor=None, facility=cabinet, taken_at=at(2),
                                      temperature=20, humidity=95)
    client.force_login(org.users["officer_a"])
    assert "storage_readings_out_of_limits" in alert_sources(client, org.province_a)
    response = client.get(reverse("storage:reading-list"), {"state": "unacknowledged"})
    assert list(response.context["page"].object_list) == [reading]
    url = reverse("storage:reading-acknowledge", args=[reading.pk])
    assert client.post(url, {"note": "Đã chạy máy hút ẩm"}).status_code == 302
    reading.refresh_from_db()
    assert reading.acknowledged_by == org.users["officer_a"]
    assert "storage_readings_out_of_limits" not in alert_sources(client, org.province_a)
    rows = sheet_rows(client.get(reverse("storage:reading-export")))
    assert any(row and row[1] == "TS-HL" and row[14] == "Đã chạy máy hút ẩm" for row in rows)


def test_overdue_inspection_raises_an_alert_until_closed(client, org, cabinet):
    day = TODAY() - dt.timedelta(days=20)
    inspection = services.inspection_create(actor=None, facility=cabinet, inspected_on=day,
                                            inspector="X", fix_deadline=day)
    client.force_login(org.users["officer_a"])
    assert "storage_inspections_overdue" in alert_sources(client, org.province_a)
    services.inspection_close(actor=None, inspection=inspection, closed_on=TODAY())
    assert "storage_inspections_overdue" not in alert_sources(client, org.province_a)


def test_clerk_cannot_acknowledge(client, org, cabinet):
    reading = services.reading_record(actor=None, facility=cabinet, taken_at=at(1),
                                      temperature=50)
    client.force_login(org.users["clerk_commune"])
    response = client.post(reverse("storage:reading-acknowledge", args=[reading.pk]))
    assert response.status_code == 403
    reading.refresh_from_db()
    assert reading.needs_acknowledgement


def test_facility_export_is_the_filtered_list(client, org, cabinet, depot_b):
    client.force_login(org.users["officer_a"])
    rows = sheet_rows(client.get(reverse("storage:facility-export"),
                                 {"kind": cabinet.kind_id}))
    codes = [row[0] for row in rows if row and row[0] in ("TS-HL", "K19", "K45")]
    assert codes == ["TS-HL"]
    capacity = next(row for row in rows if row and row[0] == "TS-HL")
    assert (capacity[6], capacity[7]) == (30, "khẩu")


def test_reference_screens_are_for_the_superuser(client, org):
    client.force_login(org.users["officer_hq"])
    page = client.get(reverse("catalog:reference"))
    assertContains(page, 'id="facility-standard"')
    assertContains(page, 'id="funding-source"')
    url = reverse("catalog:reference-create", args=["funding-source"])
    assert client.post(url, {"code": "oda", "name": "Vốn ODA", "order": 60}).status_code == 403
    admin = User.objects.create_superuser("root", password="x")
    client.force_login(admin)
    assert client.post(url, {"code": "oda", "name": "Vốn ODA", "order": 60}).status_code == 302
    oda = FundingSource.objects.get(name="Vốn ODA")
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CREATED, target_id=str(oda.pk),
                                     target_repr="Vốn ODA").exists()
    kho = org.depot_a.kind
    edit = reverse("catalog:reference-edit", args=["facility-kind", kho.pk])
    response = client.post(edit, {"code": kho.code, "name": kho.name, "order": kho.order,
                                  "default_min_temperature": "30",
                                  "default_max_temperature": "10", "default_max_humidity": "80"})
    assert response.status_code == 200
    assertContains(response, "không được thấp hơn")
    kho.refresh_from_db()
    assert kho.default_min_temperature == 5
    assert client.get(reverse("catalog:reference-create", args=["kind-limits"])).status_code == 404


def test_kind_limits_are_checked_by_the_service_too(org):
    from django.core.exceptions import ValidationError

    from kythuat.catalog import services as catalog_services

    kho = org.depot_a.kind
    with pytest.raises(ValidationError, match="không được thấp hơn"):
        catalog_services.reference_update(
            actor=None, instance=kho, fields=["default_min_temperature", "default_max_temperature"],
            data={"default_min_temperature": Decimal("30"),
                  "default_max_temperature": Decimal("10")})
    kho.refresh_from_db()
    assert kho.default_min_temperature == 5

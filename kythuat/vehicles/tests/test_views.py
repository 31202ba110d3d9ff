import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from kythuat.vehicles import services
from kythuat.vehicles.models import Accident, Conversion, Driver, Registration, Trip

from .conftest import TODAY, days_ago

pytestmark = pytest.mark.django_db


def login(client, org, persona):
    client.force_login(org.users[persona])
    return client


def sheet_values(response) -> list[list]:
    content = b"".join(response.streaming_content)
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


@pytest.fixture
def registered(fleet):
    services.registration_create(actor=None, item=fleet.truck_a, plate="TM-1234",
                                 plate_type=fleet.military, registered_on=days_ago(100))
    services.assignment_create(actor=None, item=fleet.truck_a, driver=fleet.expired,
                               started_on=days_ago(200))
    return fleet


def test_vehicle_list_shows_plates_and_flags_expired_driver(client, org, registered):
    response = login(client, org, "officer_a").get(reverse("vehicles:vehicle-list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "TM-1234" in body
    assert "URAL-0002" in body
    assert "GAZ-0001" not in body
    assert "Lê Văn Cũ" in body
    assert "hết hạn" in body


def test_vehicle_list_filters_answer_htmx_with_rows(client, org, registered):
    response = login(client, org, "officer_a").get(
        reverse("vehicles:vehicle-list"), {"plate_type": registered.military.pk},
        headers={"HX-Request": "true"})
    assert next(t.name for t in response.templates) == "vehicles/_vehicle_rows.html"
    body = response.content.decode()
    assert "TM-1234" in body
    assert "URAL-0002" not in body


def test_vehicle_list_outside_unit_answers_404(client, org, registered):
    response = login(client, org, "officer_b").get(reverse("vehicles:vehicle-list"),
                                                   {"unit": org.province_a.pk})
    assert response.status_code == 404


def test_vehicle_export_is_the_filtered_list(client, org, registered):
    response = login(client, org, "officer_a").get(reverse("vehicles:vehicle-export"),
                                                   {"q": "tm1234"})
    rows = sheet_values(response)
    assert any(row[:4] == ["TM-1234", "Biển đỏ quân sự", "URAL-375D", "URAL-0001"]
               for row in rows)
    assert not any("URAL-0002" in row for row in rows)


def test_vehicle_page_shows_history(client, org, registered):
    registered.trip(registered.truck_a, registered.driver_a, "L-9", days_ago(2), 80, 30)
    response = login(client, org, "officer_a").get(
        reverse("vehicles:vehicle-detail", args=[registered.truck_a.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "TM-1234" in body
    assert "L-9" in body
    assert "Lê Văn Cũ" in body


def test_vehicle_page_of_a_rifle_is_404(client, org, fleet):
    org.rifles(org.province_a, "AK-9")
    rifle = org.rifle.items.get(serial="AK-9")
    response = login(client, org, "officer_a").get(
        reverse("vehicles:vehicle-detail", args=[rifle.pk]))
    assert response.status_code == 404


def test_registering_a_duplicate_plate_shows_the_error_under_the_field(client, org, registered):
    response = login(client, org, "officer_a").post(
        reverse("vehicles:registration-create", args=[registered.truck_commune.pk]),
        {"plate": "tm 12-34", "plate_type": registered.military.pk,
         "registered_on": days_ago(1).strftime("%d/%m/%Y")})
    assert response.status_code == 400
    assert "đã được đăng ký cho xe khác" in response.content.decode()
    assert not Registration.objects.filter(item=registered.truck_commune).exists()


def test_registration_by_clerk_is_forbidden(client, org, fleet):
    response = login(client, org, "clerk_a").post(
        reverse("vehicles:registration-create", args=[fleet.truck_a.pk]),
        {"plate": "TM-1", "plate_type": fleet.military.pk, "registered_on": "01/01/2026"})
    assert response.status_code == 403


def test_trip_form_refuses_fuel_above_tank(client, org, fleet):
    response = login(client, org, "clerk_a").post(reverse("vehicles:trip-create"), {
        "item": fleet.truck_a.pk, "driver": fleet.driver_a.pk, "order_number": "L-1",
        "trip_date": days_ago(1).strftime("%d/%m/%Y"), "route": "Lạng Sơn – Chi Lăng",
        "km": "120,5", "fuel_litres": "350"})
    assert response.status_code == 200
    assert "nhiều hơn dung tích thùng" in response.content.decode()
    assert not Trip.objects.exists()


def test_trip_form_records_a_trip(client, org, fleet):
    response = login(client, org, "clerk_a").post(reverse("vehicles:trip-create"), {
        "item": fleet.truck_a.pk, "driver": fleet.driver_a.pk, "order_number": "L-1",
        "trip_date": days_ago(1).strftime("%d/%m/%Y"), "route": "Lạng Sơn – Chi Lăng",
        "km": "120,5", "fuel_litres": "48"})
    assert response.status_code == 302
    assert Trip.objects.get().km == Decimal("120.5")


def test_trip_list_and_export(client, org, fleet):
    fleet.trip(fleet.truck_a, fleet.driver_a, "L-1", days_ago(3), 100, 40)
    fleet.trip(fleet.truck_b, fleet.driver_b, "C-1", days_ago(3), 60, 20)
    client = login(client, org, "officer_a")
    body = client.get(reverse("vehicles:trip-list")).content.decode()
    assert "L-1" in body
    assert "C-1" not in body
    rows = sheet_values(client.get(reverse("vehicles:trip-export")))
    assert [row[0] for row in rows if row[0] in ("L-1", "C-1")] == ["L-1"]


def test_usage_report_and_export(client, org, fleet):
    fleet.trip(fleet.truck_a, fleet.driver_a, "L-1", days_ago(3), 100, 45)
    client = login(client, org, "officer_a")
    params = {"start": days_ago(30).strftime("%d/%m/%Y"), "end": TODAY.strftime("%d/%m/%Y")}
    response = client.get(reverse("vehicles:usage-report"), params)
    assert response.status_code == 200
    assert response.context["total"].norm_fuel == 40
    rows = sheet_values(client.get(reverse("vehicles:usage-export"), {**params, "by": "unit"}))
    assert ["Bộ CHQS tỉnh Lạng Sơn", "Bộ CHQS tỉnh Lạng Sơn", 1, 100, 45, 40, 5] in [
        row[:7] for row in rows]


def test_accident_form_refuses_negative_counts(client, org, fleet):
    response = login(client, org, "clerk_a").post(reverse("vehicles:accident-create"), {
        "item": fleet.truck_a.pk, "occurred_on": days_ago(1).strftime("%d/%m/%Y"),
        "place": "QL1A", "deaths": "-1", "injuries": "0"})
    assert "không được âm" in response.content.decode()
    assert not Accident.objects.exists()


def test_accident_comparison_page_and_export(client, org, fleet):
    import datetime as dt

    services.accident_create(actor=None, item=fleet.truck_a, place="QL1A", deaths=1,
                             occurred_on=dt.date(TODAY.year, 1, 1))
    client = login(client, org, "officer_a")
    response = client.get(reverse("vehicles:accident-comparison"))
    assert response.status_code == 200
    assert response.context["total"].this_year["deaths"] == 1
    rows = sheet_values(client.get(reverse("vehicles:accident-comparison-export")))
    assert rows[-1][:4] == ["Tổng cộng", 1, 0, 1]


def test_driver_form_refuses_expiry_before_issue(client, org, fleet):
    count = Driver.objects.count()
    response = login(client, org, "clerk_a").post(reverse("vehicles:driver-create"), {
        "unit": org.province_a.pk, "full_name": "Trần Văn Mới", "licence_number": "Q-1",
        "licence_class": fleet.class_c.pk, "licence_issued_on": "10/05/2024",
        "licence_expires_on": "01/05/2024"})
    assert "phải sau ngày cấp" in response.content.decode()
    assert Driver.objects.count() == count


def test_driver_list_flags_expired_and_filters(client, org, fleet):
    client = login(client, org, "viewer_a")
    body = client.get(reverse("vehicles:driver-list"), {"expired": "on"}).content.decode()
    assert "Lê Văn Cũ" in body
    assert "Nguyễn Văn An" not in body
    assert "hết hạn" in body
    assert client.get(reverse("vehicles:driver-detail", args=[fleet.expired.pk])).status_code \
        == 200
    assert client.get(reverse("vehicles:driver-detail", args=[fleet.driver_b.pk])).status_code \
        == 404


def test_programme_screens_record_a_conversion(client, org, fleet):
    plan = services.programme_create(actor=None, unit=org.hq, name="Đi-ê-den hóa",
                                     types=[fleet.ural])
    client = login(client, org, "officer_a")
    response = client.post(reverse("vehicles:programme-detail", args=[plan.pk]), {
        "item": fleet.truck_a.pk, "converted_on": days_ago(5).strftime("%d/%m/%Y"),
        "performed_by": "Nhà máy Z151", "fuel_before": "40", "fuel_after": "26,5"})
    assert response.status_code == 302
    assert Conversion.objects.get().saving == Decimal("13.5")
    body = client.get(reverse("vehicles:programme-list")).content.decode()
    assert "1 / 2" in body
    rows = sheet_values(client.get(reverse("vehicles:programme-export", args=[plan.pk])))
    assert any(row[1] == "URAL-0001" for row in rows)


def test_norms_are_set_by_officers_only(client, org, fleet):
    fleet.gaz.owner_unit = org.province_a  # a model Lạng Sơn defined for itself
    fleet.gaz.save(update_fields=["owner_unit"])
    data = {"type": fleet.gaz.pk, "litres_per_100km": "22,5", "tank_litres": "210"}
    assert login(client, org, "clerk_a").post(reverse("vehicles:norm-list"), data).status_code \
        == 403
    response = login(client, org, "officer_a").post(reverse("vehicles:norm-list"), data)
    assert response.status_code == 302
    assert fleet.gaz.fuel_norm.litres_per_100km == Decimal("22.5")
    response = client.post(reverse("vehicles:norm-list"), {**data, "tank_litres": "210",
                                                           "litres_per_100km": "30"})
    fleet.gaz.fuel_norm.refresh_from_db()
    assert fleet.gaz.fuel_norm.litres_per_100km == 30


def test_trip_entered_by_mistake_is_deleted_with_its_reason(client, org, fleet):
    from kythuat.audit.models import AuditEvent

    trip = fleet.trip(fleet.truck_a, fleet.driver_a, "L-1", days_ago(3), 100, 40)
    url = reverse("vehicles:trip-delete", args=[trip.pk])
    assert login(client, org, "clerk_a").post(url, {"reason": "x"}).status_code == 403
    client = login(client, org, "officer_a")
    response = client.post(url, {"reason": ""})
    assert "bắt buộc" in response.content.decode() or "lý do" in response.content.decode()
    assert Trip.objects.filter(pk=trip.pk).exists()
    assert client.post(url, {"reason": "Ghi trùng"}).status_code == 302
    assert not Trip.objects.exists()
    event = AuditEvent.objects.get(action="deleted", target_type="vehicles.trip")
    assert (event.note, event.changes["km"]) == ("Ghi trùng", ["100.0", None])


def test_accident_entered_by_mistake_is_deleted(client, org, fleet):
    accident = services.accident_create(actor=None, item=fleet.truck_a, place="QL1A",
                                        occurred_on=days_ago(2))
    response = login(client, org, "officer_a").post(
        reverse("vehicles:accident-delete", args=[accident.pk]), {"reason": "Nhầm xe"})
    assert response.status_code == 302
    assert not Accident.objects.exists()


def test_trip_form_marks_drivers_whose_licence_expired(client, org, fleet):
    body = login(client, org, "clerk_a").get(reverse("vehicles:trip-create")).content.decode()
    assert "Lê Văn Cũ — C (giấy phép hết hạn)" in body


def test_trip_form_from_a_vehicle_proposes_its_current_driver(client, org, fleet):
    services.assignment_create(actor=None, item=fleet.truck_a, driver=fleet.driver_a,
                               started_on=days_ago(9))
    response = login(client, org, "clerk_a").get(reverse("vehicles:trip-create"),
                                                 {"vehicle": fleet.truck_a.pk})
    form = response.context["form"]
    assert (form["item"].value(), form["driver"].value()) == (str(fleet.truck_a.pk),
                                                              fleet.driver_a.pk)


@pytest.mark.parametrize("route", ["vehicles:vehicle-list", "vehicles:trip-list",
                                   "vehicles:driver-list", "vehicles:accident-list",
                                   "vehicles:vehicle-export", "vehicles:trip-export",
                                   "vehicles:driver-export", "vehicles:accident-export"])
def test_lists_do_not_query_per_row(client, org, fleet, route, django_assert_max_num_queries):
    for n in range(6):
        fleet.trip(fleet.truck_a, fleet.driver_a, f"L-{n}", days_ago(n + 1), 10, 5)
        services.accident_create(actor=None, item=fleet.truck_a, place="QL1A",
                                 occurred_on=days_ago(n + 1))
        fleet.driver(org.province_a, f"Lái xe {n}")
        fleet.vehicle(org.province_a, fleet.ural, f"URAL-1{n}")
    login(client, org, "officer_a")
    with django_assert_max_num_queries(12):
        assert client.get(reverse(route), headers={"HX-Request": "true"}).status_code == 200

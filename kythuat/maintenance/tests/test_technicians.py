"""Work orders name their technicians; a repair level's rule (trade and minimum level, reference
data) warns — on the page, in the API and on paper — when none of them holds it."""

import datetime as dt
import io

import docx
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kythuat.maintenance import services
from kythuat.people import services as people
from kythuat.people.models import PersonCategory, Trade

from .conftest import trucks

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(org, shop):
    truck = trucks(org, shop, "ZIL-T1", day=shop.today - dt.timedelta(days=30))[0]
    return services.work_order_open(actor=None, unit=org.province_a, facility=shop.station,
                                    category="repair", repair_level=shop.medium,
                                    opened_on=shop.today,
                                    lines=[services.WorkLine(type=shop.truck, item=truck)])


def _worker(org, unit, name, level):
    person = people.person_create(actor=None, unit=unit, full_name=name,
                                  category=PersonCategory.objects.get(code="cnqp"),
                                  started_on=dt.date(2015, 1, 1))
    if level:
        people.skill_level_grant(actor=None, person=person,
                                 trade=Trade.objects.get(code="sua-chua-xe"), level=level,
                                 started_on=dt.date(2020, 1, 1), evidence="QĐ 12/QĐ-BCH")
    return person


def test_medium_repair_without_a_level_4_vehicle_repairer_is_flagged(org, order):
    services.work_order_technicians_set(actor=org.users["clerk_a"], work_order=order,
                                        technicians=[_worker(org, org.province_a, "Thợ A", 3)])
    warnings = services.technician_warnings(order)
    assert [w.code for w in warnings] == ["level_not_held"]
    assert order.technicians.count() == 1  # a warning, not a refusal


def test_a_technician_holding_the_level_clears_the_warning(org, order):
    services.work_order_technicians_set(
        actor=None, work_order=order,
        technicians=[_worker(org, org.province_a, "Thợ A", 3),
                     _worker(org, org.commune_a, "Thợ B", 5)])
    assert services.technician_warnings(order) == []


def test_level_granted_after_the_work_date_does_not_count(org, shop, order):
    order.opened_on = dt.date(2019, 6, 1)  # before the level of 2020
    order.save(update_fields=["opened_on"])
    services.work_order_technicians_set(actor=None, work_order=order,
                                        technicians=[_worker(org, org.province_a, "Thợ C", 6)])
    assert [w.code for w in services.technician_warnings(order)] == ["level_not_held"]


def test_technician_outside_the_subtree_is_refused(org, order):
    stranger = _worker(org, org.province_b, "Thợ Cao Bằng", 6)
    with pytest.raises(ValidationError):
        services.work_order_technicians_set(actor=None, work_order=order,
                                            technicians=[stranger])
    assert order.technicians.count() == 0


def test_page_and_api_show_the_warning(client, org, order):
    client.force_login(org.users["clerk_a"])
    worker = _worker(org, org.province_a, "Thợ D", 2)
    response = client.post(reverse("maintenance:work-order-technicians", args=[order.pk]),
                           {"technicians": [worker.pk]})
    assert response.status_code == 302
    page = client.get(order.get_absolute_url()).content.decode()
    assert 'data-warning="level_not_held"' in page
    answer = client.get(f"/api/v1/work-orders/{order.pk}/").json()
    assert [w["code"] for w in answer["warnings"]] == ["level_not_held"]
    assert answer["technicians"] == [worker.pk]


def test_api_names_technicians_and_answers_the_warning(client, org, order):
    client.force_login(org.users["clerk_a"])
    worker = _worker(org, org.province_a, "Thợ E", 4)
    response = client.post(f"/api/v1/work-orders/{order.pk}/technicians/",
                           {"technicians": [worker.pk]}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["warnings"] == []


def test_work_order_prints_with_its_technicians(client, org, order):
    services.work_order_technicians_set(actor=None, work_order=order,
                                        technicians=[_worker(org, org.province_a, "Thợ F", 4)])
    client.force_login(org.users["viewer_a"])
    response = client.get(reverse("maintenance:work-order-word", args=[order.pk]))
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(b"".join(response.streaming_content)))
    text = "\n".join(cell.text for table in document.tables for row in table.rows
                     for cell in row.cells)
    assert "Thợ F" in text
    assert "Thợ sửa chữa xe 4/7" in text
    assert order.number.split("/")[0] in "\n".join(p.text for p in document.paragraphs) + text

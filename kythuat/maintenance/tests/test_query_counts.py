import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kythuat.maintenance import services

from .conftest import read, trucks

pytestmark = pytest.mark.django_db
ROUTES = ["maintenance:due-list", "maintenance:due-export", "maintenance:plan-list",
          "maintenance:plan-export", "maintenance:calendar", "maintenance:work-order-list",
          "maintenance:work-order-export"]


def counts(client):
    out = {}
    for r in ROUTES:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(r), headers={"HX-Request": "true"}).status_code == 200
        out[r] = len(ctx)
    return out


def batch(org, shop, prefix, n):
    items = trucks(org, shop, *[f"{prefix}-{i}" for i in range(n)],
                   day=shop.today - dt.timedelta(days=100))
    for item in items:
        read(item, shop.km, shop.today, 100)
        services.work_order_open(
            actor=None, unit=org.province_a, facility=shop.station, category="repair",
            repair_level=shop.minor, opened_on=shop.today - dt.timedelta(days=5),
            lines=[services.WorkLine(type=shop.truck, item=item)])


def test_lists_and_exports_do_not_query_per_row(client, org, shop):
    services.plan_create(actor=None, type=shop.truck, kind=shop.bd1, interval_days=90,
                         meter_kind=shop.km, interval_meter=Decimal(5000))
    client.force_login(org.users["officer_a"])
    batch(org, shop, "A", 1)
    one = counts(client)
    batch(org, shop, "B", 5)
    many = counts(client)
    assert many == one

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from kythuat.ammunition import services
from kythuat.ammunition.models import DisposalBatch, LotIsolation, LotTest, ShelfLifeExtension
from kythuat.holdings.choices import LotStatus
from kythuat.holdings.models import Lot, Movement

pytestmark = pytest.mark.django_db


def sheet_rows(response) -> list[tuple]:
    content = b"".join(response.streaming_content)
    book = openpyxl.load_workbook(io.BytesIO(content))
    return list(book.active.iter_rows(values_only=True))


def test_register_lists_the_subtree_lots(client, ammo):
    org = ammo.org
    client.force_login(org.users["clerk_commune"])
    response = client.get(reverse("ammunition:lot-list"))
    assertContains(response, "L-01")
    assertContains(response, "Lô đạn dược")
    client.force_login(org.users["officer_b"])
    assertNotContains(client.get(reverse("ammunition:lot-list")), "L-01")
    assert client.get(reverse("ammunition:lot-list"),
                      {"unit": org.province_a.pk}).status_code == 404


def test_register_filters_and_htmx_rows(client, ammo):
    org = ammo.org
    org.bulk(org.province_a, org.ammo, 5, lot_number="L-02")
    services.lot_isolate(actor=None, lot=Lot.objects.get(lot_number="L-02"),
                         unit=org.province_a, decision_ref="QĐ 5", reason="Hỏng",
                         isolated_on=dt.date(2026, 1, 5))
    client.force_login(org.users["officer_a"])
    response = client.get(reverse("ammunition:lot-list"), {"status": "isolated"},
                          headers={"HX-Request": "true"})
    assertTemplateUsed(response, "ammunition/_lot_rows.html")
    assert [lot.lot_number for lot in response.context["page"].object_list] == ["L-02"]


def test_register_export_is_what_is_filtered(client, ammo):
    client.force_login(ammo.org.users["viewer_a"])
    response = client.get(reverse("ammunition:lot-export"), {"q": "l-01"})
    rows = sheet_rows(response)
    assert rows[0][0] == "Lô đạn dược"
    header = rows.index(next(r for r in rows if r and r[1] == "Số lô"))
    data = [r for r in rows[header + 1:] if r[0]]
    assert [(r[1], r[9]) for r in data] == [("L-01", 500)]


def test_lot_page_shows_history_and_actions_by_role(client, ammo):
    org = ammo.org
    services.lot_test_record(actor=None, lot=ammo.lot, unit=org.province_a,
                             tested_on=dt.date(2025, 11, 3), kind=ammo.kind,
                             conclusion=ammo.failed, samples_taken=20, samples_failed=5,
                             results="Ngòi không nổ")
    client.force_login(org.users["viewer_a"])
    response = client.get(reverse("ammunition:lot-detail", args=[ammo.lot.pk]))
    assertContains(response, "Ngòi không nổ")
    assertContains(response, "03/11/2025")
    assertNotContains(response, reverse("ammunition:lot-isolate", args=[ammo.lot.pk]))
    client.force_login(org.users["officer_a"])
    response = client.get(reverse("ammunition:lot-detail", args=[ammo.lot.pk]))
    assertContains(response, reverse("ammunition:lot-isolate", args=[ammo.lot.pk]))
    client.force_login(org.users["officer_b"])
    assert client.get(reverse("ammunition:lot-detail", args=[ammo.lot.pk])).status_code == 404


def test_clerk_records_a_test_through_the_form(client, ammo):
    org = ammo.org
    client.force_login(org.users["clerk_a"])
    url = reverse("ammunition:test-create", args=[ammo.lot.pk])
    response = client.post(url, {"unit": org.province_a.pk, "tested_on": "05/01/2026",
                                 "kind": ammo.kind.pk, "samples_taken": "4",
                                 "samples_failed": "6", "conclusion": ammo.failed.pk})
    assert response.status_code == 200
    assertContains(response, "Có 6 mẫu không đạt nhưng chỉ lấy 4 mẫu")
    assert not LotTest.objects.exists()
    response = client.post(url, {"unit": org.province_a.pk, "tested_on": "05/01/2026",
                                 "kind": ammo.kind.pk, "samples_taken": "10",
                                 "samples_failed": "0", "conclusion": ammo.passed.pk,
                                 "performed_by": "Tổ kỹ thuật"})
    assert response.status_code == 302
    assert LotTest.objects.get().performed_by == "Tổ kỹ thuật"


def test_only_officers_isolate(client, ammo):
    org = ammo.org
    url = reverse("ammunition:lot-isolate", args=[ammo.lot.pk])
    client.force_login(org.users["clerk_a"])
    assert client.get(url).status_code == 403
    client.force_login(org.users["officer_a"])
    response = client.post(url, {"unit": org.province_a.pk, "decision_ref": "QĐ 1",
                                 "isolated_on": "05/01/2026", "reason": "Thử mẫu không đạt"})
    assert response.status_code == 302
    ammo.lot.refresh_from_db()
    assert ammo.lot.status == LotStatus.ISOLATED
    isolation = LotIsolation.objects.get()
    response = client.post(reverse("ammunition:isolation-release", args=[isolation.pk]),
                           {"release_ref": "QĐ 2", "released_on": "01/01/2026"})
    assertContains(response, "không được trước ngày cách ly (05/01/2026)")
    ammo.lot.refresh_from_db()
    assert ammo.lot.status == LotStatus.ISOLATED


def test_extension_form_refuses_an_earlier_date(client, ammo):
    client.force_login(ammo.org.users["officer_a"])
    response = client.post(reverse("ammunition:lot-extend", args=[ammo.lot.pk]),
                           {"unit": ammo.org.province_a.pk, "decision_ref": "QĐ 3",
                            "decided_on": "05/01/2026", "new_expiry": "01/01/2029"})
    assertContains(response, "Hạn sử dụng mới phải sau hạn hiện tại (31/12/2030)")
    assert not ShelfLifeExtension.objects.exists()


def test_expiry_list_and_export(client, ammo):
    org = ammo.org
    Lot.objects.filter(pk=ammo.lot.pk).update(
        expiry_date=timezone.localdate() + dt.timedelta(days=45))
    client.force_login(org.users["viewer_a"])
    response = client.get(reverse("ammunition:expiry-list"), {"window": "90"})
    assertContains(response, "còn 45 ngày")
    assert client.get(reverse("ammunition:expiry-list"),
                      {"window": "30"}).context["page"].paginator.count == 0
    rows = sheet_rows(client.get(reverse("ammunition:expiry-export"), {"window": "90"}))
    data = [r for r in rows if r and r[1] == "L-01"]
    assert data[0][-1] == 45


def test_retest_list_shows_never_tested(client, ammo):
    client.force_login(ammo.org.users["viewer_a"])
    response = client.get(reverse("ammunition:retest-list"))
    assertContains(response, "chưa từng kiểm tra")
    rows = sheet_rows(client.get(reverse("ammunition:retest-export")))
    assert any(r and r[1] == "L-01" for r in rows)


def test_lot_panel_on_the_holdings_lot_page(client, ammo):
    client.force_login(ammo.org.users["viewer_a"])
    page = client.get(reverse("holdings:lot-detail", args=[ammo.lot.pk]))
    assertContains(page, reverse("ammunition:lot-panel", args=[ammo.lot.pk]))
    panel = client.get(reverse("ammunition:lot-panel", args=[ammo.lot.pk]),
                       headers={"HX-Request": "true"})
    assertTemplateUsed(panel, "ammunition/_lot_panel.html")
    assertContains(panel, "Lần kiểm tra gần nhất")


def test_disposal_batch_screens(client, ammo):
    org = ammo.org
    client.force_login(org.users["officer_a"])
    response = client.post(reverse("ammunition:batch-create"), {
        "unit": org.province_a.pk, "title": "Hủy đạn quý I", "decision_ref": "QĐ 50",
        "decided_on": "05/01/2026"})
    batch = DisposalBatch.objects.get()
    assert response.status_code == 302
    client.post(reverse("ammunition:batch-line-add", args=[batch.pk]),
                {"lot": ammo.lot.pk, "quantity": "900"})
    assert not batch.lines.exists()  # more than held: refused
    client.post(reverse("ammunition:batch-line-add", args=[batch.pk]),
                {"lot": ammo.lot.pk, "quantity": "300"})
    client.post(reverse("ammunition:batch-approve", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == DisposalBatch.Status.APPROVED
    client.post(reverse("ammunition:batch-write-off", args=[batch.pk]),
                {"unit": org.province_a.pk, "effective_date": "06/01/2026"})
    write_off = Movement.objects.get(kind="write_off")
    assert write_off.lines.get().quantity == Decimal(300)
    client.post(reverse("holdings:movement-post", args=[write_off.pk]))
    batch.refresh_from_db()
    assert batch.status == DisposalBatch.Status.DONE
    response = client.get(reverse("ammunition:batch-detail", args=[batch.pk]))
    assertContains(response, write_off.number)
    rows = sheet_rows(client.get(reverse("ammunition:batch-export")))
    assert any(r and r[1] == "Hủy đạn quý I" for r in rows)
    client.force_login(org.users["officer_b"])
    assert client.get(reverse("ammunition:batch-detail", args=[batch.pk])).status_code == 404


def test_reference_data_is_changed_by_the_system_administrator_only(client, ammo):
    from kythuat.ammunition.models import RetestInterval
    from kythuat.org.models import User

    interval = RetestInterval.objects.get(branch__code="quan-khi")
    url = reverse("catalog:reference-edit", args=["retest-interval", interval.pk])
    client.force_login(ammo.org.users["admin_hq"])
    assertContains(client.get(reverse("catalog:reference")), "Chu kỳ kiểm tra lại")
    assert client.post(url, {"branch": interval.branch_id, "months": "6"}).status_code == 403
    admin = User.objects.create_superuser("root", password="x")
    client.force_login(admin)
    response = client.post(url, {"branch": interval.branch_id, "months": "0"})
    assertContains(response, "Chu kỳ phải từ một tháng trở lên")
    client.post(url, {"branch": interval.branch_id, "months": "24"})
    interval.refresh_from_db()
    assert interval.months == 24


def test_a_retest_interval_is_for_a_lot_tracked_type_only(client, ammo):
    from django.core.exceptions import ValidationError

    from kythuat.ammunition.models import RetestInterval
    from kythuat.catalog import services as catalog_services
    from kythuat.org.models import User

    client.force_login(User.objects.create_superuser("root", password="x"))
    url = reverse("catalog:reference-create", args=["retest-interval"])
    form = client.get(url).context["form"]
    assert ammo.org.rifle not in form.fields["type"].queryset
    response = client.post(url, {"type": ammo.org.rifle.pk, "months": "12"})
    assert response.status_code == 200
    assert not RetestInterval.objects.filter(type=ammo.org.rifle).exists()
    with pytest.raises(ValidationError):
        catalog_services.reference_create(actor=None, model=RetestInterval,
                                          data={"type": ammo.org.rifle, "months": 12})
    assert not RetestInterval.objects.filter(type=ammo.org.rifle).exists()

"""Every template round-trips: downloaded, filled in its "Dữ liệu" sheet, imported, posted."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from kythuat.catalog.models import EquipmentType
from kythuat.holdings.models import Balance, Item, Movement
from kythuat.imports import services
from kythuat.imports.specs import TEMPLATES, template
from kythuat.imports.workbook import template_xlsx
from kythuat.org.models import Unit

pytestmark = pytest.mark.django_db

DAY = "10/01/2026"


def _filled(code: str, rows: list[dict]) -> bytes:
    book = load_workbook(io.BytesIO(template_xlsx(template(code))))
    sheet = book["Dữ liệu"]
    keys = [field.key for field in template(code).fields]
    for number, row in enumerate(rows, start=2):
        for column, key in enumerate(keys, start=1):
            if key in row:
                sheet.cell(row=number, column=column, value=row[key])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _import(org, code, rows, *, user="officer_a", unit=None):
    actor = org.users[user]
    imp = services.import_upload(
        actor=actor,
        unit=unit or org.province_a,
        template=code,
        file_name=f"{code}.xlsx",
        content=_filled(code, rows),
        effective_date=dt.date(2026, 1, 10),
    )
    assert not services.missing_fields(imp)
    imp = services.import_check(actor=actor, imp=imp)
    assert imp.error_count == 0, imp.errors
    return services.import_confirm(actor=actor, imp=imp)


@pytest.mark.parametrize("code", sorted(TEMPLATES))
def test_template_has_vietnamese_headers_notes_and_an_example(code):
    book = load_workbook(io.BytesIO(template_xlsx(template(code))))
    assert book.sheetnames == ["Dữ liệu", "Hướng dẫn", "Ví dụ"]
    headers = [cell.value for cell in book["Dữ liệu"][1]]
    assert headers[:1]
    assert all(headers)
    notes = list(book["Hướng dẫn"].iter_rows(min_row=6, values_only=True))
    assert [row[0] for row in notes] == headers  # one explained line per column
    assert all(row[2] for row in notes)
    assert [cell.value for cell in book["Ví dụ"][1]] == headers


def test_units_template_round_trip(org):
    _import(
        org,
        "units",
        [
            {
                "code": "LS-XA-09",
                "name": "Ban CHQS xã Tân Thành",
                "kind": "Ban CHQS xã",
                "parent": "LS",
                "valid_from": "01/07/2025",
            },
            {
                "code": "LS-XA-09-K",
                "name": "Kho xã Tân Thành",
                "kind": "kho",
                "parent": "LS-XA-09",
                "valid_from": "01/07/2025",
            },  # its parent is on the row above
        ],
        user="admin_hq",
        unit=org.hq,
    )
    new = Unit.objects.get(code="LS-XA-09")
    assert (new.parent, new.valid_from) == (org.province_a, dt.date(2025, 7, 1))
    assert Unit.objects.get(code="LS-XA-09-K").parent == new


def test_types_template_round_trip(org):
    _import(
        org,
        "types",
        [
            {
                "symbol": "K54-TQ",
                "name": "Súng ngắn K54",
                "branch": "Quân khí",
                "uom": "khẩu",
                "tracking": "Theo số hiệu",
                "origin": "Trung Quốc",
            }
        ],
    )
    etype = EquipmentType.objects.get(symbol="K54-TQ")
    assert (etype.owner_unit, etype.tracking, etype.branch) == (
        org.province_a,
        "serial",
        org.rifle.branch,
    )


def test_items_template_round_trip(org):
    _import(
        org,
        "items",
        [
            {
                "unit": "LS",
                "type": "AK-47",
                "serial": "T-1",
                "grade": 2,
                "usage_group": "SSCĐ",
                "facility": "K19",
                "effective_date": DAY,
            },
            {
                "unit": "LS-XA-01",
                "type": "AK-47",
                "serial": "T-2",
                "grade": 1,
                "usage_group": "Huấn luyện",
            },
        ],
    )
    first, second = Item.objects.get(serial="T-1"), Item.objects.get(serial="T-2")
    assert (first.facility, first.grade) == (org.depot_a, 2)
    assert (second.unit, second.usage_group) == (org.commune_a, org.training)


def test_lots_template_round_trip(org):
    _import(
        org,
        "lots",
        [
            {
                "unit": "LS",
                "type": "Đ-7,62",
                "lot_number": "L-1",
                "manufacturer": "Z113",
                "manufactured_year": 2019,
                "expiry_date": "31/12/2030",
                "quantity": 1200,
                "grade": 1,
                "usage_group": "Dự trữ",
            }
        ],
    )
    balance = Balance.objects.get(unit=org.province_a, type=org.ammo)
    assert balance.quantity == 1200
    lot = balance.lot
    assert (lot.lot_number, lot.manufacturer, lot.manufactured_year, lot.expiry_date) == (
        "L-1",
        "Z113",
        2019,
        dt.date(2030, 12, 31),
    )


def test_opening_template_round_trip(org):
    _import(
        org,
        "opening",
        [
            {
                "unit": "LS",
                "type": "DẦU-DO",
                "quantity": "2.500,5",
                "grade": 1,
                "usage_group": "SSCĐ",
            }
        ],
    )
    assert Balance.objects.get(unit=org.province_a, type=org.fuel).quantity == Decimal("2500.5")


def test_documents_template_round_trip(org):
    imp = _import(
        org,
        "documents",
        [
            {
                "document": "A",
                "kind": "Phiếu nhập",
                "effective_date": DAY,
                "to_unit": "LS",
                "source": "Trên cấp",
                "reason": "Bổ sung",
                "type": "AK-47",
                "serial": "D-1",
                "grade": 1,
                "usage_group": "SSCĐ",
            },
            {"document": "A", "type": "DẦU-DO", "quantity": 100, "grade": 1, "usage_group": "SSCĐ"},
            {
                "document": "B",
                "kind": "Cấp phát",
                "effective_date": DAY,
                "from_unit": "LS",
                "to_unit": "LS-XA-01",
                "type": "AK-47",
                "serial": "D-1",
            },
            {"document": "B", "type": "DẦU-DO", "quantity": 40, "grade": 1, "usage_group": "SSCĐ"},
        ],
    )
    assert len(imp.documents) == 2
    assert Movement.objects.filter(status="posted").count() == 2
    assert Item.objects.get(serial="D-1").unit == org.commune_a
    fuel = {b.unit_id: b.quantity for b in Balance.objects.filter(type=org.fuel)}
    assert fuel == {org.province_a.pk: 60, org.commune_a.pk: 40}


def test_documents_issue_of_more_than_held_is_refused_at_check(org):
    content = _filled(
        "documents",
        [
            {
                "document": "1",
                "kind": "Cấp phát",
                "effective_date": DAY,
                "from_unit": "LS",
                "to_unit": "LS-XA-01",
                "type": "DẦU-DO",
                "quantity": 5,
                "grade": 1,
                "usage_group": "SSCĐ",
            }
        ],
    )
    actor = org.users["officer_a"]
    imp = services.import_upload(
        actor=actor, unit=org.province_a, template="documents", file_name="d.xlsx", content=content
    )
    imp = services.import_check(actor=actor, imp=imp)
    assert imp.errors[0]["row"] == 2
    assert "Không đủ Dầu điêzen" in imp.errors[0]["messages"][0]
    assert Movement.objects.count() == 0  # the trial posting was rolled back

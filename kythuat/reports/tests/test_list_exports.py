"""Every list exports exactly what its screen shows with the same filters, as xlsx and csv,
with the header block (unit, date of export, filters) and Vietnamese column names."""

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from kythuat.catalog.models import Branch, EquipmentType
from kythuat.holdings import services

pytestmark = pytest.mark.django_db


def content(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


def xlsx_table(response) -> tuple[list[str], list[str], list[tuple]]:
    """(header lines, column titles, rows) of a list export."""
    sheet = openpyxl.load_workbook(io.BytesIO(content(response))).active
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == "TT")
    info = [row[0] for row in rows[:start] if row and row[0]]
    return info, list(rows[start]), rows[start + 1 :]


def csv_table(response, first: str = "TT") -> tuple[list[str], list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(content(response).decode("utf-8-sig"))))
    start = next(i for i, row in enumerate(rows) if row and row[0] == first)
    info = [row[0] for row in rows[:start] if row]
    return info, rows[start], rows[start + 1 :]


def both(client, name, params, column):
    """The values of one column in the xlsx and csv exports (they must agree)."""
    info, titles, rows = xlsx_table(client.get(reverse(name), params))
    _csv_info, csv_titles, csv_rows = csv_table(client.get(reverse(f"{name}-csv"), params))
    assert csv_titles == titles
    assert any(line.startswith("Ngày xuất:") or line.startswith("Ngày:") for line in info)
    values = [row[column] for row in rows if row[0] not in (None, "")]
    assert [str(v) for v in values] == [row[column] for row in csv_rows if row[0]]
    return info, titles, values


def screen_objects(client, name, params):
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    page = response.context["page"]
    assert page.paginator.num_pages == 1
    return list(page.object_list)


def test_unit_export_is_the_search_result(client, org):
    client.force_login(org.users["officer_hq"])
    params = {"q": "bo chqs"}
    info, titles, names = both(client, "org:unit-export", params, 1)
    assert titles[:3] == ["TT", "Đơn vị", "Mã"]
    assert [n.strip() for n in names] == [
        u.name for u in screen_objects(client, "org:unit-list", params)
    ]
    assert names
    assert "Đơn vị: Quân khu 1" in info
    assert any(line.startswith("Điều kiện lọc:") and "bo chqs" in line for line in info)


def test_user_export_is_the_filtered_list(client, org):
    client.force_login(org.users["admin_hq"])
    params = {"q": "_a", "unit": org.province_a.pk}
    _info, _titles, names = both(client, "org:user-export", params, 1)
    assert names == [u.username for u in screen_objects(client, "org:user-list", params)]
    assert set(names) == {"officer_a", "clerk_a", "viewer_a"}


def test_type_export_is_the_filtered_catalogue(client, org):
    client.force_login(org.users["viewer_a"])
    params = {"branch": Branch.objects.get(code="quan-khi").pk}
    info, _titles, symbols = both(client, "catalog:type-export", params, 1)
    assert symbols == [t.symbol for t in screen_objects(client, "catalog:type-list", params)]
    assert "AK-47" in symbols
    assert "DẦU-DO" not in symbols
    assert any("Chuyên ngành: Quân khí" in line for line in info)


def test_branch_export_lists_the_branches(client, org):
    client.force_login(org.users["viewer_a"])
    _info, _titles, names = both(client, "catalog:branch-export", {}, 1)
    shown = client.get(reverse("catalog:branch-list")).context["branches"]
    assert names == [branch.name for branch in shown]


def test_lot_export_is_the_filtered_list(client, org):
    org.bulk(org.province_a, org.ammo, 300, lot_number="L-01")
    org.bulk(org.commune_a, org.ammo, 50, lot_number="L-02")
    client.force_login(org.users["officer_a"])
    params = {"q": "L-0"}
    _info, _titles, numbers = both(client, "holdings:lot-export", params, 2)
    assert numbers == [
        lot.lot_number for lot in screen_objects(client, "holdings:lot-list", params)
    ]
    _info, _titles, quantities = both(client, "holdings:lot-export", params, 7)
    assert quantities == [300, 50]


def test_movement_csv_is_the_filtered_list(client, org):
    org.bulk(org.province_a, org.fuel, 10)
    org.rifles(org.commune_a, "AK-1")
    client.force_login(org.users["officer_a"])
    params = {"unit": org.commune_a.pk}
    info, _titles, rows = csv_table(
        client.get(reverse("holdings:movement-export-csv"), params), first="Số phiếu"
    )
    shown = screen_objects(client, "holdings:movement-list", params)
    assert [row[0] for row in rows] == [m.number for m in shown]
    assert len(rows) == 1
    assert "Đơn vị: Ban CHQS xã Hữu Lũng" in info


def test_balance_csv_matches_its_xlsx(client, org):
    org.bulk(org.province_a, org.fuel, 10)
    org.rifles(org.commune_a, "AK-1", "AK-2")
    services.authorized_strength_set(
        actor=None,
        unit=org.commune_a,
        type=org.rifle,
        quantity=Decimal(3),
        valid_from=dt.date(2020, 1, 1),
    )
    client.force_login(org.users["officer_a"])
    for name in ("holdings:balance-export",):
        xlsx_rows = xlsx_table(client.get(reverse(name)))[2]
        csv_rows = csv_table(client.get(reverse(f"{name}-csv")))[2]
        assert [[("" if v is None else str(v)) for v in row] for row in xlsx_rows] == csv_rows


def test_period_close_export(client, org):
    services.period_close(actor=None, unit=org.province_a, kind="year", year=2024)
    client.force_login(org.users["officer_a"])
    _info, _titles, units = both(client, "holdings:period-close-export", {}, 1)
    assert units == [c.unit.name for c in screen_objects(client, "holdings:period-close-list", {})]
    assert units == ["Bộ CHQS tỉnh Lạng Sơn"]


def test_text_that_looks_like_a_formula_stays_text(client, org):
    EquipmentType.objects.create(
        symbol="=HYPERLINK(1)",
        name="@SUM(A1)",
        branch=org.rifle.branch,
        uom="khẩu",
        tracking="bulk",
    )
    client.force_login(org.users["viewer_a"])
    params = {"q": "sum"}
    book = openpyxl.load_workbook(
        io.BytesIO(content(client.get(reverse("catalog:type-export"), params)))
    )
    cells = [c for row in book.active.iter_rows() for c in row if c.value == "@SUM(A1)"]
    assert cells
    assert cells[0].data_type == "s"
    assert cells[0].quotePrefix
    rows = csv_table(client.get(reverse("catalog:type-export-csv"), params))[2]
    assert rows[0][1:3] == ["'=HYPERLINK(1)", "'@SUM(A1)"]


def test_exports_of_an_outside_unit_answer_404(client, org):
    client.force_login(org.users["officer_b"])
    for name in (
        "holdings:movement-export-csv",
        "holdings:balance-export-csv",
        "holdings:strength-export-csv",
    ):
        assert client.get(reverse(name), {"unit": org.province_a.pk}).status_code == 404

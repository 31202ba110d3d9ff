"""Screens, print files (opened with openpyxl), the background job and the API."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from kythuat.jobs.models import Job

pytestmark = pytest.mark.django_db
Q1 = {"year": "2026", "quarter": "1"}


def workbook(response):
    assert response.status_code == 200, response.status_code
    content = b"".join(response.streaming_content)
    return openpyxl.load_workbook(io.BytesIO(content)).active


def texts(sheet) -> list[str]:
    return [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]


def row_of(sheet, label):
    for row in sheet.iter_rows(values_only=True):
        if label in row:
            return row
    raise AssertionError(label)


def assert_print_layout(sheet):
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == "9"  # A4
    assert sheet.print_title_rows  # the header repeats on every page
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    words = texts(sheet)
    assert "NGƯỜI LẬP BIỂU" in words
    assert "CHỈ HUY ĐƠN VỊ" in words
    assert any("ngày" in w and "tháng" in w and "năm" in w for w in words)


def test_index_lists_the_three_reports(client, books):
    client.force_login(books.users["officer_a"])
    response = client.get(reverse("reports:index"))
    body = response.content.decode()
    for slug in ("increase-decrease", "grades", "strength"):
        assert f'data-report="{slug}"' in body


def test_increase_decrease_screen_shows_the_quarter(client, books):
    client.force_login(books.users["officer_a"])
    response = client.get(reverse("reports:increase-decrease"), Q1)
    body = response.content.decode()
    assert response.status_code == 200
    assert "1.160" in body  # closing fuel, Vietnamese digit grouping
    assert "Nhập (nhà máy giao)" in body
    assert "Điều chuyển đi" in body
    assert "check-ok" in body


def test_increase_decrease_file_has_the_figures_and_print_layout(client, books):
    client.force_login(books.users["officer_a"])
    sheet = workbook(client.get(reverse("reports:increase-decrease-export"), Q1))
    assert_print_layout(sheet)
    assert sheet.print_title_rows == "$7:$8"
    fuel = row_of(sheet, "Dầu điêzen")
    # No. | type | uom | opening | higher level | factory | transfer in | Σ+ | transfer out |
    # consumed | Σ− | closing
    assert fuel[2:12] == ("lít", 1000, None, 200, 30, 230, 50, 20, 70, 1160)
    assert "BỘ CHQS TỈNH LẠNG SƠN" in texts(sheet)
    assert "QUÂN KHU 1" in texts(sheet)


def test_grades_file_totals_equal_the_sum_of_unit_rows(client, books):
    client.force_login(books.users["officer_hq"])
    sheet = workbook(
        client.get(reverse("reports:grades-export"), {"as_of": "31/03/2026", "type": books.fuel.pk})
    )
    assert_print_layout(sheet)
    rows = [
        r
        for r in sheet.iter_rows(values_only=True)
        if r[1] in ("Bộ CHQS tỉnh Lạng Sơn", "Bộ CHQS tỉnh Cao Bằng", "Tổng cộng")
    ]
    assert [(r[1], r[2], r[7]) for r in rows] == [
        ("Bộ CHQS tỉnh Lạng Sơn", 1160, 1160),
        ("Bộ CHQS tỉnh Cao Bằng", 120, 120),
        ("Tổng cộng", 1280, 1280),
    ]


def test_grades_screen_splits_by_usage_group(client, books):
    client.force_login(books.users["officer_a"])
    response = client.get(reverse("reports:grades"), {"split_usage": "on"})
    body = response.content.decode()
    assert 'data-kind="usage"' in body
    assert "trong đó" in body.lower()


def test_strength_file_and_screen(client, books):
    from decimal import Decimal

    from kythuat.holdings import services

    services.authorized_strength_set(
        actor=None,
        unit=books.commune_a,
        type=books.rifle,
        quantity=Decimal(4),
        valid_from=dt.date(2025, 1, 1),
    )
    client.force_login(books.users["officer_a"])
    screen = client.get(reverse("reports:strength"), {"type": books.rifle.pk})
    assert "25,0" in screen.content.decode()  # 1 of 4
    sheet = workbook(client.get(reverse("reports:strength-export"), {"type": books.rifle.pk}))
    assert_print_layout(sheet)
    commune = row_of(sheet, "Ban CHQS xã Hữu Lũng")
    assert commune[4:9] == (4, 1, -3, 25, "thiếu")


def test_invalid_filters_show_the_form_error_instead_of_a_file(client, books):
    client.force_login(books.users["officer_a"])
    response = client.get(
        reverse("reports:increase-decrease-export"), {"start": "01/03/2026", "end": "01/01/2026"}
    )
    assert response.status_code == 200
    assert "không được trước" in response.content.decode()


def test_a_long_report_is_written_by_a_background_job(client, books, monkeypatch):
    from kythuat.reports import views

    monkeypatch.setattr(views, "BACKGROUND_ROWS", 1)
    client.force_login(books.users["officer_a"])
    response = client.get(reverse("reports:grades-export"))
    job = Job.objects.get(kind="reports.xlsx")
    assert response.status_code == 302
    assert response.url == job.get_absolute_url()
    assert job.status == Job.Status.DONE, job.error
    sheet = openpyxl.load_workbook(io.BytesIO(bytes(job.result))).active
    assert "Dầu điêzen (lít)" in texts(sheet)


def test_outside_unit_answers_404_everywhere(client, books):
    client.force_login(books.users["officer_b"])
    for name in ("reports:increase-decrease", "reports:grades-export", "reports:strength"):
        assert client.get(reverse(name), {"unit": books.province_a.pk}).status_code == 404
    for name in ("statistics-increase-decrease", "statistics-grades", "statistics-strength"):
        assert client.get(reverse(name), {"unit": books.province_a.pk}).status_code == 404


def test_api_increase_decrease_lines(client, books):
    client.force_login(books.users["viewer_a"])
    data = client.get(reverse("statistics-increase-decrease"), Q1).json()
    fuel = next(line for line in data["lines"] if line["label"] == "Dầu điêzen")
    assert fuel["opening"] == "1000.000"
    assert fuel["closing"] == "1160.000"
    assert fuel["increases"] == {
        "receipt:higher_level": "0.000",
        "receipt:factory": "200.000",
        "transfer": "30.000",
    }
    assert fuel["decreases"] == {"transfer": "50.000", "consumption": "20.000"}


def test_api_grades_and_strength(client, books):
    client.force_login(books.users["viewer_a"])
    data = client.get(
        reverse("statistics-grades"), {"as_of": "2026-03-31", "type": books.rifle.pk}
    ).json()
    (section,) = data["sections"]
    total = next(row for row in section["rows"] if row["kind"] == "total")
    assert total["grades"] == {"1": "4.000", "3": "1.000"}
    assert total["technical_coefficient"] == "80.0"
    strength = client.get(reverse("statistics-strength")).json()
    assert {row["unit_name"] for row in strength["rows"]} == {
        "Bộ CHQS tỉnh Lạng Sơn",
        "Ban CHQS xã Hữu Lũng",
    }


def test_api_refuses_bad_dates_in_vietnamese(client, books):
    client.force_login(books.users["viewer_a"])
    response = client.get(reverse("statistics-grades"), {"as_of": "2026-13-01"})
    assert response.status_code == 400
    assert "dd/mm/yyyy" in response.json()["detail"]


def test_a_long_screen_shows_its_first_rows_and_says_so(client, books, monkeypatch):
    from kythuat.reports import views

    monkeypatch.setattr(views, "SCREEN_ROWS", 2)
    client.force_login(books.users["officer_a"])
    body = client.get(reverse("reports:increase-decrease"), Q1).content.decode()
    assert "data-cut" in body
    assert body.count('data-kind="row"') + body.count('data-kind="subtotal"') <= 2


def test_the_screen_links_to_the_documents_of_the_period(client, books):
    client.force_login(books.users["officer_a"])
    body = client.get(reverse("reports:increase-decrease"), Q1).content.decode()
    assert "date_from=01/01/2026&amp;date_to=31/03/2026" in body


def test_the_date_line_names_the_place_of_the_units_issuer(client, books):
    from kythuat.documents import services as documents
    from kythuat.documents.models import FormatProfile

    client.force_login(books.users["officer_a"])
    sheet = workbook(client.get(reverse("reports:increase-decrease-export"), Q1))
    assert not any("Lạng Sơn, ngày" in text for text in texts(sheet))  # no issuer yet: dots
    documents.issuer_create(
        actor=None, unit=books.province_a, profile=FormatProfile.objects.get(code="state"),
        name="Bộ Chỉ huy quân sự tỉnh Lạng Sơn", abbreviation="BCH",
        parent_name="Bộ Tư lệnh Quân khu 1", place="Lạng Sơn", valid_from=dt.date(2020, 1, 1))
    sheet = workbook(client.get(reverse("reports:increase-decrease-export"), Q1))
    assert any(text.startswith("Lạng Sơn, ngày") for text in texts(sheet))

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from docx import Document

from kythuat.stocktake import services
from kythuat.stocktake.models import CountLine, Stocktake

from .conftest import line_of, make_stocktake

pytestmark = pytest.mark.django_db


def sheet_book(response):
    content = b"".join(response.streaming_content)
    return openpyxl.load_workbook(io.BytesIO(content))


def values(sheet):
    return [cell for row in sheet.iter_rows(values_only=True) for cell in row
            if cell is not None]


def test_list_shows_the_units_stocktakes_and_exports_them(client, stock):
    stocktake = make_stocktake(stock, start=False)
    client.force_login(stock.users["viewer_a"])
    response = client.get(reverse("stocktake:stocktake-list"))
    assert response.status_code == 200
    assert stocktake.title in response.content.decode()
    book = sheet_book(client.get(reverse("stocktake:stocktake-export")))
    assert stocktake.title in values(book.active)
    client.force_login(stock.users["clerk_commune"])  # below Lạng Sơn: not its campaign
    assert stocktake.title not in client.get(reverse("stocktake:stocktake-list")).content \
        .decode()
    assert client.get(stocktake.get_absolute_url()).status_code == 404


def test_create_form_makes_a_draft_with_the_usual_title(client, stock):
    client.force_login(stock.users["clerk_a"])
    response = client.post(reverse("stocktake:stocktake-create"), {
        "unit": stock.province_a.pk, "kind": "periodic", "as_of": "01/01/2026"})
    stocktake = Stocktake.objects.get()
    assert response.status_code == 302
    assert stocktake.title == ("Kiểm kê định kỳ thời điểm 0 giờ ngày 01/01/2026 — "
                               "Bộ CHQS tỉnh Lạng Sơn")
    response = client.post(reverse("stocktake:stocktake-create"), {
        "unit": stock.province_a.pk, "kind": "periodic", "as_of": "15/03/2026"})
    assert "0h ngày 01/01" in response.content.decode()
    assert Stocktake.objects.count() == 1


def test_detail_shows_committee_progress_and_sheets(client, counting, stock):
    client.force_login(stock.users["officer_a"])
    body = client.get(counting.get_absolute_url()).content.decode()
    assert "Nguyễn Văn An" in body
    assert "trưởng ban" in body
    assert "Đã kiểm 0/5 dòng" in body
    assert reverse("stocktake:sheet-detail", args=[counting.sheets.first().pk]) in body


def test_htmx_row_editing_saves_the_count(client, counting, stock):
    client.force_login(stock.users["clerk_a"])
    line = line_of(counting, type=stock.ammo)
    url = reverse("stocktake:line-edit", args=[line.pk])
    form = client.get(url, headers={"HX-Request": "true"})
    assert 'name="counted"' in form.content.decode()
    row = client.post(url, {"counted": "490", "grade_found": "2", "regraded": "15",
                            "note": "ẩm"}, headers={"HX-Request": "true"})
    assert row.status_code == 200
    assert "15 sang cấp 2" in row.content.decode()
    line.refresh_from_db()
    assert (line.counted, line.grade_found, line.regraded) == (490, 2, 15)
    bad = client.post(url, {"counted": "490", "grade_found": "3", "regraded": "900"},
                      headers={"HX-Request": "true"})
    assert "số lượng đánh giá lại cấp phải từ 0" in bad.content.decode()


def test_viewer_cannot_count(client, counting, stock):
    client.force_login(stock.users["viewer_a"])
    line = line_of(counting, type=stock.ammo)
    assert client.post(reverse("stocktake:line-edit", args=[line.pk]),
                       {"counted": "1"}).status_code == 404
    line.refresh_from_db()
    assert line.counted is None


def test_blind_sheets_have_no_booked_figures(client, stock):
    stocktake = make_stocktake(stock, blind=True)
    client.force_login(stock.users["clerk_a"])
    book = sheet_book(client.get(reverse("stocktake:stocktake-sheets-export",
                                         args=[stocktake.pk])))
    first = book.worksheets[0]
    cells = values(first)
    assert "Sổ sách" not in cells
    assert 500 not in cells
    assert "L-2020" in cells
    page = client.get(reverse("stocktake:sheet-detail", args=[line_of(
        stocktake, type=stock.ammo).sheet_id])).content.decode()
    assert "Sổ sách" not in page
    assert ">500<" not in page
    response = client.get(reverse("stocktake-sheet-detail", args=[first_sheet(stocktake)]))
    assert all(line["booked"] is None for line in response.json()["lines"])
    variances = client.get(reverse("stocktake:stocktake-variances", args=[stocktake.pk]))
    assert "books-hidden" in variances.content.decode()
    assert "500" not in variances.content.decode()
    assert client.get(reverse("stocktake:stocktake-variance-export",
                              args=[stocktake.pk])).status_code == 404


def first_sheet(stocktake):
    return stocktake.sheets.order_by("number").first().pk


def test_printed_sheet_is_a4_landscape_with_repeated_header(client, counting, stock):
    client.force_login(stock.users["clerk_a"])
    book = sheet_book(client.get(reverse("stocktake:sheet-export",
                                         args=[first_sheet(counting)])))
    sheet = book.active
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9
    assert sheet.print_title_rows == "$7:$7"
    assert sheet.column_dimensions["A"].hidden
    assert "TRƯỞNG BAN KIỂM KÊ" in values(sheet)
    assert 500 in values(sheet)


def test_filled_sheets_import_back(client, counting, stock):
    client.force_login(stock.users["clerk_a"])
    book = sheet_book(client.get(reverse("stocktake:stocktake-sheets-export",
                                         args=[counting.pk])))
    services.line_count(actor=None, line=line_of(counting, type=stock.fuel),
                        count=services.LineCount(counted=Decimal(190)))
    sheet = book.worksheets[0]
    codes = {cell.value: cell.column for cell in sheet[6] if cell.value}
    find_row = None
    for row in sheet.iter_rows(min_row=8):
        key = row[0].value or ""
        detail = row[codes["detail"] - 1].value
        if key.startswith("L:"):
            counted = 0 if detail == "AK-001" else row[codes["booked"] - 1].value
            sheet.cell(row=row[0].row, column=codes["counted"], value=counted)
            if detail == "L-2020":
                sheet.cell(row=row[0].row, column=codes["grade_found"], value=3)
                sheet.cell(row=row[0].row, column=codes["regraded"], value="12,5")
        elif key.startswith("S:") and find_row is None:
            find_row = row[0].row
    for code, value in (("symbol", "AK-47"), ("detail", "AK-555"), ("grade", 2),
                        ("group", "Huấn luyện"), ("counted", 1)):
        sheet.cell(row=find_row, column=codes[code], value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    upload = io.BytesIO(buffer.getvalue())
    upload.name = "phieu.xlsx"
    response = client.post(reverse("stocktake:stocktake-import", args=[counting.pk]),
                           {"file": upload})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert line_of(counting, serial="AK-001").counted == 0
    ammo = line_of(counting, type=stock.ammo)
    assert (ammo.counted, ammo.grade_found, ammo.regraded) == (500, 3, Decimal("12.5"))
    find = line_of(counting, serial="AK-555")
    assert find.is_unexpected
    assert find.grade == 2
    assert find.counted == 1
    # The commune's worksheet was left empty: the count entered on screen stays.
    assert line_of(counting, type=stock.fuel).counted == 190


def test_import_of_a_wrong_file_changes_nothing(client, counting, stock):
    client.force_login(stock.users["clerk_a"])
    upload = io.BytesIO(b"not a workbook")
    upload.name = "x.xlsx"
    response = client.post(reverse("stocktake:stocktake-import", args=[counting.pk]),
                           {"file": upload})
    assert "không phải là bảng tính Excel" in response.content.decode()
    assert not CountLine.objects.filter(counted__isnull=False).exists()


def approved(stock):
    stocktake = make_stocktake(stock)
    for line in CountLine.objects.filter(sheet__stocktake=stocktake):
        counted = line.booked - 5 if line.type == stock.fuel else line.booked
        services.line_count(actor=None, line=line, count=services.LineCount(counted=counted))
    services.stocktake_finish(actor=None, stocktake=stocktake)
    return stocktake


def test_approve_screen_posts_and_links_the_documents(client, stock):
    stocktake = approved(stock)
    client.force_login(stock.users["clerk_a"])
    assert client.get(reverse("stocktake:stocktake-approve",
                              args=[stocktake.pk])).status_code == 403
    client.force_login(stock.users["officer_a"])
    page = client.get(reverse("stocktake:stocktake-approve", args=[stocktake.pk]))
    assert "Dầu điêzen" in page.content.decode()
    client.post(reverse("stocktake:stocktake-approve", args=[stocktake.pk]),
                {"conclusion": "Thiếu 5 lít do bay hơi."})
    stocktake.refresh_from_db()
    assert stocktake.status == "approved"
    assert stocktake.conclusion.startswith("Thiếu")
    document = stocktake.documents.get()
    assert document.number in client.get(stocktake.get_absolute_url()).content.decode()


def test_variance_screen_and_export(client, stock):
    stocktake = approved(stock)
    client.force_login(stock.users["viewer_a"])
    page = client.get(reverse("stocktake:stocktake-variances", args=[stocktake.pk]),
                      {"only": "1"}).content.decode()
    assert "Dầu điêzen" in page
    assert "Súng tiểu liên" not in page
    book = sheet_book(client.get(reverse("stocktake:stocktake-variance-export",
                                         args=[stocktake.pk])))
    # A total per unit of measure, never khẩu + viên + lít in one number.
    totals = {row[3]: row[5:9] for row in book.active.iter_rows(values_only=True)
              if row[1] == "Tổng cộng"}
    assert totals == {stock.rifle.uom: (3, 3, 0, 0), stock.ammo.uom: (500, 500, 0, 0),
                      stock.fuel.uom: (200, 195, 0, 5)}


def test_word_record_opens_with_python_docx(client, stock):
    stocktake = approved(stock)
    services.stocktake_approve(actor=None, stocktake=stocktake)
    client.force_login(stock.users["viewer_a"])
    response = client.get(reverse("stocktake:stocktake-record", args=[stocktake.pk]))
    document = Document(io.BytesIO(b"".join(response.streaming_content)))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "BIÊN BẢN" in text.upper()
    assert "Ban kiểm kê gồm" in text
    assert "Nguyễn Văn An" in cells
    assert "Dầu điêzen" in cells
    assert stocktake.documents.get().number in text


def test_word_record_date_line_names_the_place_of_the_units_issuer(client, stock):
    from kythuat.documents import services as documents
    from kythuat.documents.models import FormatProfile

    stocktake = approved(stock)
    services.stocktake_approve(actor=None, stocktake=stocktake)
    documents.issuer_create(
        actor=None, unit=stock.province_a, profile=FormatProfile.objects.get(code="state"),
        name="Bộ Chỉ huy quân sự tỉnh Lạng Sơn", abbreviation="BCH",
        parent_name="Bộ Tư lệnh Quân khu 1", place="Lạng Sơn", valid_from=dt.date(2020, 1, 1))
    client.force_login(stock.users["viewer_a"])
    response = client.get(reverse("stocktake:stocktake-record", args=[stocktake.pk]))
    document = Document(io.BytesIO(b"".join(response.streaming_content)))
    texts = [p.text for p in document.paragraphs] + [
        c.text for t in document.tables for r in t.rows for c in r.cells]
    assert any("Lạng Sơn, ngày" in text for text in texts)


def test_api_lists_and_counts_scoped(client, counting, stock):
    client.force_login(stock.users["clerk_a"])
    listed = client.get(reverse("stocktake-list")).json()
    assert [row["id"] for row in listed["results"]] == [counting.pk]
    sheet = first_sheet(counting)
    line = line_of(counting, type=stock.ammo)
    response = client.post(reverse("stocktake-sheet-count", args=[sheet]),
                           {"lines": [{"id": line.pk, "counted": "499"}]},
                           content_type="application/json")
    assert response.status_code == 200
    line.refresh_from_db()
    assert line.counted == 499
    bad = client.post(reverse("stocktake-sheet-count", args=[sheet]),
                      {"lines": [{"id": line_of(counting, serial="AK-001").pk,
                                  "counted": "3"}]}, content_type="application/json")
    assert bad.status_code == 400
    assert "1 (có) hoặc 0" in bad.content.decode()
    client.force_login(stock.users["officer_b"])
    assert client.get(reverse("stocktake-list")).json()["results"] == []


def test_fill_as_booked_counts_the_rest_and_is_refused_for_blind_counts(client, stock):
    stocktake = make_stocktake(stock)
    client.force_login(stock.users["clerk_a"])
    sheet = line_of(stocktake, type=stock.ammo).sheet
    services.line_count(actor=None, line=line_of(stocktake, serial="AK-001"),
                        count=services.LineCount(counted=Decimal(0)))
    client.post(reverse("stocktake:sheet-fill", args=[sheet.pk]))
    assert line_of(stocktake, serial="AK-001").counted == 0
    assert line_of(stocktake, type=stock.ammo).counted == 500
    services.stocktake_cancel(actor=None, stocktake=stocktake)
    blind = make_stocktake(stock, blind=True, as_of=stocktake.as_of.replace(day=2))
    sheet = line_of(blind, type=stock.ammo).sheet
    response = client.post(reverse("stocktake:sheet-fill", args=[sheet.pk]), follow=True)
    assert "không sao chép" in response.content.decode()
    assert not CountLine.objects.filter(sheet=sheet, counted__isnull=False).exists()


def test_a_large_stocktake_makes_its_sheets_in_the_background(client, stock, settings):
    from kythuat.jobs.models import Job

    settings.STOCKTAKE_BACKGROUND_LINES = 2  # the books hold 3 rifles and 2 balances
    stocktake = make_stocktake(stock, start=False)
    client.force_login(stock.users["viewer_a"])  # may look, may not start
    assert client.post(reverse("stocktake:stocktake-start", args=[stocktake.pk])) \
        .status_code == 403
    assert not Job.objects.exists()
    client.force_login(stock.users["officer_a"])
    response = client.post(reverse("stocktake:stocktake-start", args=[stocktake.pk]))
    job = Job.objects.get()
    assert response.url == job.get_absolute_url()
    assert job.status == Job.Status.DONE, job.error  # tests run jobs at once
    stocktake.refresh_from_db()
    assert stocktake.status == Stocktake.Status.COUNTING
    assert CountLine.objects.filter(sheet__stocktake=stocktake).count() == 5
    page = client.get(job.get_absolute_url()).content.decode()
    assert stocktake.get_absolute_url() in page

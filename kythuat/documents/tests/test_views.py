import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from docx import Document
from pytest_django.asserts import assertContains, assertNotContains

from kythuat.documents import services
from kythuat.documents.models import DocumentType, FormatProfile, IssuedNumber, Issuer
from kythuat.holdings import services as holdings
from kythuat.holdings.models import Item
from kythuat.org.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def numbers(command, committee, org, doc_type, state):
    cao_bang = services.issuer_create(
        actor=None, unit=org.province_b, profile=state, name="Bộ CHQS tỉnh Cao Bằng",
        abbreviation="BCHCB", place="Cao Bằng", valid_from=dt.date(2020, 1, 1))
    for issuer, code, day, subject in (
            (command, "BC", dt.date(2026, 1, 5), "Báo cáo quý IV Lạng Sơn"),
            (committee, "NQ", dt.date(2026, 1, 6), "Nghị quyết lãnh đạo"),
            (cao_bang, "BC", dt.date(2026, 1, 7), "Báo cáo quý IV Cao Bằng")):
        services.number_issue(actor=None, issuer=issuer, document_type=doc_type(code),
                              date=day, subject=subject)
    return cao_bang


def test_register_is_scoped_filtered_and_exported(client, org, numbers):
    client.force_login(org.users["officer_a"])
    response = client.get(reverse("documents:register"))
    assertContains(response, "01/BC-BCH")
    assertContains(response, "01-NQ/ĐUQS")
    assertNotContains(response, "BCHCB")
    response = client.get(reverse("documents:register"), {"q": "NQ"}, HTTP_HX_REQUEST="true")
    assert [n.symbol for n in response.context["page"].object_list] == ["01-NQ/ĐUQS"]
    assert "<html" not in response.content.decode()
    response = client.get(reverse("documents:register-export"), {"year": "2026"})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [c for row in book.active.iter_rows(values_only=True) for c in row if c]
    assert "01/BC-BCH" in cells
    assert "01-NQ/ĐUQS" in cells
    assert "01/BC-BCHCB" not in cells
    client.force_login(org.users["officer_b"])
    response = client.get(reverse("documents:register"))
    assert [n.symbol for n in response.context["page"].object_list] == ["01/BC-BCHCB"]


def test_clerk_issues_a_number_on_the_screen(client, org, command):
    client.force_login(org.users["clerk_a"])
    url = reverse("documents:number-issue")
    assertContains(client.get(url, {"issuer": command.pk}), "Bộ Chỉ huy quân sự tỉnh Lạng Sơn")
    response = client.post(url, {"issuer": command.pk, "date": "05/01/2026",
                                 "document_type": DocumentType.objects.get(code="BC").pk,
                                 "subject": "Báo cáo kết quả"})
    assert response.status_code == 302
    assert IssuedNumber.objects.get().symbol == "01/BC-BCH"
    response = client.post(url, {"issuer": command.pk, "date": "04/01/2026",
                                 "document_type": DocumentType.objects.get(code="BC").pk,
                                 "subject": "Báo cáo muộn"})
    assertContains(response, "thứ tự thời gian")
    assert IssuedNumber.objects.count() == 1


def test_issuer_screens(client, org, state):
    client.force_login(org.users["officer_a"])
    url = reverse("documents:issuer-create")
    payload = {"unit": org.province_a.pk, "profile": state.pk, "name": "Bộ CHQS tỉnh",
               "abbreviation": "BC H", "place": "Lạng Sơn", "valid_from": "01/01/2020"}
    response = client.post(url, payload)
    assertContains(response, "không có dấu cách")
    assert not Issuer.objects.exists()
    response = client.post(url, {**payload, "abbreviation": "BCH"})
    issuer = Issuer.objects.get()
    assert response.status_code == 302
    response = client.post(reverse("documents:issuer-rename", args=[issuer.pk]), {
        "name": "Bộ CHQS tỉnh Lạng Sơn (mới)", "abbreviation": "BCHLS", "place": "Lạng Sơn",
        "valid_from": "01/07/2025"})
    assert response.status_code == 302
    issuer.refresh_from_db()
    assert issuer.valid_to == dt.date(2025, 6, 30)
    detail = client.get(reverse("documents:issuer-detail", args=[issuer.pk]))
    assertContains(detail, "BCHLS")
    listing = client.get(reverse("documents:issuer-list"), {"current": "on"})
    assert [i.abbreviation for i in listing.context["page"].object_list] == ["BCHLS"]
    client.force_login(org.users["clerk_a"])
    assert client.get(reverse("documents:issuer-edit", args=[issuer.pk])).status_code == 403
    assert client.post(url, payload).status_code == 403


def test_profiles_and_types_are_edited_by_the_superuser_only(client, org, state):
    client.force_login(org.users["admin_hq"])
    assertContains(client.get(reverse("documents:profile-list")), "Nghị định 30/2020/NĐ-CP")
    edit = reverse("documents:profile-edit", args=[state.pk])
    assert client.post(edit, {"margin_left_mm": "35"}).status_code == 403
    assert client.post(reverse("documents:type-create"), {
        "code": "XX", "name": "X", "applies_to": "all", "order": 1}).status_code == 403
    root = User.objects.create_superuser("root", password="x")
    client.force_login(root)
    form = client.get(edit).context["form"]
    data = {name: ("on" if value is True else "" if value in (False, None) else value)
            for name, value in form.initial.items() if name in form.fields}
    data = {k: v for k, v in data.items() if v != ""}
    response = client.post(edit, {**data, "margin_left_mm": "35"})
    assert response.status_code == 302, response.context["form"].errors
    state.refresh_from_db()
    assert state.margin_left_mm == 35
    response = client.post(reverse("documents:type-create"), {
        "code": "BC HT", "name": "Sai", "applies_to": "all", "order": 1})
    assertContains(response, "không có dấu cách")
    client.post(reverse("documents:type-create"), {"code": "BCTK", "name": "Báo cáo thống kê",
                                                   "applies_to": "state", "order": 1})
    assert DocumentType.objects.filter(code="BCTK").exists()


def test_report_form_downloads_a_word_file_and_takes_a_number(client, org, command):
    org.rifles(org.province_a, "A-1", day=dt.date(2026, 1, 10))
    client.force_login(org.users["officer_a"])
    url = reverse("documents:report")
    assert client.get(url, {"unit": org.commune_a.pk}).status_code == 200
    response = client.post(url, {
        "unit": org.province_a.pk, "start": "01/01/2026", "end": "31/03/2026",
        "issuer": command.pk, "date": "02/04/2026", "issue_number": "on",
        "situation": "Tình hình ổn định.", "sign_prefix": "TM.", "sign_office": "Bộ Chỉ huy",
        "sign_title": "Chỉ huy trưởng", "sign_name": "Đại tá Nguyễn Văn A",
        "recipients": "Bộ Tư lệnh Quân khu 1\nCục Kỹ thuật"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = Document(io.BytesIO(b"".join(response.streaming_content)))
    texts = [p.text for p in document.paragraphs]
    assert "Tình hình ổn định." in texts
    issued = IssuedNumber.objects.get()
    assert issued.symbol == "01/BC-BCH"
    header = document.tables[0].cell(1, 0).paragraphs
    assert any(p.text == "Số: 01/BC-BCH" for p in header)
    bad = client.post(url, {"unit": org.province_a.pk, "start": "01/04/2026",
                            "end": "01/01/2026", "date": "02/04/2026"})
    assertContains(bad, "trước ngày đầu kỳ")


def test_submitting_the_report_form_again_takes_no_second_number(client, org, command):
    """A double click, or a retry after an abandoned download, submits the same filling of the
    form (its hidden request key): the register keeps one number. A new filling takes the next."""
    client.force_login(org.users["officer_a"])
    url = reverse("documents:report")
    page = client.get(url)
    key = page.context["form"].initial["request_key"]
    assertContains(page, f'name="request_key" value="{key}"')
    data = {"unit": org.province_a.pk, "start": "01/01/2026", "end": "31/03/2026",
            "issuer": command.pk, "date": "02/04/2026", "issue_number": "on",
            "request_key": key}
    for _attempt in range(3):
        response = client.post(url, data)
        document = Document(io.BytesIO(b"".join(response.streaming_content)))
        header = document.tables[0].cell(1, 0).paragraphs
        assert any(p.text == "Số: 01/BC-BCH" for p in header)
    assert list(IssuedNumber.objects.values_list("symbol", flat=True)) == ["01/BC-BCH"]
    fresh = client.get(url).context["form"].initial["request_key"]
    assert fresh != key
    client.post(url, {**data, "request_key": fresh})
    assert sorted(IssuedNumber.objects.values_list("symbol", flat=True)) == [
        "01/BC-BCH", "02/BC-BCH"]


def test_handover_link_and_record(client, org, command):
    org.rifles(org.province_a, "A-1", day=dt.date(2026, 1, 10))
    movement = holdings.movement_post(actor=None, movement=holdings.movement_create(
        actor=None, kind="issue", from_unit=org.province_a, to_unit=org.commune_a,
        effective_date=dt.date(2026, 2, 3), lines=[holdings.LineSpec(
            type=org.rifle, item=Item.objects.get(serial="A-1"), grade=1,
            usage_group=org.sscd)]))
    client.force_login(org.users["clerk_commune"])  # the receiving side sees it too
    detail = client.get(reverse("holdings:movement-detail", args=[movement.pk]))
    assertContains(detail, reverse("documents:movement-handover", args=[movement.pk]))
    response = client.get(reverse("documents:movement-handover", args=[movement.pk]))
    document = Document(io.BytesIO(b"".join(response.streaming_content)))
    assert "BIÊN BẢN" in [p.text for p in document.paragraphs]
    # A grade change hands nothing over: no record, no link.
    regrade = holdings.movement_post(actor=None, movement=holdings.movement_create(
        actor=None, kind="grade_change", from_unit=org.commune_a,
        effective_date=dt.date(2026, 2, 4), lines=[holdings.LineSpec(
            type=org.rifle, item=Item.objects.get(serial="A-1"), grade=1, grade_to=2,
            usage_group=org.sscd)]))
    client.force_login(org.users["officer_hq"])
    detail = client.get(reverse("holdings:movement-detail", args=[regrade.pk]))
    assertNotContains(detail, "handover-docx")
    assert client.get(reverse("documents:movement-handover",
                              args=[regrade.pk])).status_code == 404


def test_format_profile_defaults_exist():
    assert set(FormatProfile.objects.values_list("code", flat=True)) >= {"state", "party"}


def test_issuer_search_ignores_diacritics(client, org, command, committee):
    client.force_login(org.users["viewer_a"])
    response = client.get(reverse("documents:issuer-list"), {"q": "dang uy"})
    assert [i.abbreviation for i in response.context["page"].object_list] == ["ĐUQS"]
    export = client.get(reverse("documents:issuer-export"), {"q": "BCH"})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    cells = [c for row in book.active.iter_rows(values_only=True) for c in row if c]
    assert "BCH" in cells
    assert "ĐUQS" not in cells

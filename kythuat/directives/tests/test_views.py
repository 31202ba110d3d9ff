"""The directive screens: scoping (404 outside reach), forms' Vietnamese errors, htmx partials,
the export and the attached file."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from kythuat.audit.models import AuditEvent
from kythuat.directives import services
from kythuat.directives.models import Clause, Directive

from .conftest import kind

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _login(client, org, persona):
    client.force_login(org.users[persona])


def test_list_shows_directives_down_and_up(client, org, chain, issuers, make):
    make(issuers.state_b, 3, dt.date(2021, 6, 1), "KH", title="Kế hoạch Cao Bằng")
    _login(client, org, "clerk_commune")
    response = client.get(reverse("directives:directive-list"))
    assertContains(response, "12-NQ/ĐUQK")  # the region, above
    assertContains(response, "05-CTr/ĐUQS")  # the province, above
    assertNotContains(response, "Kế hoạch Cao Bằng")


def test_list_answers_htmx_with_rows_only(client, org, chain, django_assert_max_num_queries):
    _login(client, org, "officer_hq")
    with django_assert_max_num_queries(10):
        response = client.get(reverse("directives:directive-list"), {"q": "chuong trinh"},
                              headers=HTMX)
    assertTemplateUsed(response, "directives/_directive_rows.html")
    assertContains(response, "05-CTr/ĐUQS")
    assertNotContains(response, "12-NQ/ĐUQK")


def test_list_with_a_bad_year_says_so(client, org, chain):
    _login(client, org, "officer_hq")
    response = client.get(reverse("directives:directive-list"), {"year": "năm"})
    assert response.status_code == 200
    assertContains(response, "Năm: Hãy nhập một số.")


def test_export_lists_the_visible_directives(client, org, chain, issuers, make):
    make(issuers.state_b, 3, dt.date(2021, 6, 1), "KH", [chain.top], title="Kế hoạch Cao Bằng")
    _login(client, org, "officer_b")
    response = client.get(reverse("directives:directive-export"))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = [row for row in book.active.iter_rows(values_only=True) if row and row[0]]
    numbers = [row[0] for row in rows[-2:]]
    assert numbers == ["03/KH-BCH", "12-NQ/ĐUQK"]
    assert rows[-2][7] == "12-NQ/ĐUQK"  # what it implements


def test_detail_shows_clauses_links_and_no_forms_to_a_viewer(client, org, chain):
    services.clause_create(actor=None, directive=chain.middle, number="2", text="Tủ súng xã")
    _login(client, org, "viewer_a")
    response = client.get(chain.middle.get_absolute_url())
    assertContains(response, "Tủ súng xã")
    assertContains(response, "12-NQ/ĐUQK")  # what it implements
    assertContains(response, "30/KH-BCH")  # what implements it
    assertNotContains(response, reverse("directives:clause-create", args=[chain.middle.pk]))
    assertNotContains(response, 'id="status-form"')


def test_detail_offers_the_forms_to_an_officer(client, org, chain):
    _login(client, org, "officer_a")
    response = client.get(chain.middle.get_absolute_url())
    assertContains(response, reverse("directives:clause-create", args=[chain.middle.pk]))
    assertContains(response, 'id="status-form"')


def test_directive_outside_reach_answers_404(client, org, chain):
    _login(client, org, "officer_b")
    for name in ("directive-detail", "directive-cascade", "directive-edit", "directive-file"):
        assert client.get(reverse(f"directives:{name}", args=[chain.middle.pk])).status_code \
            == 404, name
    assert client.get(chain.top.get_absolute_url()).status_code == 200  # the region's: above


def test_cascade_page_shows_the_tree_within_reach(client, org, chain):
    _login(client, org, "officer_b")
    response = client.get(reverse("directives:directive-cascade", args=[chain.top.pk]))
    assertContains(response, "12-NQ/ĐUQK")
    assertNotContains(response, "SECRET-A")
    _login(client, org, "clerk_commune")
    response = client.get(reverse("directives:directive-cascade", args=[chain.middle.pk]))
    text = response.content.decode()
    assert text.index("12-NQ/ĐUQK") < text.index("SECRET-A chương trình") < text.index(
        "30/KH-BCH")


def test_create_records_a_directive_with_its_file(client, org, issuers, chain):
    _login(client, org, "officer_a")
    response = client.post(reverse("directives:directive-create"), {
        "issuer": issuers.state_a.pk, "kind": kind("KH").pk, "number": "41",
        "issued_on": "15/03/2022", "title": "Kế hoạch cải tạo kho",
        "implements": [chain.middle.pk],
        "attachment": SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4 ke hoach")})
    directive = Directive.objects.get(number=41)
    assert response.status_code == 302
    assert response.url == directive.get_absolute_url()
    assert list(directive.implements.all()) == [chain.middle]
    download = client.get(reverse("directives:directive-file", args=[directive.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 ke hoach"
    assert "41-KH-BCH.pdf" in download["Content-Disposition"]


def test_create_shows_the_service_error_under_the_field(client, org, issuers, chain):
    _login(client, org, "officer_a")
    response = client.post(reverse("directives:directive-create"), {
        "issuer": issuers.party_a.pk, "kind": kind("CTr").pk, "number": "5",
        "issued_on": "01/06/2021", "title": "Trùng số"})
    assert response.status_code == 200
    assertContains(response, "đã dùng cho văn bản 05-CTr/ĐUQS")
    assert Directive.objects.count() == 3


def test_create_form_errors_are_vietnamese(client, org, issuers):
    _login(client, org, "officer_a")
    response = client.post(reverse("directives:directive-create"), {
        "issuer": issuers.state_b.pk, "kind": kind("KH").pk, "number": "không",
        "issued_on": "2022-31-12", "title": ""})
    assertContains(response, "Hãy chọn cơ quan ban hành trong danh sách.")  # Cao Bằng's
    assertContains(response, "Nhập số văn bản là số nguyên, ví dụ 382.")
    assertContains(response, "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 29/11/2007.")
    assert not Directive.objects.exists()


def test_create_with_a_huge_implemented_id_says_so(client, org, issuers):
    _login(client, org, "officer_a")
    response = client.post(reverse("directives:directive-create"), {
        "issuer": issuers.state_a.pk, "kind": kind("KH").pk, "number": "41",
        "issued_on": "15/03/2022", "title": "Kế hoạch", "implements": [str(10**30)]})
    assert response.status_code == 200
    assertContains(response, "Hãy chọn văn bản trong danh sách.")
    assert not Directive.objects.exists()


def test_clerk_cannot_open_the_create_service(client, org, issuers):
    _login(client, org, "clerk_a")
    response = client.post(reverse("directives:directive-create"), {
        "issuer": issuers.state_a.pk, "kind": kind("KH").pk, "number": "1",
        "issued_on": "15/03/2022", "title": "X"})
    assert response.status_code == 403
    assertContains(response, "Chỉ cán bộ kỹ thuật của Bộ CHQS tỉnh Lạng Sơn", status_code=403)
    assert not Directive.objects.exists()


def test_edit_changes_the_directive_and_keeps_its_file(client, org, chain):
    _login(client, org, "officer_a")
    url = reverse("directives:directive-edit", args=[chain.bottom.pk])
    form = client.get(url)
    assertContains(form, 'value="30"')
    response = client.post(url, {
        "issuer": chain.bottom.issuer_id, "kind": chain.bottom.kind_id, "number": "31",
        "issued_on": "10/02/2022", "title": "Kế hoạch sửa lại", "implements": [chain.middle.pk]})
    assert response.status_code == 302
    chain.bottom.refresh_from_db()
    assert (chain.bottom.number, chain.bottom.title) == (31, "Kế hoạch sửa lại")


def test_edit_by_an_officer_below_is_forbidden(client, org, chain):
    _login(client, org, "officer_a")
    response = client.post(reverse("directives:directive-edit", args=[chain.top.pk]),
                           {"title": "X"})
    assert response.status_code == 403


def test_status_change_by_htmx(client, org, chain):
    _login(client, org, "officer_hq")
    url = reverse("directives:directive-status", args=[chain.top.pk])
    response = client.post(url, {"status": "expired", "note": "Hết hiệu lực"}, headers=HTMX)
    assert response.headers["HX-Redirect"] == chain.top.get_absolute_url()
    chain.top.refresh_from_db()
    assert chain.top.status == "expired"
    response = client.post(url, {"status": "expired"}, headers=HTMX)
    assertTemplateUsed(response, "directives/_status_form.html")
    assertContains(response, "Văn bản đã ở trạng thái này.")


def test_clause_form_by_htmx_then_saved(client, org, chain):
    _login(client, org, "officer_a")
    url = reverse("directives:clause-create", args=[chain.middle.pk])
    response = client.get(url, headers=HTMX)
    assertTemplateUsed(response, "directives/_clause_form.html")
    response = client.post(url, {"number": "2", "kind": "task", "text": "Tủ súng cho xã"},
                           headers=HTMX)
    clause = Clause.objects.get()
    assert response.headers["HX-Redirect"] == clause.get_absolute_url()
    response = client.post(url, {"number": "2", "kind": "task", "text": "Trùng"}, headers=HTMX)
    assertTemplateUsed(response, "directives/_clause_form.html")
    assertContains(response, "Văn bản này đã có mục số 2; hãy dùng số khác hoặc sửa mục đó.")
    assert Clause.objects.count() == 1


def test_clause_edit_and_delete(client, org, chain):
    clause = services.clause_create(actor=None, directive=chain.middle, number="1", text="A")
    _login(client, org, "officer_a")
    response = client.post(reverse("directives:clause-edit", args=[clause.pk]),
                           {"number": "1.1", "kind": "solution", "text": "Sáng kiến"})
    assert response.status_code == 302
    clause.refresh_from_db()
    assert (clause.number, clause.kind, clause.text) == ("1.1", "solution", "Sáng kiến")
    client.post(reverse("directives:clause-delete", args=[clause.pk]))
    assert not Clause.objects.exists()
    assert AuditEvent.objects.filter(action="deleted", target_type="directives.clause").exists()


def test_clause_form_without_javascript_is_a_page(client, org, chain):
    _login(client, org, "officer_a")
    response = client.post(reverse("directives:clause-create", args=[chain.middle.pk]),
                           {"number": "", "kind": "task", "text": ""})
    assertTemplateUsed(response, "directives/clause_form.html")
    assertContains(response, "Nhập số mục như ghi trong văn bản, ví dụ 2 hoặc 2.3.")
    assertContains(response, "Nhập nội dung nhiệm vụ hoặc giải pháp.")


def test_clause_of_a_higher_directive_cannot_be_added_below(client, org, chain):
    _login(client, org, "officer_a")
    response = client.post(reverse("directives:clause-create", args=[chain.top.pk]),
                           {"number": "1", "kind": "task", "text": "X"})
    assert response.status_code == 403
    assert not Clause.objects.exists()


def test_file_of_a_directive_without_one_is_404(client, org, chain):
    _login(client, org, "officer_a")
    assert client.get(reverse("directives:directive-file", args=[chain.top.pk])).status_code \
        == 404


def test_targets_section_lists_the_targets_the_selector_gives(client, org, chain, monkeypatch):
    from types import SimpleNamespace

    from kythuat.targets import selectors as target_selectors

    clause = services.clause_create(actor=None, directive=chain.middle, number="2", text="Tủ")
    row = SimpleNamespace(
        target=SimpleNamespace(clause_id=clause.pk, clause=clause, unit=org.commune_a,
                               indicator_code="gun-cabinets", goal=12),
        indicator=SimpleNamespace(name="Tủ súng, giá súng"), unit_of_measure="chiếc",
        progress=SimpleNamespace(percent=75))
    seen = {}

    def fake(*, user, directive):
        seen["call"] = (user, directive)
        return [row]

    monkeypatch.setattr(target_selectors, "targets_for_directive", fake)
    _login(client, org, "viewer_a")
    response = client.get(chain.middle.get_absolute_url())
    assertContains(response, "Chỉ tiêu và tiến độ")
    (section,) = [section for _title, section in response.context["sections"]
                  if section.template == "targets/_directive_targets.html"]
    assert section.context["targets"] == [row]
    assert seen["call"] == (org.users["viewer_a"], chain.middle)
    assertContains(response, "75 %")  # drawn by the targets app's template


def test_directive_kinds_are_on_the_reference_screen(client, django_user_model):
    root = django_user_model.objects.create_superuser("root", password="Mật-khẩu-2026")
    client.force_login(root)
    assertContains(client.get(reverse("catalog:reference")), "Loại văn bản chỉ đạo")
    response = client.post(reverse("catalog:reference-create", kwargs={"model": "directive-kind"}),
                           {"code": "BC", "name": "Báo cáo", "order": 90, "is_active": "on"})
    assert response.status_code in (200, 302)
    assert kind("BC").name == "Báo cáo"


def test_edit_replaces_the_file_and_logs_its_name(client, org, chain):
    _login(client, org, "officer_a")
    url = reverse("directives:directive-edit", args=[chain.bottom.pk])
    data = {"issuer": chain.bottom.issuer_id, "kind": chain.bottom.kind_id, "number": "30",
            "issued_on": "10/02/2022", "title": chain.bottom.title,
            "implements": [chain.middle.pk]}
    client.post(url, {**data, "attachment": SimpleUploadedFile("ban-quet.pdf", b"%PDF-1")})
    chain.bottom.refresh_from_db()
    first = chain.bottom.attachment.name
    assert first.endswith(".pdf")
    client.post(url, data)  # no new file: the old one stays
    chain.bottom.refresh_from_db()
    assert chain.bottom.attachment.name == first
    event = AuditEvent.objects.filter(target_type="directives.directive",
                                      target_id=str(chain.bottom.pk)).latest("pk")
    assert event.changes["attachment"] == [None, first]

"""The entered figures' screens: list, entry, detail, confirmation, return and evidence."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from kythuat.indicators import registry, services
from kythuat.indicators.models import EnteredValue
from kythuat.org.models import User

from .test_entered import confirmed, enter, indicator

pytestmark = pytest.mark.django_db

LIST = reverse("dashboard:entered-list")
CREATE = reverse("dashboard:entered-create")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def url(name: str, entered: EnteredValue) -> str:
    return reverse(f"dashboard:{name}", args=[entered.pk])


def payload(org, **changes) -> dict:
    return {"indicator": indicator().pk, "unit": org.province_a.pk, "period_start": "01/01/2025",
            "period_end": "31/12/2025", "value": "2,5", "note": "Hội thi thợ giỏi", **changes}


# List

def test_list_shows_the_figures_of_the_subtree_only(client, org):
    enter(org, note="x", value="4")
    enter(org, unit=org.province_b, actor="officer_b", value="6")
    client.force_login(org.users["officer_a"])
    response = client.get(LIST)
    assertContains(response, "Bộ CHQS tỉnh Lạng Sơn")
    assertNotContains(response, "Bộ CHQS tỉnh Cao Bằng")
    assertContains(response, "4 cuộc")


def test_list_counts_the_figures_awaiting_the_officer(client, org):
    enter(org)
    enter(org, code="tap-huan")
    enter(org, code="phan-mem", actor="officer_a")  # their own: another officer confirms it
    client.force_login(org.users["officer_a"])
    response = client.get(LIST)
    assert response.context["awaiting"] == 2
    client.force_login(org.users["clerk_a"])
    assert "awaiting" not in client.get(LIST).context


def test_list_filters_by_status_and_period(client, org):
    confirmed(org, value="3")
    enter(org, value="8", period=(dt.date(2024, 1, 1), dt.date(2024, 12, 31)))
    client.force_login(org.users["officer_a"])
    response = client.get(LIST, {"status": "confirmed", "from": "01/01/2025",
                                 "to": "31/12/2025"})
    assert [v.value for v in response.context["page"].object_list] == [3]


def test_list_answers_htmx_with_rows_only(client, org):
    enter(org)
    client.force_login(org.users["officer_a"])
    response = client.get(LIST, headers={"HX-Request": "true"})
    assertTemplateUsed(response, "indicators/_entered_rows.html")
    assertNotContains(response, "<html")


def test_list_of_a_unit_outside_the_subtree_answers_404(client, org):
    client.force_login(org.users["officer_a"])
    assert client.get(LIST, {"unit": org.province_b.pk}).status_code == 404


def test_list_exports_excel(client, org):
    confirmed(org, value="3", note="Hội thi lái xe giỏi")
    client.force_login(org.users["officer_a"])
    response = client.get(LIST, {"export": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [c for row in book.active.iter_rows(values_only=True) for c in row if c]
    assert "Hội thi lái xe giỏi" in cells
    assert "Hội thi, hội thao kỹ thuật tổ chức" in cells


# Entry

def test_clerk_enters_a_figure_with_a_decimal_comma_and_evidence(client, org):
    client.force_login(org.users["clerk_a"])
    evidence = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 test", "application/pdf")
    response = client.post(CREATE, {**payload(org), "evidence": evidence})
    entered = EnteredValue.objects.get()
    assert response.status_code == 302
    assert response["Location"] == entered.get_absolute_url()
    assert (entered.value, entered.entered_by) == (Decimal("2.5"), org.users["clerk_a"])
    download = client.get(url("entered-evidence", entered))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"


def test_evidence_of_another_kind_is_refused(client, org):
    client.force_login(org.users["clerk_a"])
    evidence = SimpleUploadedFile("virus.exe", b"MZ", "application/octet-stream")
    response = client.post(CREATE, {**payload(org), "evidence": evidence})
    assert response.status_code == 200
    assert "virus.exe" in response.context["form"].errors["evidence"][0]
    assert not EnteredValue.objects.exists()


def test_service_error_shows_under_its_field(client, org):
    client.force_login(org.users["clerk_a"])
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(CREATE, payload(org, period_end=tomorrow.strftime("%d/%m/%Y")))
    expected = gettext("The period has not ended yet: a figure is entered once its period is "
                       "over.")
    assert response.context["form"].errors["period_end"] == [expected]
    assert not EnteredValue.objects.exists()


def test_overlap_is_shown_on_the_form(client, org):
    enter(org)
    client.force_login(org.users["clerk_a"])
    response = client.post(CREATE, payload(org))
    assert "01/01/2025" in response.context["form"].non_field_errors()[0]
    assert EnteredValue.objects.count() == 1


def test_malformed_date_and_negative_figure_are_said_in_vietnamese(client, org):
    client.force_login(org.users["clerk_a"])
    response = client.post(CREATE, payload(org, period_start="2025/01/01", value="-3"))
    errors = response.context["form"].errors
    assert errors["period_start"] == [gettext("Enter the date as dd/mm/yyyy, for example "
                                              "31/12/2025.")]
    assert errors["value"] == [gettext("A figure cannot be negative.")]
    assert not EnteredValue.objects.exists()


def test_unit_outside_the_subtree_is_not_offered(client, org):
    client.force_login(org.users["clerk_a"])
    response = client.post(CREATE, payload(org, unit=org.province_b.pk))
    assert "unit" in response.context["form"].errors
    assert not EnteredValue.objects.exists()


def test_viewer_may_not_open_the_entry_form(client, org):
    client.force_login(org.users["viewer_a"])
    assert client.get(CREATE).status_code == 403


# Detail, confirmation, return

def test_detail_shows_the_figure_and_its_history(client, org):
    entered = enter(org, value="4")
    services.entered_value_update(actor=org.users["clerk_a"], entered=entered,
                                  data={"value": Decimal("5")})
    client.force_login(org.users["officer_a"])
    response = client.get(url("entered-detail", entered))
    assertContains(response, "5</strong> cuộc")
    assert len(response.context["events"]) == 2
    assert response.context["can_confirm"]
    assert not response.context["own_figure"]


def test_figure_outside_the_subtree_answers_404_with_its_evidence(client, org):
    entered = enter(org, unit=org.province_b, actor="officer_b",
                    evidence=SimpleUploadedFile("qd.pdf", b"%PDF"))
    client.force_login(org.users["officer_a"])
    for name in ("entered-detail", "entered-edit", "entered-evidence", "entered-return"):
        assert client.get(url(name, entered)).status_code == 404, name
    assert client.post(url("entered-confirm", entered)).status_code == 404


def test_officer_confirms_from_the_detail_page(client, org):
    entered = enter(org)
    client.force_login(org.users["officer_a"])
    response = client.post(url("entered-confirm", entered))
    assert response.status_code == 302
    entered.refresh_from_db()
    assert (entered.status, entered.confirmed_by) == (EnteredValue.Status.CONFIRMED,
                                                     org.users["officer_a"])


def test_clerk_sees_no_confirm_button_and_cannot_confirm(client, org):
    entered = enter(org)
    client.force_login(org.users["clerk_a"])
    assert not client.get(url("entered-detail", entered)).context["can_confirm"]
    response = client.post(url("entered-confirm", entered), follow=True)
    entered.refresh_from_db()
    assert entered.status == EnteredValue.Status.ENTERED
    assert [str(m) for m in response.context["messages"]]


def test_officer_cannot_confirm_their_own_figure(client, org):
    entered = enter(org, actor="officer_a")
    client.force_login(org.users["officer_a"])
    assert client.get(url("entered-detail", entered)).context["own_figure"]
    response = client.post(url("entered-confirm", entered), follow=True)
    expected = gettext("You entered this figure yourself; another officer must confirm it.")
    assert [str(m) for m in response.context["messages"]] == [expected]
    entered.refresh_from_db()
    assert entered.status == EnteredValue.Status.ENTERED


def test_return_without_a_reason_shows_the_error(client, org):
    entered = enter(org)
    client.force_login(org.users["officer_a"])
    response = client.post(url("entered-return", entered), {"reason": "  "})
    assert response.status_code == 200
    assert "reason" in response.context["return_form"].errors
    entered.refresh_from_db()
    assert entered.status == EnteredValue.Status.ENTERED


def test_returned_figure_is_corrected_and_sent_back(client, org):
    entered = enter(org)
    client.force_login(org.users["officer_a"])
    client.post(url("entered-return", entered), {"reason": "Thiếu biên bản hội thi"})
    entered.refresh_from_db()
    assert entered.return_reason == "Thiếu biên bản hội thi"
    client.force_login(org.users["clerk_a"])
    assertContains(client.get(url("entered-detail", entered)), "Thiếu biên bản hội thi")
    response = client.post(url("entered-edit", entered), {
        "period_start": "01/01/2025", "period_end": "31/12/2025", "value": "4"})
    assert response.status_code == 302
    entered.refresh_from_db()
    assert (entered.status, entered.value) == (EnteredValue.Status.ENTERED, 4)


def test_confirmed_figure_has_no_edit_screen(client, org):
    entered = confirmed(org)
    client.force_login(org.users["clerk_a"])
    assert client.get(url("entered-edit", entered)).status_code == 403


def test_list_query_count_does_not_grow_with_rows(client, org, django_assert_max_num_queries):
    for code in ("hoi-thi", "tap-huan", "phan-mem", "ngay-ky-thuat"):
        confirmed(org, code=code)
    client.force_login(org.users["officer_a"])
    with django_assert_max_num_queries(12):
        response = client.get(LIST)
    assert len(response.context["page"].object_list) == 4


# Reference data

def test_system_administrator_adds_an_entered_indicator_on_the_reference_screen(client, org):
    admin = User.objects.create_superuser("quantri", "", "Mật-khẩu-2026")
    client.force_login(admin)
    assertContains(client.get(reverse("catalog:reference")), "Phần mềm quản lý kỹ thuật")
    create = reverse("catalog:reference-create", kwargs={"model": "entered-indicator"})
    response = client.post(create, {
        "code": "sang-kien", "name": "Sáng kiến kỹ thuật được công nhận",
        "definition": "Số sáng kiến được hội đồng sáng kiến công nhận trong kỳ.",
        "unit_of_measure": "sáng kiến", "kind": "flow", "direction": "higher",
        "entered_by": "clerk", "order": "50", "is_active": "on"})
    assert response.status_code == 302
    assert registry.get("entered.sang-kien").name == "Sáng kiến kỹ thuật được công nhận"

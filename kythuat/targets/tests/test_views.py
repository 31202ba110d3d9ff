import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from pytest_django.asserts import assertTemplateUsed

from kythuat.audit.models import AuditEvent
from kythuat.indicators import links
from kythuat.indicators.registry import Period
from kythuat.targets import services
from kythuat.targets.models import Target

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(org, assign):
    """Quân khu 1's target, split between its two provinces."""
    org.rifles(org.province_a, "V1", "V2", day=dt.date(2026, 2, 1))
    top = assign(stated_value=10)
    shares = services.target_allocate(actor=None, target=top,
                                      shares=[(org.province_a, 6), (org.province_b, 4)])
    return top, {child.unit: child for child in shares}


def test_list_shows_my_targets_with_their_progress(client, org, tree):
    client.force_login(org.users["officer_a"])
    response = client.get(reverse("targets:target-list"))
    assert response.status_code == 200
    rows = [row.target for row in response.context["page"].object_list]
    assert rows == [tree[1][org.province_a]]
    assert "progress-bar" in response.content.decode()


def test_list_answers_htmx_with_rows_only(client, org, tree):
    client.force_login(org.users["officer_hq"])
    response = client.get(reverse("targets:target-list"), {"unit": org.province_b.pk},
                          headers={"HX-Request": "true"})
    assertTemplateUsed(response, "targets/_target_rows.html")
    assert [row.target.unit for row in response.context["page"].object_list] == [
        org.province_b]


def test_list_filters_by_status(client, org, tree):
    client.force_login(org.users["officer_hq"])
    response = client.get(reverse("targets:target-list"), {"status": "missed"})
    assert list(response.context["page"].object_list) == []


def test_export_opens_in_excel_with_the_progress(client, org, tree):
    client.force_login(org.users["officer_hq"])
    response = client.get(reverse("targets:target-export"))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = [cell for row in book.active.iter_rows(values_only=True) for cell in row]
    assert "Bộ CHQS tỉnh Lạng Sơn" in values
    assert "Bộ CHQS tỉnh Cao Bằng" in values


def test_detail_shows_baseline_goal_actual_allocation_and_history(client, org, tree):
    top, _shares = tree
    client.force_login(org.users["officer_hq"])
    response = client.get(top.get_absolute_url())
    assert response.status_code == 200
    assert response.context["allocation"].allocated == 10
    assert response.context["allocation"].state == "exact"
    assert response.context["can_allocate"] is True
    assert len(response.context["events"]) == 1
    content = response.content.decode()
    assert 'data-allocation="exact"' in content
    period = Period(top.start, min(timezone.localdate(), top.deadline))
    records = links.records_url("holdings.on_hand", org.hq, period)
    assert response.context["row"].records_url == records
    assert escape(records) in content  # the actual opens the records behind it


def test_detail_outside_the_subtree_answers_404(client, org, tree):
    client.force_login(org.users["officer_a"])
    top, shares = tree
    assert client.get(top.get_absolute_url()).status_code == 404
    assert client.get(shares[org.province_b].get_absolute_url()).status_code == 404
    assert client.get(shares[org.province_a].get_absolute_url()).status_code == 200


def test_create_form_sets_a_target(client, org, clause):
    client.force_login(org.users["officer_hq"])
    page = client.get(reverse("targets:target-create"), {"clause": clause.pk})
    assert page.context["form"].initial["clause"] == str(clause.pk)
    response = client.post(reverse("targets:target-create"), {
        "clause": clause.pk, "indicator_code": "holdings.on_hand", "unit": org.province_a.pk,
        "start": "01/01/2026", "deadline": "31/12/2026", "form": "absolute",
        "stated_value": "12", "stated_unit": "piece"})
    target = Target.objects.get()
    assert response.status_code == 302
    assert response["Location"] == target.get_absolute_url()
    assert (target.unit, target.goal, target.assigned_by) == (
        org.province_a, 12, org.users["officer_hq"])


def test_create_form_shows_the_service_message_and_saves_nothing(client, org, clause):
    client.force_login(org.users["officer_hq"])
    response = client.post(reverse("targets:target-create"), {
        "clause": clause.pk, "indicator_code": "holdings.on_hand", "unit": org.hq.pk,
        "start": "01/01/2026", "deadline": "31/12/2025", "form": "absolute",
        "stated_value": "12", "stated_unit": "piece"})
    assert response.status_code == 200
    assert "deadline" in response.context["form"].errors
    assert not Target.objects.exists()


def test_create_is_for_officers(client, org):
    client.force_login(org.users["clerk_a"])
    assert client.get(reverse("targets:target-create")).status_code == 403


def test_allocate_form_splits_among_the_subordinates_left(client, org, assign):
    top = assign()
    client.force_login(org.users["officer_hq"])
    url = reverse("targets:target-allocate", args=[top.pk])
    form = client.get(url).context["form"]
    assert [unit.pk for unit in form.units] == sorted(
        [org.province_a.pk, org.province_b.pk],
        key=lambda pk: {org.province_a.pk: org.province_a.name,
                        org.province_b.pk: org.province_b.name}[pk])
    response = client.post(url, {f"share_{org.province_a.pk}": "7"})
    assert response.status_code == 302
    assert top.children.get().goal == 7


def test_allocate_by_an_officer_below_is_denied(client, org, assign):
    top = assign(unit=org.province_a)
    client.force_login(org.users["clerk_a"])
    assert client.post(reverse("targets:target-allocate", args=[top.pk]),
                       {f"share_{org.commune_a.pk}": "1"}).status_code == 403
    assert not top.children.exists()


def test_edit_form_changes_the_goal_with_an_audit_row(client, org, assign):
    target = assign()
    client.force_login(org.users["officer_hq"])
    response = client.post(reverse("targets:target-edit", args=[target.pk]), {
        "deadline": "30/06/2027", "form": "absolute", "stated_value": "15",
        "stated_unit": "piece"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.goal, target.deadline) == (15, dt.date(2027, 6, 30))
    assert AuditEvent.objects.filter(target_id=str(target.pk), action="changed").exists()


def test_delete_refuses_a_split_target_with_a_message(client, org, tree):
    top, _shares = tree
    client.force_login(org.users["officer_hq"])
    response = client.post(reverse("targets:target-delete", args=[top.pk]), follow=True)
    assert Target.objects.filter(pk=top.pk).exists()
    shown = " ".join(str(message) for message in response.context["messages"])
    assert "hãy xóa chỉ tiêu của các đơn vị đó trước" in shown


def test_directive_page_lists_the_targets_with_progress(client, org, tree, clause):
    client.force_login(org.users["officer_a"])
    response = client.get(reverse("directives:directive-detail", args=[clause.directive.pk]))
    assert response.status_code == 200
    assertTemplateUsed(response, "targets/_directive_targets.html")
    content = response.content.decode()
    own = tree[1][org.province_a]
    assert f'data-target="{own.pk}"' in content
    assert own.get_absolute_url() in content
    assert tree[0].get_absolute_url() not in content  # Quân khu 1's: shown, not linked
    assert f'data-target="{tree[1][org.province_b].pk}"' not in content

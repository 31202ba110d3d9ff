import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed

from kythuat.audit.models import AuditEvent
from kythuat.catalog import services
from kythuat.catalog.models import Branch, EquipmentType, GradeDefinition, UsageGroup
from kythuat.org.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def local_types(org):
    """Types defined by units: one by the HQ, one by Lạng Sơn's commune, one by Cao Bằng."""
    radios = Branch.objects.get(code="thong-tin")
    return {
        "hq": services.equipment_type_create(
            actor=None,
            symbol="PRC-25",
            name="Máy thông tin PRC-25",
            branch=radios,
            uom="bộ",
            tracking="serial",
            owner_unit=org.hq,
        ),
        "commune": services.equipment_type_create(
            actor=None,
            symbol="XA-01",
            name="Cáng cứu thương",
            branch=radios,
            uom="chiếc",
            tracking="bulk",
            owner_unit=org.commune_a,
        ),
        "b": services.equipment_type_create(
            actor=None,
            symbol="CB-01",
            name="Xuồng Cao Bằng",
            branch=radios,
            uom="chiếc",
            tracking="bulk",
            owner_unit=org.province_b,
        ),
    }


def symbols(response) -> set[str]:
    return {etype.symbol for etype in response.context["page"].object_list}


def test_type_list_shows_army_wide_types_and_the_subtrees_own(client, org, local_types):
    client.force_login(org.users["officer_a"])
    response = client.get(reverse("catalog:type-list"))
    assert symbols(response) == {"AK-47", "Đ-7,62", "DẦU-DO", "PRC-25", "XA-01"}
    assertNotContains(response, "Xuồng Cao Bằng")


def test_type_list_of_the_other_province(client, org, local_types):
    client.force_login(org.users["officer_b"])
    response = client.get(reverse("catalog:type-list"))
    assert symbols(response) == {"AK-47", "Đ-7,62", "DẦU-DO", "PRC-25", "CB-01"}


def test_type_search_ignores_diacritics(client, org, local_types):
    client.force_login(org.users["viewer_a"])
    response = client.get(reverse("catalog:type-list"), {"q": "sung tieu lien"})
    assert symbols(response) == {"AK-47"}
    response = client.get(reverse("catalog:type-list"), {"q": "xuong"})
    assert symbols(response) == set()  # Cao Bằng's boat stays hidden


def test_type_list_filters_and_answers_htmx_with_rows(client, org, local_types):
    client.force_login(org.users["viewer_a"])
    branch = Branch.objects.get(code="thong-tin")
    response = client.get(
        reverse("catalog:type-list"),
        {"branch": branch.pk, "tracking": "bulk"},
        headers={"HX-Request": "true"},
    )
    assertTemplateUsed(response, "catalog/_type_rows.html")
    assert symbols(response) == {"XA-01"}


def test_type_list_paginates(client, org, settings):
    settings.KYTHUAT_PAGE_SIZE = 2
    client.force_login(org.users["viewer_a"])
    response = client.get(reverse("catalog:type-list"), {"page": 2})
    assert response.context["page"].paginator.count == 3
    assert len(response.context["page"].object_list) == 1


def test_type_detail_outside_the_subtree_is_404(client, org, local_types):
    client.force_login(org.users["officer_a"])
    url = reverse("catalog:type-detail", args=[local_types["b"].pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("catalog:type-edit", args=[local_types["b"].pk])).status_code == 404


def test_type_detail_sums_the_users_subtree_only(client, org):
    org.rifles(org.province_a, "AK-001", "AK-002")
    org.rifles(org.commune_a, "AK-003", grade=3)
    org.rifles(org.province_b, "AK-900")
    url = reverse("catalog:type-detail", args=[org.rifle.pk])
    client.force_login(org.users["viewer_a"])
    on_hand = _on_hand(client.get(url))  # the holdings' section of the type's page
    assert on_hand["total"] == 3
    assert [row["value"] for row in on_hand["grades"]] == [2, 0, 1, 0, 0]
    client.force_login(org.users["officer_b"])
    assert _on_hand(client.get(url))["total"] == 1


def _on_hand(response) -> dict:
    (section,) = [section for _title, section in response.context["sections"]
                  if section.template == "holdings/_type_on_hand.html"]
    return section.context


def test_viewer_sees_no_buttons_and_cannot_post(client, org, local_types):
    client.force_login(org.users["viewer_a"])
    assertNotContains(client.get(reverse("catalog:type-list")), reverse("catalog:type-create"))
    commune_type = local_types["commune"]
    detail = client.get(reverse("catalog:type-detail", args=[commune_type.pk]))
    assertNotContains(detail, reverse("catalog:type-edit", args=[commune_type.pk]))
    response = client.post(
        reverse("catalog:type-create"),
        {
            "symbol": "V-1",
            "name": "Không được",
            "branch": commune_type.branch_id,
            "uom": "cái",
            "tracking": "bulk",
        },
    )
    assert response.status_code == 403
    response = client.post(
        reverse("catalog:type-edit", args=[commune_type.pk]),
        {
            "symbol": "XA-01",
            "name": "Đổi tên",
            "branch": commune_type.branch_id,
            "uom": "chiếc",
            "tracking": "bulk",
            "is_active": "on",
        },
    )
    assert response.status_code == 403
    assert not EquipmentType.objects.filter(symbol="V-1").exists()
    commune_type.refresh_from_db()
    assert commune_type.name == "Cáng cứu thương"


def test_officer_defines_a_type_for_the_subtree(client, org):
    client.force_login(org.users["officer_a"])
    assertContains(client.get(reverse("catalog:type-list")), reverse("catalog:type-create"))
    response = client.post(
        reverse("catalog:type-create"),
        {
            "symbol": "LS-SUNG-01",
            "name": "Súng kíp",
            "branch": org.rifle.branch_id,
            "uom": "khẩu",
            "tracking": "serial",
            "owner_unit": org.commune_a.pk,
        },
    )
    etype = EquipmentType.objects.get(symbol="LS-SUNG-01")
    assert response.status_code == 302
    assert etype.owner_unit == org.commune_a
    assert AuditEvent.objects.filter(
        target_type="catalog.equipmenttype", target_id=str(etype.pk)
    ).exists()


def test_officer_cannot_define_a_type_for_another_subtree(client, org):
    client.force_login(org.users["officer_a"])
    response = client.post(
        reverse("catalog:type-create"),
        {
            "symbol": "X-1",
            "name": "X",
            "branch": org.rifle.branch_id,
            "uom": "cái",
            "tracking": "bulk",
            "owner_unit": org.province_b.pk,
        },
    )
    assert "owner_unit" in response.context["form"].errors
    assert not EquipmentType.objects.filter(symbol="X-1").exists()


def test_duplicate_symbol_is_refused(client, org):
    client.force_login(org.users["officer_a"])
    response = client.post(
        reverse("catalog:type-create"),
        {
            "symbol": "ak-47",
            "name": "Trùng",
            "branch": org.rifle.branch_id,
            "uom": "khẩu",
            "tracking": "serial",
            "owner_unit": org.province_a.pk,
        },
    )
    assert "symbol" in response.context["form"].errors
    assert EquipmentType.objects.filter(name="Trùng").count() == 0


def test_officer_edits_the_subtrees_type_but_not_army_wide_ones(client, org, local_types):
    client.force_login(org.users["officer_a"])
    commune_type = local_types["commune"]
    response = client.post(
        reverse("catalog:type-edit", args=[commune_type.pk]),
        {
            "symbol": "XA-01",
            "name": "Cáng cứu thương loại mới",
            "branch": commune_type.branch_id,
            "uom": "chiếc",
            "tracking": "bulk",
            "origin": "Việt Nam",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    commune_type.refresh_from_db()
    assert (commune_type.name, commune_type.origin) == ("Cáng cứu thương loại mới", "Việt Nam")
    event = AuditEvent.objects.filter(target_id=str(commune_type.pk), action="changed").get()
    assert event.changes["name"] == ["Cáng cứu thương", "Cáng cứu thương loại mới"]
    assert client.get(reverse("catalog:type-edit", args=[org.rifle.pk])).status_code == 403
    assert client.get(reverse("catalog:type-edit", args=[local_types["hq"].pk])).status_code == 403


def test_tracking_cannot_change_once_held(client, org):
    org.rifles(org.province_a, "AK-001")
    superuser = User.objects.create_superuser("root", password="x")
    client.force_login(superuser)
    response = client.post(
        reverse("catalog:type-edit", args=[org.rifle.pk]),
        {
            "symbol": "AK-47",
            "name": org.rifle.name,
            "branch": org.rifle.branch_id,
            "uom": "khẩu",
            "tracking": "bulk",
            "is_active": "on",
        },
    )
    assert "tracking" in response.context["form"].errors
    org.rifle.refresh_from_db()
    assert org.rifle.tracking == "serial"


def test_branch_list_counts_visible_types(client, org, local_types):
    client.force_login(org.users["officer_a"])
    response = client.get(reverse("catalog:branch-list"))
    counts = {branch.code: branch.type_count for branch in response.context["branches"]}
    assert counts["thong-tin"] == 2  # PRC-25 and XA-01, not Cao Bằng's
    assert counts["quan-khi"] == 2
    assertContains(response, f"{reverse('catalog:type-list')}?branch=")


def test_reference_page_shows_grades_with_the_coefficient_setting(client, org):
    client.force_login(org.users["viewer_a"])
    response = client.get(reverse("catalog:reference"))
    grades = next(t for t in response.context["tables"] if t["slug"] == "grade")
    assert [(g.level, g.is_serviceable) for g in grades["rows"]] == [
        (1, True),
        (2, True),
        (3, False),
        (4, False),
        (5, False),
    ]
    assertContains(response, "Sẵn sàng chiến đấu (SSCĐ)")
    assertNotContains(response, reverse("catalog:reference-create", args=["grade"]))


def test_reference_is_edited_by_the_superuser_only(client, org):
    grade = GradeDefinition.objects.get(level=3)
    url = reverse("catalog:reference-edit", args=["grade", grade.pk])
    data = {
        "level": 3,
        "name": "Cấp 3",
        "description": grade.description,
        "is_serviceable": "on",
        "valid_from": "01/01/2000",
        "source": "QĐ thử",
    }
    client.force_login(org.users["admin_hq"])
    assert client.get(url).status_code == 403
    assert client.post(url, data).status_code == 403
    grade.refresh_from_db()
    assert grade.is_serviceable is False
    client.force_login(User.objects.create_superuser("root", password="x"))
    response = client.post(url, data)
    assert response.status_code == 302
    grade.refresh_from_db()
    assert grade.is_serviceable is True
    assert AuditEvent.objects.get(target_type="catalog.gradedefinition").changes[
        "is_serviceable"
    ] == [False, True]


def test_superuser_adds_a_usage_group(client, org):
    client.force_login(User.objects.create_superuser("root", password="x"))
    response = client.post(
        reverse("catalog:reference-create", args=["usage-group"]),
        {"code": "chien-dau-2", "name": "Dự bị động viên", "order": 50, "valid_from": "01/01/2026"},
    )
    assert response.status_code == 302
    assert UsageGroup.objects.filter(code="chien-dau-2", is_combat_ready=False).exists()


def test_reference_validity_must_end_after_it_starts(client, org):
    client.force_login(User.objects.create_superuser("root", password="x"))
    response = client.post(
        reverse("catalog:reference-create", args=["placement"]),
        {
            "code": "p-x",
            "name": "X",
            "order": 1,
            "valid_from": "01/01/2026",
            "valid_to": "01/01/2025",
        },
    )
    assert "valid_to" in response.context["form"].errors


def test_reference_model_outside_the_allow_list_is_404(client, org):
    client.force_login(User.objects.create_superuser("root", password="x"))
    assert client.get(reverse("catalog:reference-create", args=["user"])).status_code == 404
    assert client.get(reverse("catalog:reference-edit", args=["unit", 1])).status_code == 404

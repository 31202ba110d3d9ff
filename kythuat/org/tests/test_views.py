import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from pytest_django.asserts import assertContains, assertNotContains, assertTemplateUsed
from rest_framework.authtoken.models import Token

from conftest import PASSWORD
from kythuat.audit.models import AuditEvent
from kythuat.org import services
from kythuat.org.forms import allowed_roles
from kythuat.org.models import Role, Unit, UnitKind, User

pytestmark = pytest.mark.django_db


def shown(text: str) -> str:
    """A message as the page shows it: in Vietnamese (the default language), HTML-escaped."""
    with translation.override("vi"):
        return escape(gettext(text))


def login(client, org, persona):
    client.force_login(org.users[persona])
    return org.users[persona]


@pytest.fixture
def admin_a(org):
    """A unit administrator of Lạng Sơn: manages that province and the commune below it."""
    user = User(username="admin_a", unit=org.province_a, role=Role.UNIT_ADMIN)
    user.set_password(PASSWORD)
    user.save()
    return user


# Unit tree ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "seen", "hidden"),
    [
        ("officer_b", ["Bộ CHQS tỉnh Cao Bằng"], ["Bộ CHQS tỉnh Lạng Sơn", "Quân khu 1"]),
        (
            "viewer_a",
            ["Bộ CHQS tỉnh Lạng Sơn", "Ban CHQS xã Hữu Lũng"],
            ["Bộ CHQS tỉnh Cao Bằng", "Quân khu 1"],
        ),
        ("officer_hq", ["Quân khu 1", "Bộ CHQS tỉnh Lạng Sơn", "Bộ CHQS tỉnh Cao Bằng"], []),
    ],
)
def test_unit_list_shows_only_the_users_subtree(client, org, persona, seen, hidden):
    login(client, org, persona)
    response = client.get(reverse("org:unit-list"))
    for name in seen:
        assertContains(response, name)
    for name in hidden:
        assertNotContains(response, name)


def test_unit_list_starts_with_the_users_unit_and_its_children(client, org):
    login(client, org, "officer_hq")
    response = client.get(reverse("org:unit-list"))
    rows = {unit.code: unit for unit in response.context["page"].object_list}
    assert set(rows) == {"QK1", "LS", "CB"}  # the commune waits for Lạng Sơn to be expanded
    assert rows["QK1"].is_expanded
    assert rows["QK1"].level == 0
    assert rows["LS"].level == 1
    assert rows["LS"].child_count == 1


def test_system_administrator_sees_every_top_unit(client, org):
    other = services.unit_create(
        actor=None, parent=None, code="QK2", name="Quân khu 2", kind=org.hq.kind
    )
    client.force_login(User.objects.create_superuser("root", password="x"))
    response = client.get(reverse("org:unit-list"))
    codes = [u.code for u in response.context["page"].object_list]
    assert {"QK1", "QK2", "LS", "CB"} <= set(codes)
    assert other.pk in {u.pk for u in response.context["page"].object_list if u.is_expanded}


def test_unit_search_ignores_diacritics(client, org):
    login(client, org, "officer_hq")
    response = client.get(reverse("org:unit-list"), {"q": "lang son"})
    assert [u.code for u in response.context["page"].object_list] == ["LS"]


def test_unit_search_stays_in_the_subtree(client, org):
    login(client, org, "officer_b")
    response = client.get(reverse("org:unit-list"), {"q": "lang son"})
    assert list(response.context["page"].object_list) == []
    assertContains(response, shown("No unit matches the search."))


def test_unit_list_answers_htmx_with_the_tree_only(client, org):
    login(client, org, "officer_hq")
    response = client.get(
        reverse("org:unit-list"), {"q": "huu lung"}, headers={"HX-Request": "true"}
    )
    assertTemplateUsed(response, "org/_unit_tree.html")
    assertNotContains(response, "<html")
    assertContains(response, "Ban CHQS xã Hữu Lũng")


def test_dissolved_units_are_hidden_unless_asked(client, org):
    dissolved = services.unit_create(
        actor=None,
        parent=org.hq,
        code="TS",
        name="Đoàn Tây Sơn",
        kind=UnitKind.objects.get(code="lu-doan"),
    )
    services.unit_update(actor=None, unit=dissolved, data={"valid_to": dt.date(2020, 6, 30)})
    login(client, org, "officer_hq")
    assertNotContains(client.get(reverse("org:unit-list")), "Đoàn Tây Sơn")
    assertContains(client.get(reverse("org:unit-list"), {"dissolved": "on"}), "Đoàn Tây Sơn")
    children = client.get(reverse("org:unit-children", args=[org.hq.pk]))
    assertNotContains(children, "Đoàn Tây Sơn")


def test_unit_children_returns_child_rows(client, org):
    login(client, org, "viewer_a")
    response = client.get(reverse("org:unit-children", args=[org.province_a.pk]))
    assertTemplateUsed(response, "org/_unit_rows.html")
    assertContains(response, "Ban CHQS xã Hữu Lũng")
    assert [u.level for u in response.context["units"]] == [1]


def test_unit_children_outside_the_subtree_is_404(client, org):
    login(client, org, "officer_b")
    assert client.get(reverse("org:unit-children", args=[org.province_a.pk])).status_code == 404


def test_unit_list_query_count_does_not_grow_with_units(client, org, django_assert_max_num_queries):
    kind = UnitKind.objects.get(code="ban-chqs-xa")
    for n in range(30):
        services.unit_create(
            actor=None,
            parent=org.province_b,
            code=f"CB-XA-{n:02}",
            name=f"Ban CHQS xã {n}",
            kind=kind,
        )
    login(client, org, "officer_hq")
    with django_assert_max_num_queries(6):
        client.get(reverse("org:unit-list"))
    with django_assert_max_num_queries(5):
        response = client.get(reverse("org:unit-children", args=[org.province_b.pk]))
    assert len(response.context["units"]) == 30


# Unit page ------------------------------------------------------------------------------------


def test_unit_detail_outside_the_subtree_is_404(client, org):
    login(client, org, "officer_b")
    assert client.get(reverse("org:unit-detail", args=[org.province_a.pk])).status_code == 404


def test_unit_detail_breadcrumbs_stop_at_the_users_unit(client, org):
    login(client, org, "viewer_a")
    response = client.get(reverse("org:unit-detail", args=[org.commune_a.pk]))
    assert [u.code for u in response.context["ancestors"]] == ["LS"]
    assertNotContains(response, "Quân khu 1")


def test_unit_detail_links_to_the_records_of_the_unit(client, org):
    login(client, org, "viewer_a")
    response = client.get(reverse("org:unit-detail", args=[org.province_a.pk]))
    assertContains(response, f"{reverse('holdings:item-list')}?unit={org.province_a.pk}")
    assertContains(response, f"{reverse('holdings:movement-list')}?unit={org.province_a.pk}")
    assertContains(response, f"{reverse('dashboard:unit-summary')}?unit={org.province_a.pk}")
    assertContains(response, "Ban CHQS xã Hữu Lũng")  # its subordinate


def test_unit_detail_shows_users_and_buttons_only_to_unit_admins(client, org, admin_a):
    url = reverse("org:unit-detail", args=[org.province_a.pk])
    login(client, org, "officer_a")
    response = client.get(url)
    assert response.context["users"] is None
    assertNotContains(response, reverse("org:unit-edit", args=[org.province_a.pk]))
    client.force_login(admin_a)
    response = client.get(url)
    assertContains(response, reverse("org:unit-edit", args=[org.province_a.pk]))
    assert "viewer_a" in {u.username for u in response.context["users"]}


def test_unit_admin_adds_a_subordinate_unit(client, org, admin_a):
    client.force_login(admin_a)
    response = client.post(
        reverse("org:unit-create", args=[org.province_a.pk]),
        {
            "code": "LS-XA-02",
            "name": "Ban CHQS xã Chi Lăng",
            "kind": UnitKind.objects.get(code="ban-chqs-xa").pk,
            "valid_from": "01/01/2025",
        },
    )
    unit = Unit.objects.get(code="LS-XA-02")
    assert response.status_code == 302
    assert response.url == unit.get_absolute_url()
    assert unit.parent == org.province_a
    assert unit.valid_from == dt.date(2025, 1, 1)
    assert AuditEvent.objects.filter(
        target_type="org.unit", target_id=str(unit.pk), actor=admin_a
    ).exists()


def test_duplicate_unit_code_is_shown_under_the_field(client, org, admin_a):
    client.force_login(admin_a)
    response = client.post(
        reverse("org:unit-create", args=[org.province_a.pk]),
        {"code": "ls-xa-01", "name": "Trùng mã", "kind": UnitKind.objects.first().pk},
    )
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert not Unit.objects.filter(name="Trùng mã").exists()


@pytest.mark.parametrize("persona", ["officer_a", "viewer_a"])
def test_unit_create_is_refused_below_unit_admin(client, org, persona):
    login(client, org, persona)
    url = reverse("org:unit-create", args=[org.province_a.pk])
    assert client.get(url).status_code == 403
    response = client.post(
        url, {"code": "X1", "name": "Không được", "kind": UnitKind.objects.first().pk}
    )
    assert response.status_code == 403
    assert not Unit.objects.filter(code="X1").exists()


def test_unit_admin_of_another_province_gets_404(client, org, admin_a):
    client.force_login(admin_a)
    assert client.get(reverse("org:unit-edit", args=[org.province_b.pk])).status_code == 404
    assert client.get(reverse("org:unit-move", args=[org.province_b.pk])).status_code == 404


def test_unit_edit_marks_a_unit_dissolved(client, org, admin_a):
    client.force_login(admin_a)
    response = client.post(
        reverse("org:unit-edit", args=[org.commune_a.pk]),
        {
            "code": "LS-XA-01",
            "name": "Ban CHQS xã Hữu Lũng",
            "short_name": "",
            "kind": org.commune_a.kind_id,
            "valid_from": "01/01/2000",
            "valid_to": "31/12/2024",
        },
    )
    assert response.status_code == 302
    org.commune_a.refresh_from_db()
    assert org.commune_a.valid_to == dt.date(2024, 12, 31)


def test_unit_edit_refuses_end_before_start(client, org, admin_a):
    client.force_login(admin_a)
    response = client.post(
        reverse("org:unit-edit", args=[org.commune_a.pk]),
        {
            "code": "LS-XA-01",
            "name": "Ban CHQS xã Hữu Lũng",
            "kind": org.commune_a.kind_id,
            "valid_from": "01/01/2010",
            "valid_to": "31/12/2009",
        },
    )
    assert "valid_to" in response.context["form"].errors
    org.commune_a.refresh_from_db()
    assert org.commune_a.valid_to is None


def test_unit_move_reparents_the_subtree(client, org):
    login(client, org, "admin_hq")
    url = reverse("org:unit-move", args=[org.commune_a.pk])
    choices = {u.code for u in client.get(url).context["form"].fields["new_parent"].queryset}
    assert choices == {"QK1", "CB"}  # not itself, not its current parent
    response = client.post(url, {"new_parent": org.province_b.pk})
    assert response.status_code == 302
    org.commune_a.refresh_from_db()
    assert org.commune_a.parent == org.province_b
    assert org.commune_a.path.startswith(org.province_b.path)


def test_unit_move_under_itself_is_not_offered(client, org):
    login(client, org, "admin_hq")
    response = client.post(
        reverse("org:unit-move", args=[org.province_a.pk]), {"new_parent": org.commune_a.pk}
    )
    assert "new_parent" in response.context["form"].errors
    org.province_a.refresh_from_db()
    assert org.province_a.parent == org.hq


# Users ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["officer_a", "viewer_a", "clerk_commune"])
def test_user_screens_are_refused_below_unit_admin(client, org, persona):
    login(client, org, persona)
    assert client.get(reverse("org:user-list")).status_code == 403
    assert client.get(reverse("org:user-create")).status_code == 403
    target = org.users["clerk_commune"]
    assert client.get(reverse("org:user-edit", args=[target.pk])).status_code == 403


def test_user_list_shows_the_admins_subtree_only(client, org, admin_a):
    client.force_login(admin_a)
    response = client.get(reverse("org:user-list"))
    names = {u.username for u in response.context["page"].object_list}
    assert names == {"admin_a", "officer_a", "clerk_a", "viewer_a", "clerk_commune"}


def test_user_list_search(client, org):
    login(client, org, "admin_hq")
    response = client.get(reverse("org:user-list"), {"q": "clerk"}, headers={"HX-Request": "true"})
    assertTemplateUsed(response, "org/_user_rows.html")
    assert {u.username for u in response.context["page"].object_list} == {
        "clerk_a",
        "clerk_commune",
    }


@pytest.mark.parametrize("value", ["abc", "1e3", str(2**70)])
def test_user_list_malformed_unit_filter_is_404_not_500(client, org, value):
    login(client, org, "admin_hq")
    assert client.get(reverse("org:user-list"), {"unit": value}).status_code == 404


def user_data(**overrides):
    data = {
        "username": "tro_ly_xa",
        "first_name": "Minh",
        "last_name": "Nguyễn Văn",
        "email": "",
        "position": "Trợ lý kỹ thuật",
        "role": "clerk",
        "password1": "Kho-an-toan-2026",
        "password2": "Kho-an-toan-2026",
    }
    return {**data, **overrides}


def test_unit_admin_creates_a_user_in_the_subtree(client, org, admin_a):
    client.force_login(admin_a)
    response = client.post(reverse("org:user-create"), user_data(unit=org.commune_a.pk))
    assert response.status_code == 302
    user = User.objects.get(username="tro_ly_xa")
    assert (user.unit, user.role) == (org.commune_a, Role.CLERK)
    assert user.check_password("Kho-an-toan-2026")
    assert AuditEvent.objects.filter(
        target_type="org.user", target_id=str(user.pk), action="created"
    ).exists()


def test_unit_admin_cannot_create_a_user_outside_the_subtree(client, org, admin_a):
    client.force_login(admin_a)
    response = client.post(reverse("org:user-create"), user_data(unit=org.province_b.pk))
    assert "unit" in response.context["form"].errors
    assert not User.objects.filter(username="tro_ly_xa").exists()


def test_user_form_refuses_an_unknown_role_and_weak_passwords(client, org, admin_a):
    client.force_login(admin_a)
    response = client.post(
        reverse("org:user-create"),
        user_data(unit=org.commune_a.pk, role="superuser", password1="123", password2="123"),
    )
    errors = response.context["form"].errors
    assert "role" in errors
    assert "password2" in errors
    assert not User.objects.filter(username="tro_ly_xa").exists()


def test_role_choices_stop_at_the_actors_own_role(org):
    officer = org.users["officer_a"]
    assert [value for value, _label in allowed_roles(officer)] == ["viewer", "clerk", "officer"]
    assert "unit_admin" in dict(allowed_roles(org.users["admin_hq"]))


def test_user_edit_outside_the_subtree_is_404(client, org, admin_a):
    client.force_login(admin_a)
    target = org.users["officer_b"]
    assert client.get(reverse("org:user-edit", args=[target.pk])).status_code == 404
    response = client.post(
        reverse("org:user-password", args=[target.pk]),
        {"new_password1": "Mat-khau-moi-99", "new_password2": "Mat-khau-moi-99"},
    )
    assert response.status_code == 404
    target.refresh_from_db()
    assert target.check_password(PASSWORD)


def test_user_edit_changes_role_and_deactivates(client, org, admin_a):
    client.force_login(admin_a)
    target = org.users["clerk_commune"]
    response = client.post(
        reverse("org:user-edit", args=[target.pk]),
        user_data(username="clerk_commune", unit=org.commune_a.pk, role="officer", is_active=""),
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.role, target.is_active) == (Role.OFFICER, False)


def test_user_cannot_be_moved_outside_the_admins_subtree(client, org, admin_a):
    client.force_login(admin_a)
    target = org.users["clerk_commune"]
    response = client.post(
        reverse("org:user-edit", args=[target.pk]),
        user_data(username="clerk_commune", unit=org.province_b.pk, is_active="on"),
    )
    assert "unit" in response.context["form"].errors
    target.refresh_from_db()
    assert target.unit == org.commune_a


def test_admin_sets_a_new_password(client, org, admin_a):
    client.force_login(admin_a)
    target = org.users["viewer_a"]
    response = client.post(
        reverse("org:user-password", args=[target.pk]),
        {"new_password1": "Mat-khau-moi-99", "new_password2": "Mat-khau-moi-99"},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.check_password("Mat-khau-moi-99")


# API token ------------------------------------------------------------------------------------


def test_token_is_shown_once_after_it_is_issued(client, org):
    user = login(client, org, "viewer_a")
    url = reverse("org:token")
    assertContains(client.get(url), shown("You have no API token."))
    response = client.post(url, {"action": "issue"})
    key = Token.objects.get(user=user).key
    assertContains(response, key, count=2)  # the field and the curl example
    assertContains(response, f"Authorization: Token {key}")
    assertNotContains(client.get(url), key)
    event = AuditEvent.objects.get(target_type="org.user", note=shown("API token issued."))
    assert key not in (event.target_id + event.target_repr)


def test_issuing_again_replaces_the_token_and_revoke_removes_it(client, org):
    user = login(client, org, "viewer_a")
    url = reverse("org:token")
    client.post(url, {"action": "issue"})
    first = Token.objects.get(user=user).key
    client.post(url, {"action": "issue"})
    assert Token.objects.get(user=user).key != first
    response = client.post(url, {"action": "revoke"})
    assert response.status_code == 302
    assert not Token.objects.filter(user=user).exists()


def test_links_carry_ids_without_thousand_separators(client, org):
    """Vietnamese number format writes 12345 as "12.345"; an id in a link must stay 12345."""
    big = Unit.objects.create(pk=12345, code="LS-XA-99", name="Ban CHQS xã Yên Bình",
                              parent=org.province_a, kind=org.commune_a.kind,
                              valid_from=org.commune_a.valid_from)
    login(client, org, "viewer_a")
    page = client.get(reverse("org:unit-detail", args=[big.pk])).content.decode()
    assert "unit=12345" in page
    assert "12.345" not in page

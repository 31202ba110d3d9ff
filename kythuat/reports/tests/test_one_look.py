"""One look for every screen: filters say "all" one way, the admin keeps Django's "Change",
no internal reference or English reaches a Vietnamese user, the demo shows its own 404 page."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from kythuat.catalog.models import GradeDefinition

pytestmark = pytest.mark.django_db
ROOT = Path(settings.BASE_DIR)


def empty_choice(field) -> str:
    return str(next(iter(field.choices))[1])


def test_every_filter_says_all_the_same_way(client, org):
    """The empty choice of the filter bars reads "All" (Tất cả), whatever app made it."""
    from kythuat.holdings.filters import MovementFilter
    from kythuat.holdings.models import Movement
    from kythuat.maintenance.forms import DueFilterForm
    from kythuat.reports.forms import IncreaseDecreaseForm, StrengthReportForm

    user = org.users["officer_a"]
    with translation.override("en"):
        movement = MovementFilter({}, queryset=Movement.objects.none()).form
        labels = {
            "movement unit": empty_choice(movement.fields["unit"]),
            "movement kind": empty_choice(movement.fields["kind"]),
            "movement status": empty_choice(movement.fields["status"]),
            "report branch": empty_choice(StrengthReportForm(user=user).fields["branch"]),
            "report type": empty_choice(IncreaseDecreaseForm(user=user).fields["type"]),
        }
        due = DueFilterForm(user=user)
        labels.update({f"due {name}": empty_choice(due.fields[name])
                       for name in ("unit", "kind", "branch", "type")})
    assert set(labels.values()) == {"All"}, labels


def test_no_other_wording_of_all_is_left_in_the_filters():
    variants = ("(all)", "All my units", "Any status", "All branches", "All kinds")
    found = []
    for path in ROOT.glob("kythuat/*/*.py"):
        if path.name not in ("filters.py", "forms.py"):
            continue
        text = path.read_text(encoding="utf-8")
        found += [f"{path.name}: {v}" for v in variants if f'empty_label=_("{v}")' in text]
    assert not found


def test_a_change_of_quantity_is_not_djangos_change():
    """Django admin's "Change" must stay "Thay đổi": the project's column that shows an
    increase or decrease (Tăng/giảm) carries the context "quantity", so the two never meet."""
    for name in ("kythuat/holdings/templates/holdings/item_detail.html",
                 "kythuat/holdings/templates/holdings/lot_detail.html",
                 "kythuat/initiatives/templates/initiatives/initiative_detail.html"):
        text = (ROOT / name).read_text(encoding="utf-8")
        assert '{% translate "Change" context "quantity" %}' in text, name
        assert '{% translate "Change" %}' not in text, name


def test_the_admin_is_named_after_the_product(client, org):
    admin = get_user_model().objects.create_superuser("root", "", "Mật-khẩu-dài-2026")
    client.force_login(admin)
    body = client.get(reverse("admin:index")).content.decode()
    assert "Kỹ Thuật" in body
    assert "Django" not in re.sub(r"<[^>]+>", " ", body).split("</title>")[0]


def test_the_system_administrator_is_not_labelled_read_only(client, org):
    admin = get_user_model().objects.create_superuser("root", "", "Mật-khẩu-dài-2026")
    client.force_login(admin)
    with translation.override("en"):
        body = client.get(reverse("reports:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    meta = re.search(r'class="kt-user-meta">(.*?)</span>', body, re.S).group(1)
    assert str(admin.get_role_display()) not in meta


def test_reference_data_names_no_design_document(client, org):
    assert not GradeDefinition.objects.filter(source__contains="DOMAIN").exists()
    client.force_login(org.users["officer_a"])
    assert "DOMAIN.md" not in client.get(reverse("catalog:reference")).content.decode()


def test_the_demo_site_runs_with_debug_off():
    """`make run` prepares the demo with DEBUG on, then serves it with DEBUG off, so a page
    outside the user's unit shows the Vietnamese 404 page, not the list of every address."""
    script = (ROOT / "scripts" / "run.sh").read_text(encoding="utf-8")
    serve = next(line for line in script.splitlines() if "waitress-serve" in line)
    assert serve.startswith("exec env \"${SITE_ENV[@]}\"")
    assert re.search(r"SITE_ENV=\(DEBUG=false\b", script)


@override_settings(DEBUG=False)
def test_a_unit_outside_the_subtree_shows_the_projects_404_page(client, org):
    client.force_login(org.users["officer_b"])
    response = client.get(reverse("reports:strength"), {"unit": org.province_a.pk})
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    assert "URLconf" not in response.content.decode()

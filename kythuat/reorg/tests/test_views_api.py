import datetime as dt

import pytest
from django.urls import reverse

from kythuat.holdings.models import Balance, Movement
from kythuat.org.models import Unit
from kythuat.reorg import services
from kythuat.reorg.models import Change, Reorganisation

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 7, 1)


def _decision(org, effective=DAY) -> Reorganisation:
    decision = services.decision_create(actor=None, issuer=org.hq, number="15/QĐ-BTL",
                                        title="Sáp nhập",
                                        signed_on=effective - dt.timedelta(days=20),
                                        effective_on=effective)
    services.change_add(actor=None, decision=decision, kind=Change.Kind.DISSOLVE,
                        unit=org.province_a, successor=org.province_b)
    return decision


def test_screens_record_preview_and_apply_a_decision(client, org):
    org.bulk(org.province_a, org.fuel, 40, day=dt.date(2026, 1, 6))
    client.force_login(org.users["officer_hq"])
    response = client.post(reverse("reorg:create"), {
        "issuer": org.hq.pk, "number": "20/QĐ-BTL", "title": "Giải thể",
        "signed_on": "01/06/2026", "effective_on": "01/07/2026", "users": "move"})
    assert response.status_code == 302
    decision = Reorganisation.objects.get(number="20/QĐ-BTL")
    response = client.post(reverse("reorg:change-add", args=[decision.pk]), {
        "kind": "dissolve", "unit": org.province_a.pk, "successor": org.province_b.pk})
    assert response.status_code == 302
    preview = client.get(reverse("reorg:preview", args=[decision.pk]))
    assert preview.status_code == 200
    lines = preview.context["preview"].lines
    assert [(line.type, line.before, line.after) for line in lines] == [(org.fuel.name, 40, 40)]
    assert client.get(reverse("reorg:detail", args=[decision.pk])).status_code == 200
    assert client.get(reverse("reorg:list")).status_code == 200
    response = client.post(reverse("reorg:apply", args=[decision.pk]))
    assert response.status_code == 302
    assert Balance.objects.get(unit=org.province_b, type=org.fuel).quantity == 40
    handover = Movement.objects.get(decision_ref__startswith="20/QĐ-BTL")
    detail = client.get(reverse("reorg:detail", args=[decision.pk]))
    assert detail.context["handovers"] == [handover]
    assert handover.get_absolute_url() in detail.content.decode()
    page = client.get(reverse("org:unit-detail", args=[org.province_b.pk]))
    assert page.context["lineage"]["predecessors"][0].predecessor == org.province_a


def test_screen_refuses_a_cycle_with_a_message_and_changes_nothing(client, org):
    decision = _decision(org)
    client.force_login(org.users["officer_hq"])
    response = client.post(reverse("reorg:change-add", args=[decision.pk]), {
        "kind": "reparent", "unit": org.province_a.pk, "parent": org.commune_a.pk})
    assert response.status_code == 400
    assert response.context["change_form"].errors["parent"]
    assert decision.changes.count() == 1


def test_apply_inside_a_closed_period_says_why(client, org):
    from kythuat.holdings.services import period_close

    period_close(actor=None, unit=org.hq, kind="quarter", year=2026, quarter=1)
    decision = _decision(org, effective=dt.date(2026, 2, 1))
    client.force_login(org.users["officer_hq"])
    response = client.post(reverse("reorg:apply", args=[decision.pk]), follow=True)
    assert response.status_code == 200
    assert Unit.objects.get(pk=org.province_a.pk).valid_to is None
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_tree_as_at_a_date_shows_the_units_then(client, org):
    services.decision_apply(actor=None, decision=_decision(org), today=DAY)
    client.force_login(org.users["officer_hq"])
    before = client.get(reverse("org:unit-list"), {"on": "30/06/2026"})
    after = client.get(reverse("org:unit-list"), {"on": "01/07/2026"})
    assert org.province_a in before.context["units"]
    assert org.province_a not in after.context["units"]


def test_indicator_page_switch_changes_the_figures(client, org):
    org.rifles(org.province_a, "AK-1", "AK-2", day=dt.date(2026, 1, 6))
    services.decision_apply(actor=None, decision=_decision(org), today=DAY)
    client.force_login(org.users["officer_hq"])
    url = reverse("dashboard:indicator-detail", kwargs={"code": "holdings.on_hand"})
    params = {"unit": org.province_b.pk, "from": "01/01/2026", "to": "31/03/2026"}
    was = client.get(url, params)
    now = client.get(url, {**params, "view": "as_is"})
    assert was.context["value"].total == 0
    assert now.context["value"].total == 2
    assert now.context["view"] == "as_is"


def test_api_decision_changes_preview_apply_lineage(client, org):
    org.bulk(org.province_a, org.fuel, 40, day=dt.date(2026, 1, 6))
    client.force_login(org.users["officer_hq"])
    created = client.post("/api/v1/reorganisations/", {
        "issuer": org.hq.pk, "number": "21/QĐ", "title": "x", "signed_on": "2026-06-01",
        "effective_on": "2026-07-01"}, content_type="application/json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    bad = client.post(f"/api/v1/reorganisations/{pk}/changes/", {
        "kind": "reparent", "unit": org.province_a.pk, "parent": org.commune_a.pk},
        content_type="application/json")
    assert bad.status_code == 400
    change = client.post(f"/api/v1/reorganisations/{pk}/changes/", {
        "kind": "merge", "unit": org.province_a.pk, "successor": org.province_b.pk},
        content_type="application/json")
    assert change.status_code == 201, change.json()
    preview = client.get(f"/api/v1/reorganisations/{pk}/preview/").json()
    assert preview["balances"] is True
    applied = client.post(f"/api/v1/reorganisations/{pk}/apply/")
    assert applied.status_code == 200, applied.json()
    assert applied.json()["status"] == "applied"
    assert Movement.objects.filter(from_unit=org.province_a, to_unit=org.province_b).exists()
    history = client.get(f"/api/v1/unit-history/{org.province_b.pk}/").json()
    assert history["predecessors"][0]["predecessor"] == org.province_a.pk
    tree = client.get("/api/v1/unit-history/", {"on": "2026-06-30"}).json()
    codes = {row["code"] for row in tree["results"]}
    assert "LS" in codes
    tree = client.get("/api/v1/unit-history/", {"on": "2026-07-01"}).json()
    assert "LS" not in {row["code"] for row in tree["results"]}


def test_api_outside_decision_is_404(client, org):
    decision = services.decision_create(actor=None, issuer=org.province_a, number="1/QĐ",
                                        title="x", signed_on=DAY, effective_on=DAY)
    client.force_login(org.users["officer_b"])
    assert client.get(f"/api/v1/reorganisations/{decision.pk}/").status_code == 404
    assert client.post(f"/api/v1/reorganisations/{decision.pk}/apply/").status_code == 404
    assert client.get(reverse("reorg:detail", args=[decision.pk])).status_code == 404


def test_a_decision_from_above_is_seen_by_the_units_it_changes_and_only_their_part(client, org):
    """The region's decision renaming two provinces is in each province's list, showing that
    province's change only and no way to change it; a commune below, which it does not
    change, does not see it."""
    decision = services.decision_create(actor=None, issuer=org.hq, number="31/QĐ-BTL",
                                        title="Đổi tên", signed_on=dt.date(2026, 6, 1),
                                        effective_on=DAY)
    names = {org.province_a: "Bộ CHQS tỉnh Lạng Sơn (mới)", org.province_b: "Bộ CHQS tỉnh B (mới)"}
    for unit, name in names.items():
        services.change_add(actor=None, decision=decision, kind=Change.Kind.RENAME, unit=unit,
                            name=name)
    for user, own, other in (("officer_a", org.province_a, org.province_b),
                             ("officer_b", org.province_b, org.province_a)):
        client.force_login(org.users[user])
        assert "31/QĐ-BTL" in client.get(reverse("reorg:list")).content.decode()
        response = client.get(reverse("reorg:detail", args=[decision.pk]))
        page = response.content.decode()
        assert names[own] in page
        assert names[other] not in page
        assert response.context["can_edit"] is False
        listed = client.get("/api/v1/reorganisations/").json()["results"]
        assert [[change["name"] for change in d["changes"]] for d in listed] == [[names[own]]]
    client.force_login(org.users["clerk_commune"])
    assert "31/QĐ-BTL" not in client.get(reverse("reorg:list")).content.decode()
    assert client.get(reverse("reorg:detail", args=[decision.pk])).status_code == 404

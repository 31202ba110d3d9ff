"""The API of directives, clauses, kinds and the cascade: the services' rules answer 400 with
Vietnamese messages, never 500; scoping is down and up."""

import pytest
from django.urls import reverse

from kythuat.directives.models import Clause, Directive

from .conftest import kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, org):
    def login(persona: str):
        client.force_login(org.users[persona])
        return client

    return login


def _payload(issuer, **extra) -> dict:
    return {"issuer": issuer.pk, "kind": kind("KH").pk, "number": 41,
            "issued_on": "2022-03-15", "title": "Kế hoạch cải tạo kho", **extra}


def test_list_is_down_and_up_and_filtered(api, chain, issuers, make):
    make(issuers.state_b, 3, chain.top.issued_on, "KH", [chain.top], title="Kế hoạch Cao Bằng")
    response = api("officer_b").get(reverse("directive-list"))
    assert [row["number_symbol"] for row in response.json()["results"]] == [
        "12-NQ/ĐUQK", "03/KH-BCH"]  # newest first, then the highest number
    response = api("clerk_commune").get(reverse("directive-list"), {"q": "ke hoach"})
    assert [row["number_symbol"] for row in response.json()["results"]] == ["30/KH-BCH"]


def test_retrieve_shows_clauses_and_visible_links(api, chain, issuers, make):
    own = make(issuers.state_b, 3, chain.bottom.issued_on, "KH", [chain.top, chain.bottom])
    Clause.objects.create(directive=own, number="1", text="Tủ súng")
    data = api("officer_b").get(reverse("directive-detail", args=[own.pk])).json()
    assert data["implements"] == [chain.top.pk]  # Lạng Sơn's plan is out of reach
    assert [c["text"] for c in data["clauses"]] == ["Tủ súng"]
    assert (data["series"], data["status"]) == ("2022", "in_force")


def test_create_uses_the_service(api, org, issuers, chain):
    response = api("officer_a").post(reverse("directive-list"),
                                     _payload(issuers.state_a, implements=[chain.middle.pk]),
                                     content_type="application/json")
    assert response.status_code == 201, response.json()
    directive = Directive.objects.get(pk=response.json()["id"])
    assert directive.number_symbol == "41/KH-BCH"
    assert list(directive.implements.all()) == [chain.middle]


@pytest.mark.parametrize(("extra", "field", "message"), [
    ({"number": 30}, "number", "đã dùng cho văn bản 30/KH-BCH"),
    ({"issued_on": "2021-01-01"}, "implements", "một văn bản chỉ có thể thực hiện"),
    ({"number": 0}, "number", None),
    ({"number": 10**12}, "number", None),
    ({"issued_on": "15/13/2022"}, "issued_on", "Hãy nhập ngày hợp lệ"),
    ({"issuer": 999999}, "issuer", "Không có cơ quan ban hành nào mang id 999999"),
    ({"title": ""}, "title", "Trường này là bắt buộc."),
])
def test_bad_input_answers_400_in_vietnamese(api, issuers, chain, extra, field, message):
    data = _payload(issuers.state_a, issued_on="2022-02-10", implements=[chain.middle.pk])
    response = api("officer_a").post(reverse("directive-list"), {**data, **extra},
                                     content_type="application/json")
    assert response.status_code == 400
    errors = response.json()["errors"][field]
    if message:
        assert message in " ".join(errors)
    assert Directive.objects.count() == 3


def test_self_link_by_patch_answers_400(api, chain):
    response = api("officer_a").patch(reverse("directive-detail", args=[chain.middle.pk]),
                                      {"implements": [chain.middle.pk]},
                                      content_type="application/json")
    assert response.status_code == 400
    assert "không thể tự thực hiện chính nó" in response.json()["errors"]["implements"][0]


def test_cycle_by_patch_answers_400(api, chain):
    response = api("officer_hq").patch(reverse("directive-detail", args=[chain.top.pk]),
                                       {"implements": [chain.bottom.pk]},
                                       content_type="application/json")
    assert response.status_code == 400
    assert not chain.top.implements.exists()


def test_patch_of_a_higher_directive_is_forbidden(api, chain):
    response = api("officer_a").patch(reverse("directive-detail", args=[chain.top.pk]),
                                      {"title": "X"}, content_type="application/json")
    assert response.status_code == 403


def test_status_action(api, chain):
    url = reverse("directive-status", args=[chain.top.pk])
    response = api("officer_hq").post(url, {"status": "replaced"},
                                      content_type="application/json")
    assert response.json()["status"] == "replaced"
    response = api("officer_hq").post(url, {"status": "gone"}, content_type="application/json")
    assert response.status_code == 400


def test_cascade_action(api, chain):
    data = api("clerk_commune").get(reverse("directive-cascade", args=[chain.middle.pk])).json()
    assert [(r["directive"]["number_symbol"], r["depth"]) for r in data["ancestors"]] == [
        ("12-NQ/ĐUQK", 1)]
    assert [(r["directive"]["number_symbol"], r["via"]) for r in data["descendants"]] == [
        ("30/KH-BCH", chain.middle.pk)]
    data = api("officer_b").get(reverse("directive-cascade", args=[chain.top.pk])).json()
    assert data["descendants"] == []


def test_clauses_create_list_update_delete(api, chain):
    client = api("officer_a")
    response = client.post(reverse("directive-clause-list"), {
        "directive": chain.middle.pk, "number": "2", "kind": "task", "text": "Tủ súng"},
        content_type="application/json")
    assert response.status_code == 201
    clause_id = response.json()["id"]
    listed = client.get(reverse("directive-clause-list"), {"directive": chain.middle.pk}).json()
    assert [c["number"] for c in listed["results"]] == ["2"]
    response = client.patch(reverse("directive-clause-detail", args=[clause_id]),
                            {"text": "Tủ súng, giá súng"}, content_type="application/json")
    assert response.json()["text"] == "Tủ súng, giá súng"
    duplicate = client.post(reverse("directive-clause-list"), {
        "directive": chain.middle.pk, "number": "2", "text": "X"},
        content_type="application/json")
    assert duplicate.status_code == 400
    assert "đã có mục số 2" in duplicate.json()["errors"]["number"][0]
    assert client.delete(reverse("directive-clause-detail", args=[clause_id])).status_code == 204
    assert not Clause.objects.exists()


def test_kinds_are_listed(api, org):
    data = api("viewer_a").get(reverse("directive-kind-list")).json()
    assert [k["code"] for k in data["results"]] == ["NQ", "KL", "CTr", "CTHĐ", "KH", "CT", "QĐ",
                                                    "HD"]

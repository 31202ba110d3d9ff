"""Other records point at people: the pickers of the committee, author and recipient forms
fill the free-text fields from the chosen person, and the person's page lists the person's
commendations (a section the commendations app registers)."""

import datetime as dt

import pytest

from kythuat.commendations import services as commendations
from kythuat.commendations.models import Commendation, CommendationForm
from kythuat.commendations.services import RecipientSpec
from kythuat.documents import services as documents
from kythuat.documents.models import FormatProfile
from kythuat.initiatives import services as initiatives
from kythuat.initiatives.forms import InitiativeForm
from kythuat.initiatives.models import InitiativeField
from kythuat.reviews.forms import MemberForm as ReviewMemberForm
from kythuat.stocktake.forms import MemberForm as StocktakeMemberForm

pytestmark = pytest.mark.django_db
D = dt.date


def test_the_committee_pickers_fill_the_text_and_see_only_the_subtree(org, person):
    someone = person("Nguyễn Văn Thành")
    stranger = person("Người Cao Bằng", unit=org.province_b)
    officer = org.users["officer_a"]
    form = ReviewMemberForm({"body": "committee", "role": "Thành viên",
                             "person": someone.pk}, user=officer)
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["name"], form.cleaned_data["rank"]) == (someone.full_name,
                                                                      someone.rank)
    assert not ReviewMemberForm({"body": "committee", "role": "Thành viên",
                                 "person": stranger.pk}, user=officer).is_valid()
    typed = ReviewMemberForm({"body": "committee", "role": "Thành viên", "name": "Tên gõ tay",
                              "person": someone.pk}, user=officer)
    assert typed.is_valid()
    assert typed.cleaned_data["name"] == "Tên gõ tay"  # the typed text is kept
    stock = StocktakeMemberForm({"role": "member", "person": someone.pk}, user=officer)
    assert stock.is_valid(), stock.errors
    assert stock.cleaned_data["name"] == someone.full_name
    assert someone.rank in stock.cleaned_data["position"]


def test_an_initiative_author_chosen_in_the_staff_records(org, person):
    someone = person("Bế Văn Hải")
    form = InitiativeForm({"title": "Giá đỡ kiểm tra nòng súng", "unit": org.province_a.pk,
                           "field": InitiativeField.objects.get(code="quan-khi").pk,
                           "registered_on": "05/01/2025", "main_person": someone.pk},
                          user=org.users["clerk_a"])
    assert form.is_valid(), form.errors
    initiative = initiatives.initiative_register(actor=None, **form.service_data())
    author = initiative.authors.get()
    assert (author.person, author.name, author.is_main) == (someone, someone.full_name, True)


def test_the_person_page_lists_the_commendations(client, org, person):
    someone = person("Hoàng Văn Chung")
    issuer = documents.issuer_create(
        actor=None, unit=org.province_a, profile=FormatProfile.objects.get(code="state"),
        name="Bộ Chỉ huy quân sự tỉnh Lạng Sơn", abbreviation="BCH",
        parent_name="Quân khu 1", place="Lạng Sơn", valid_from=D(2015, 1, 1))
    decision = commendations.decision_create(
        actor=None, issuer=issuer, form=CommendationForm.objects.get(code="giay-khen"),
        decided_on=D(2025, 12, 15), title="Về việc tặng Giấy khen",
        recipients=[RecipientSpec(unit=org.province_a, kind="individual",
                                  full_name=someone.full_name, person=someone,
                                  achievement="Sửa chữa vũ khí đạt chất lượng cao")])
    commendations.decision_issue(actor=None, decision=decision)
    assert Commendation.objects.get().person == someone
    client.force_login(org.users["viewer_a"])
    body = client.get(someone.get_absolute_url()).content.decode()
    assert "Sửa chữa vũ khí đạt chất lượng cao" in body
    client.force_login(org.users["officer_b"])
    assert client.get(someone.get_absolute_url()).status_code == 404

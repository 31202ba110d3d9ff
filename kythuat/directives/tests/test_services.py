"""Every rule of the directive services: a refused write says what is wrong in Vietnamese and
changes nothing; an accepted one writes its audit row."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kythuat.audit.models import AuditEvent
from kythuat.directives import services
from kythuat.directives.models import Clause, Directive
from kythuat.documents import services as document_services

from .conftest import kind

pytestmark = pytest.mark.django_db
D = dt.date


def _events(target) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(target_type=target._meta.label_lower,
                                          target_id=str(target.pk)).order_by("pk"))


# Creating ----------------------------------------------------------------------------------

def test_party_directive_is_numbered_in_the_committee_term(org, issuers, make):
    directive = make(issuers.party_a, 5, D(2021, 3, 1), "CTr", actor=org.users["officer_a"])
    assert directive.series == "term:2020-07-01"
    assert directive.term_label == "2020–2025"
    assert directive.symbol == "CTr/ĐUQS"  # made from the profile, the kind and the issuer
    assert directive.number_symbol == "05-CTr/ĐUQS"
    assert directive.unit == org.province_a
    [event] = _events(directive)
    assert event.action == AuditEvent.Action.CREATED
    assert event.actor == org.users["officer_a"]
    assert event.unit == org.province_a
    assert event.changes["series"] == [None, "term:2020-07-01"]


def test_state_directive_is_numbered_in_the_calendar_year(issuers, make):
    directive = make(issuers.state_a, 7, D(2024, 5, 2), "QĐ")
    assert (directive.series, directive.term_label) == ("2024", "")
    assert directive.number_symbol == "07/QĐ-BCH"


def test_directive_records_what_it_implements(issuers, make):
    top = make(issuers.region, 12, D(2021, 1, 15))
    below = make(issuers.party_a, 5, D(2021, 3, 1), "CTr", [top])
    assert list(below.implements.all()) == [top]
    assert _events(below)[0].changes["implements"] == [None, ["12-NQ/ĐUQK"]]


def test_issuer_renamed_before_the_date_is_refused_with_the_name_of_the_time(org, issuers, make):
    party = issuers.party_a.profile
    renamed = document_services.issuer_create(
        actor=None, unit=org.province_a, profile=party, name="Đảng ủy Bộ CHQS tỉnh", abbreviation=
        "ĐUBCH", place="Lạng Sơn", valid_from=D(2023, 1, 1), predecessor=issuers.party_a,
        term_start=D(2020, 7, 1), term_end=D(2025, 6, 30))
    with pytest.raises(ValidationError) as caught:
        make(renamed, 5, D(2022, 6, 1), "CTr")
    assert caught.value.message_dict["issuer"] == [
        "Ngày 01/06/2022 cơ quan ban hành mang tên Đảng ủy Quân sự tỉnh Lạng Sơn; hãy chọn tên "
        "này vì văn bản được ban hành dưới tên đó."]
    assert not Directive.objects.exists()


def test_issuer_not_yet_in_existence_is_refused(issuers, make):
    with pytest.raises(ValidationError) as caught:
        make(issuers.state_b, 1, D(1999, 6, 1), "QĐ")
    assert "không hoạt động vào ngày 01/06/1999" in caught.value.message_dict["issuer"][0]
    assert not Directive.objects.exists()


def test_party_date_outside_the_committee_term_is_refused(issuers, make):
    with pytest.raises(ValidationError) as caught:
        make(issuers.party_a, 5, D(2019, 3, 1), "CTr")
    assert "nhiệm kỳ" in caught.value.message_dict["issued_on"][0]
    assert not Directive.objects.exists()


def test_issuer_outside_the_actor_subtree_is_refused(org, issuers, make):
    with pytest.raises(ValidationError) as caught:
        make(issuers.state_a, 1, D(2024, 1, 5), "KH", actor=org.users["officer_b"])
    assert caught.value.message_dict["issuer"] == [
        "Hãy chọn cơ quan ban hành của đơn vị mình hoặc của đơn vị cấp dưới."]
    assert not Directive.objects.exists()


def test_higher_officer_may_record_for_a_unit_below(org, issuers, make):
    directive = make(issuers.state_a, 1, D(2024, 1, 5), "KH", actor=org.users["officer_hq"])
    assert directive.unit == org.province_a


@pytest.mark.parametrize("persona", ["clerk_a", "viewer_a"])
def test_only_officers_write_directives(org, issuers, make, persona):
    with pytest.raises(PermissionDenied, match="Chỉ cán bộ kỹ thuật của Bộ CHQS tỉnh Lạng Sơn"):
        make(issuers.state_a, 1, D(2024, 1, 5), "KH", actor=org.users[persona])
    assert not Directive.objects.exists()


@pytest.mark.parametrize(("field", "values", "message"), [
    ("number", {"number": 0}, "Nhập số của văn bản"),
    ("title", {"title": "   "}, "Nhập trích yếu"),
    ("issued_on", {"issued_on": None}, "Nhập ngày ban hành"),
])
def test_missing_data_is_refused(issuers, field, values, message):
    data = {"issuer": issuers.state_a, "kind": kind("KH"), "number": 3,
            "issued_on": D(2024, 1, 5), "title": "Kế hoạch", **values}
    with pytest.raises(ValidationError) as caught:
        services.directive_create(actor=None, **data)
    assert message in caught.value.message_dict[field][0]
    assert not Directive.objects.exists()


def test_kind_no_longer_in_use_is_refused(issuers, make):
    retired = kind("HD")
    retired.is_active = False
    retired.save()
    with pytest.raises(ValidationError, match="không còn dùng"):
        make(issuers.state_a, 1, D(2024, 1, 5), "HD")


def test_attachment_of_another_type_is_refused(issuers, make):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("nghi-quyet.exe", b"MZ")
    with pytest.raises(ValidationError) as caught:
        make(issuers.state_a, 1, D(2024, 1, 5), "KH", attachment=upload)
    assert "PDF, Word" in caught.value.message_dict["attachment"][0]
    assert not Directive.objects.exists()


# Numbering series --------------------------------------------------------------------------

def test_number_used_in_the_same_year_is_refused(issuers, make):
    make(issuers.state_a, 7, D(2024, 1, 5), "QĐ")
    with pytest.raises(ValidationError) as caught:
        make(issuers.state_a, 7, D(2024, 9, 5), "QĐ", title="Khác")
    assert caught.value.message_dict["number"] == [
        "Số 7 của loại QĐ đã dùng cho văn bản 07/QĐ-BCH trong cùng dãy số (năm hoặc nhiệm kỳ); "
        "hãy kiểm tra lại số, hoặc mở văn bản đó."]
    assert Directive.objects.count() == 1


def test_same_number_in_another_year_another_kind_or_another_issuer_is_accepted(issuers, make):
    make(issuers.state_a, 7, D(2024, 1, 5), "QĐ")
    make(issuers.state_a, 7, D(2025, 1, 5), "QĐ")
    make(issuers.state_a, 7, D(2024, 1, 5), "KH")
    make(issuers.state_b, 7, D(2024, 1, 5), "QĐ")
    assert Directive.objects.count() == 4


def test_party_number_is_refused_across_years_of_one_term(issuers, make):
    make(issuers.party_a, 5, D(2021, 3, 1), "CTr")
    with pytest.raises(ValidationError, match="đã dùng cho văn bản 05-CTr/ĐUQS"):
        make(issuers.party_a, 5, D(2024, 3, 1), "CTr")


def test_number_runs_on_across_a_rename(org, issuers, make):
    make(issuers.party_a, 5, D(2021, 3, 1), "CTr")
    renamed = document_services.issuer_create(
        actor=None, unit=org.province_a, profile=issuers.party_a.profile,
        name="Đảng ủy Bộ CHQS tỉnh", abbreviation="ĐUBCH", place="Lạng Sơn",
        valid_from=D(2023, 1, 1), predecessor=issuers.party_a, term_start=D(2020, 7, 1),
        term_end=D(2025, 6, 30))
    with pytest.raises(ValidationError, match="05-CTr/ĐUQS"):
        make(renamed, 5, D(2023, 3, 1), "CTr")
    assert Directive.objects.count() == 1


# What a directive implements -----------------------------------------------------------------

def test_implementing_a_later_directive_is_refused(issuers, make):
    later = make(issuers.region, 12, D(2021, 6, 1))
    with pytest.raises(ValidationError) as caught:
        make(issuers.party_a, 5, D(2021, 3, 1), "CTr", [later])
    assert caught.value.message_dict["implements"] == [
        "Văn bản 12-NQ/ĐUQK ban hành ngày 01/06/2021, sau văn bản này (01/03/2021); một văn "
        "bản chỉ có thể thực hiện các văn bản ban hành trước nó."]
    assert Directive.objects.count() == 1


def test_implementing_itself_is_refused(chain):
    with pytest.raises(ValidationError) as caught:
        services.directive_link(actor=None, directive=chain.middle,
                                implements=[chain.top, chain.middle])
    assert "không thể tự thực hiện chính nó" in caught.value.message_dict["implements"][0]
    assert list(chain.middle.implements.all()) == [chain.top]


def test_a_cycle_is_refused(issuers, make):
    day = D(2021, 3, 1)  # one date for all, so only the cycle rule can refuse
    top = make(issuers.region, 12, day)
    middle = make(issuers.party_a, 5, day, "CTr", [top])
    bottom = make(issuers.state_a, 30, day, "KH", [middle])
    with pytest.raises(ValidationError) as caught:
        services.directive_link(actor=None, directive=top, implements=[bottom])
    assert "vòng lặp" in caught.value.message_dict["implements"][0]
    assert not top.implements.exists()
    assert not AuditEvent.objects.filter(target_id=str(top.pk),
                                         action=AuditEvent.Action.CHANGED).exists()


def test_implementing_a_directive_the_actor_cannot_see_is_refused(org, issuers, make, chain):
    with pytest.raises(ValidationError) as caught:
        make(issuers.state_b, 3, D(2022, 5, 1), "KH", [chain.middle],
             actor=org.users["officer_b"])
    assert caught.value.message_dict["implements"] == [
        f"Hãy chọn các văn bản mà bạn xem được; văn bản có mã {chain.middle.pk} không nằm "
        "trong số đó."]
    assert not Directive.objects.filter(unit=org.province_b).exists()


def test_directive_of_a_higher_unit_may_be_implemented(org, issuers, make, chain):
    mine = make(issuers.state_b, 3, D(2022, 5, 1), "KH", [chain.top],
                actor=org.users["officer_b"])
    assert list(mine.implements.all()) == [chain.top]


def test_link_replaces_the_list_and_writes_the_change(chain, issuers, make):
    other = make(issuers.region, 13, D(2021, 2, 1))
    services.directive_link(actor=None, directive=chain.middle, implements=[chain.top, other])
    assert set(chain.middle.implements.all()) == {chain.top, other}
    event = _events(chain.middle)[-1]
    assert event.changes == {"implements": [["12-NQ/ĐUQK"], ["12-NQ/ĐUQK", "13-NQ/ĐUQK"]]}


# Updating ----------------------------------------------------------------------------------

def test_update_recomputes_the_series_and_writes_the_changes(org, issuers, make):
    directive = make(issuers.state_a, 7, D(2024, 1, 5), "QĐ")
    services.directive_update(actor=org.users["officer_a"], directive=directive,
                              data={"issued_on": D(2025, 2, 1), "title": "Quyết định mới"})
    directive.refresh_from_db()
    assert (directive.series, directive.title) == ("2025", "Quyết định mới")
    event = _events(directive)[-1]
    assert event.action == AuditEvent.Action.CHANGED
    assert event.changes["series"] == ["2024", "2025"]
    assert event.changes["title"] == ["Về lãnh đạo công tác kỹ thuật", "Quyết định mới"]


def test_update_moving_the_date_after_an_implementing_directive_is_refused(chain):
    with pytest.raises(ValidationError) as caught:
        services.directive_update(actor=None, directive=chain.middle,
                                  data={"issued_on": D(2022, 6, 1)})
    assert caught.value.message_dict["issued_on"] == [
        "Văn bản 30/KH-BCH, ban hành ngày 10/02/2022, thực hiện văn bản này; ngày ban hành "
        "không được sau ngày đó."]
    chain.middle.refresh_from_db()
    assert chain.middle.issued_on == D(2021, 3, 1)


def test_update_moving_the_date_before_what_it_implements_is_refused(chain):
    with pytest.raises(ValidationError, match="12-NQ/ĐUQK"):
        services.directive_update(actor=None, directive=chain.middle,
                                  data={"issued_on": D(2020, 12, 1)})
    chain.middle.refresh_from_db()
    assert chain.middle.issued_on == D(2021, 3, 1)


def test_update_to_another_units_issuer_is_refused(chain, issuers):
    with pytest.raises(ValidationError, match="thuộc đơn vị đã ban hành"):
        services.directive_update(actor=None, directive=chain.bottom,
                                  data={"issuer": issuers.state_b})


def test_update_by_an_officer_outside_is_denied(org, chain):
    with pytest.raises(PermissionDenied):
        services.directive_update(actor=org.users["officer_b"], directive=chain.top,
                                  data={"title": "X"})
    chain.top.refresh_from_db()
    assert chain.top.title != "X"


def test_status_change_is_audited(org, chain):
    services.directive_set_status(actor=org.users["officer_hq"], directive=chain.top,
                                  status="replaced", note="Thay bằng Nghị quyết 20")
    chain.top.refresh_from_db()
    assert chain.top.status == Directive.Status.REPLACED
    event = _events(chain.top)[-1]
    assert (event.changes, event.note) == ({"status": ["in_force", "replaced"]},
                                           "Thay bằng Nghị quyết 20")


@pytest.mark.parametrize(("status", "message"), [
    ("in_force", "đã ở trạng thái này"), ("abolished", "Hãy chọn trạng thái")])
def test_status_change_refusals(chain, status, message):
    with pytest.raises(ValidationError, match=message):
        services.directive_set_status(actor=None, directive=chain.top, status=status)
    chain.top.refresh_from_db()
    assert chain.top.status == Directive.Status.IN_FORCE


def test_status_change_by_a_unit_below_is_denied(org, chain):
    with pytest.raises(PermissionDenied):
        services.directive_set_status(actor=org.users["officer_a"], directive=chain.top,
                                      status="expired")


# Clauses -----------------------------------------------------------------------------------

def test_clauses_are_numbered_ordered_and_audited(org, chain):
    first = services.clause_create(actor=org.users["officer_hq"], directive=chain.top,
                                   number="1", text="Xây dựng kho")
    second = services.clause_create(actor=None, directive=chain.top, number="2.1",
                                    kind="solution", text="Sáng kiến")
    assert (first.order, second.order) == (10, 20)
    assert [c.number for c in chain.top.clauses.all()] == ["1", "2.1"]
    assert _events(first)[0].changes["text"] == [None, "Xây dựng kho"]


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"number": "2 a"}, "number", "không có dấu cách"),
    ({"number": ""}, "number", "không có dấu cách"),
    ({"text": "  "}, "text", "Nhập nội dung"),
    ({"kind": "wish"}, "kind", "mục tiêu, nhiệm vụ hay giải pháp"),
])
def test_bad_clause_is_refused(chain, values, field, message):
    data = {"number": "3", "text": "Sửa chữa", "kind": "task", **values}
    with pytest.raises(ValidationError) as caught:
        services.clause_create(actor=None, directive=chain.top, **data)
    assert message in caught.value.message_dict[field][0]
    assert not chain.top.clauses.exists()


def test_clause_number_used_twice_is_refused(chain):
    services.clause_create(actor=None, directive=chain.top, number="1", text="A")
    with pytest.raises(ValidationError) as caught:
        services.clause_create(actor=None, directive=chain.top, number="1", text="B")
    assert caught.value.message_dict["number"] == [
        "Văn bản này đã có mục số 1; hãy dùng số khác hoặc sửa mục đó."]
    assert chain.top.clauses.count() == 1


def test_clause_update_and_delete_are_audited(chain):
    clause = services.clause_create(actor=None, directive=chain.top, number="1", text="A")
    services.clause_update(actor=None, clause=clause, data={"text": "Cải tạo kho"})
    assert _events(clause)[-1].changes == {"text": ["A", "Cải tạo kho"]}
    pk = clause.pk
    services.clause_delete(actor=None, clause=clause)
    assert not Clause.objects.exists()
    deleted = AuditEvent.objects.filter(target_type="directives.clause", target_id=str(pk))
    assert deleted.latest("pk").action == AuditEvent.Action.DELETED


def test_clause_with_targets_attached_is_not_deleted(chain, monkeypatch):
    clause = services.clause_create(actor=None, directive=chain.top, number="1", text="A")
    monkeypatch.setattr(services, "clause_dependents", lambda clause: 2)
    with pytest.raises(ValidationError) as caught:
        services.clause_delete(actor=None, clause=clause)
    assert caught.value.messages == [
        "Mục 1 đang có 2 chỉ tiêu gắn vào; hãy xóa hoặc chuyển các chỉ tiêu đó trước khi xóa "
        "mục."]
    assert Clause.objects.filter(pk=clause.pk).exists()


def test_clause_dependents_counts_nothing_on_a_bare_clause(chain):
    clause = services.clause_create(actor=None, directive=chain.top, number="1", text="A")
    assert services.clause_dependents(clause) == 0


def test_clauses_of_a_higher_directive_are_not_written_below(org, chain):
    with pytest.raises(PermissionDenied):
        services.clause_create(actor=org.users["officer_a"], directive=chain.top, number="1",
                               text="A")
    assert not Clause.objects.exists()

import datetime as dt
import threading

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from kythuat.audit.models import AuditEvent
from kythuat.documents import services
from kythuat.documents.models import IssuedNumber, Issuer, NumberCounter
from kythuat.documents.selectors import issuer_on, letterhead

pytestmark = pytest.mark.django_db


def issue(issuer, code, day, doc_type, actor=None, subject="Báo cáo kết quả"):
    return services.number_issue(actor=actor, issuer=issuer, document_type=doc_type(code),
                                 date=day, subject=subject)


def test_state_numbers_run_per_year_across_types(command, doc_type):
    first = issue(command, "BC", dt.date(2026, 1, 5), doc_type)
    second = issue(command, "QĐ", dt.date(2026, 1, 6), doc_type)
    third = issue(command, "BC", dt.date(2026, 3, 10), doc_type)
    assert [first.symbol, second.symbol, third.symbol] == ["01/BC-BCH", "02/QĐ-BCH",
                                                           "03/BC-BCH"]
    assert AuditEvent.objects.filter(target_type="documents.issuednumber").count() == 3


def test_state_numbering_restarts_on_1_january(command, doc_type):
    issue(command, "BC", dt.date(2025, 12, 30), doc_type)
    issue(command, "BC", dt.date(2025, 12, 31), doc_type)
    assert issue(command, "BC", dt.date(2026, 1, 2), doc_type).symbol == "01/BC-BCH"


def test_party_numbers_run_per_term_and_per_type(committee, doc_type):
    a = issue(committee, "NQ", dt.date(2025, 8, 1), doc_type)
    b = issue(committee, "NQ", dt.date(2026, 2, 1), doc_type)  # a new year, same term
    c = issue(committee, "BC", dt.date(2026, 2, 2), doc_type)
    assert [a.symbol, b.symbol, c.symbol] == ["01-NQ/ĐUQS", "02-NQ/ĐUQS", "01-BC/ĐUQS"]


def test_a_new_term_restarts_the_party_series(committee, doc_type):
    issue(committee, "NQ", dt.date(2025, 8, 1), doc_type)
    with pytest.raises(ValidationError, match="nhiệm kỳ"):
        issue(committee, "NQ", dt.date(2025, 7, 1), doc_type)
    services.issuer_update(actor=None, issuer=committee, data={
        "term_start": dt.date(2025, 7, 20), "term_end": dt.date(2025, 9, 30)})
    services.issuer_update(actor=None, issuer=committee, data={
        "term_start": dt.date(2025, 10, 1), "term_end": None})
    assert issue(committee, "NQ", dt.date(2025, 10, 2), doc_type).symbol == "01-NQ/ĐUQS"
    assert NumberCounter.objects.filter(issuer=committee).count() == 2


def test_a_renamed_issuer_keeps_old_symbols_and_continues_the_series(committee, party,
                                                                    org, doc_type):
    old = issue(committee, "NQ", dt.date(2025, 8, 1), doc_type)
    renamed = services.issuer_create(
        actor=None, unit=org.province_a, predecessor=committee, profile=party,
        name="Đảng uỷ Bộ CHQS tỉnh", abbreviation="ĐUBCH", parent_name="Đảng bộ tỉnh Lạng Sơn",
        place="Lạng Sơn", valid_from=dt.date(2026, 1, 1), term_start=committee.term_start,
        term_end=committee.term_end)
    committee.refresh_from_db()
    assert committee.valid_to == dt.date(2025, 12, 31)
    assert issuer_on(committee, dt.date(2025, 12, 31)) == committee
    assert issuer_on(committee, dt.date(2026, 1, 1)) == renamed
    assert issuer_on(renamed, dt.date(2024, 5, 1)) == committee
    new = issue(committee, "NQ", dt.date(2026, 1, 5), doc_type)  # resolved to the new name
    assert new.symbol == "02-NQ/ĐUBCH"
    assert new.issuer == renamed
    old.refresh_from_db()
    assert old.symbol == "01-NQ/ĐUQS"
    assert old.issuer == committee
    late = issue(renamed, "BC", dt.date(2025, 9, 1), doc_type)  # dated under the old name
    assert late.symbol == "01-BC/ĐUQS"
    assert letterhead(org.commune_a, dt.date(2026, 2, 1), "party").issuer_name == renamed.name
    assert letterhead(org.commune_a, dt.date(2025, 2, 1), "party").abbreviation == "ĐUQS"


def test_no_valid_name_at_the_date(command, doc_type):
    with pytest.raises(ValidationError, match="không có tên"):
        issue(command, "BC", dt.date(2019, 12, 31), doc_type)
    assert not IssuedNumber.objects.exists()


def test_numbers_follow_the_order_of_dates(command, doc_type):
    issue(command, "BC", dt.date(2026, 3, 10), doc_type)
    with pytest.raises(ValidationError, match="10/03/2026"):
        issue(command, "BC", dt.date(2026, 3, 9), doc_type)
    assert IssuedNumber.objects.count() == 1
    assert NumberCounter.objects.get().last_number == 1


def test_bad_number_requests_change_nothing(command, doc_type):
    with pytest.raises(ValidationError, match="trích yếu"):
        issue(command, "BC", dt.date(2026, 1, 5), doc_type, subject="  ")
    with pytest.raises(ValidationError, match="không dùng"):
        issue(command, "QĐi", dt.date(2026, 1, 5), doc_type)  # a Party-only type
    with pytest.raises(ValidationError, match="tương lai"):
        issue(command, "BC", dt.date(2999, 1, 1), doc_type)
    assert not IssuedNumber.objects.exists()


def test_who_may_issue(command, org, doc_type):
    assert issue(command, "BC", dt.date(2026, 1, 5), doc_type,
                 actor=org.users["clerk_a"]).issued_by == org.users["clerk_a"]
    for persona in ("viewer_a", "officer_b", "clerk_commune"):
        with pytest.raises(PermissionDenied):
            issue(command, "BC", dt.date(2026, 1, 6), doc_type, actor=org.users[persona])
    assert IssuedNumber.objects.count() == 1


@pytest.mark.parametrize(("field", "value", "message"), [
    ("abbreviation", "BC H", "không có dấu cách"),
    ("abbreviation", "", "không có dấu cách"),
    ("valid_to", dt.date(2019, 1, 1), "trước ngày bắt đầu"),
    ("term_end", dt.date(2020, 1, 1), "kết thúc nhiệm kỳ"),
    ("place", " ", "địa danh"),
])
def test_bad_issuer_input(org, party, field, value, message):
    values = {"profile": party, "name": "Đảng uỷ Quân sự tỉnh", "abbreviation": "ĐUQS",
                  "parent_name": "", "place": "Lạng Sơn", "valid_from": dt.date(2020, 1, 1),
                  "term_start": dt.date(2025, 7, 20)}
    values[field] = value
    with pytest.raises(ValidationError, match=message):
        services.issuer_create(actor=None, unit=org.province_a, **values)
    assert not Issuer.objects.exists()


def test_party_issuer_needs_a_term(org, party):
    with pytest.raises(ValidationError, match="nhiệm kỳ"):
        services.issuer_create(actor=None, unit=org.province_a, profile=party, name="Đảng uỷ",
                               abbreviation="ĐU", place="Lạng Sơn",
                               valid_from=dt.date(2020, 1, 1))


def test_only_officers_of_the_unit_create_issuers(org, state):
    values = {"profile": state, "name": "Ban CHQS xã", "abbreviation": "BCHQS", "place": "Hữu Lũng",
                  "valid_from": dt.date(2020, 1, 1)}
    for persona in ("clerk_a", "officer_b"):
        with pytest.raises(PermissionDenied):
            services.issuer_create(actor=org.users[persona], unit=org.commune_a, **values)
    issuer = services.issuer_create(actor=org.users["officer_a"], unit=org.commune_a, **values)
    assert issuer.abbreviation == "BCHQS"


def test_profile_edits_are_for_the_superuser(org, state):
    with pytest.raises(PermissionDenied):
        services.profile_update(actor=org.users["admin_hq"], profile=state,
                                data={"margin_left_mm": 35})
    with pytest.raises(ValidationError, match=r"\{n\}"):
        services.profile_update(actor=None, profile=state, data={"number_pattern": "{n}/{type}"})
    services.profile_update(actor=None, profile=state, data={"margin_left_mm": 35})
    state.refresh_from_db()
    assert state.margin_left_mm == 35


@pytest.mark.skipif("postgresql" not in settings.DATABASES["default"]["ENGINE"],
                    reason="SQLite serialises writers; the row lock matters on PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_issuing_gives_distinct_numbers(command, doc_type):
    """Eight threads ask for a number at once: eight different numbers, no gaps."""
    errors: list[Exception] = []

    def worker():
        try:
            issue(command, "BC", dt.date(2026, 1, 5), doc_type)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(IssuedNumber.objects.values_list("number", flat=True)) == list(range(1, 9))

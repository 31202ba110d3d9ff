"""The import steps: checks with row numbers and Vietnamese messages, all or nothing, the
remembered mapping, permissions and scoping, background jobs."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kythuat.holdings import services as holdings
from kythuat.holdings.models import Balance, Item, LedgerEntry, Lot, Movement
from kythuat.imports import receipts, services
from kythuat.imports.models import Import, ImportMapping
from kythuat.jobs.models import Job

from .conftest import headers_of, item_rows, xlsx

pytestmark = pytest.mark.django_db


def _books() -> tuple[int, int, int, int, int]:
    return (
        Item.objects.count(),
        Lot.objects.count(),
        Movement.objects.count(),
        LedgerEntry.objects.count(),
        Balance.objects.count(),
    )


def _checked(org, upload, rows, *, code="items", user="officer_a"):
    return services.import_check(
        actor=org.users[user], imp=upload(xlsx(headers_of(code), rows), code=code, user=user)
    )


def _messages(imp) -> dict[int, str]:
    return {entry["row"]: " ".join(entry["messages"]) for entry in imp.errors}


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            ["CB", "AK-47", "X-1", 1990, 1, "SSCĐ", "", "", ""],
            "mã đơn vị CB không có hoặc không phải là Bộ CHQS tỉnh Lạng Sơn",
        ),
        (
            ["LS-ZZ", "AK-47", "X-1", 1990, 1, "SSCĐ", "", "", ""],
            "mã đơn vị LS-ZZ không có hoặc không phải là Bộ CHQS tỉnh Lạng Sơn",
        ),
        (
            ["LS", "AK-99", "X-1", 1990, 1, "SSCĐ", "", "", ""],
            "chủng loại trang bị AK-99 không có trong danh mục",
        ),
        (["LS", "AK-47", "X-1", 1990, 7, "SSCĐ", "", "", ""], "cấp chất lượng phải từ 1 đến 5"),
        (
            ["LS", "AK-47", "X-1", 1990, "hai", "SSCĐ", "", "", ""],
            'cột "Cấp chất lượng": "hai" không phải là số',
        ),
        (["LS", "AK-47", "X-1", 1990, 1, "Chiến đấu", "", "", ""], "không có nhóm sử dụng"),
        (["LS", "AK-47", "", 1990, 1, "SSCĐ", "", "", ""], 'cột "Số hiệu" đang để trống'),
        (
            ["LS", "AK-47", "X-1", 1990, 1, "SSCĐ", "", "31/02/2026", ""],
            '"31/02/2026" không phải là ngày hợp lệ',
        ),
        (
            ["LS", "AK-47", "X-1", 1990, 1, "SSCĐ", "", "01/01/2099", ""],
            "Ngày hiệu lực không được sau ngày hôm nay",
        ),
        (
            ["LS", "AK-47", "X-1", 1990, 1, "SSCĐ", "K99", "", ""],
            "cơ sở K99 không phải là kho, trạm của Bộ CHQS tỉnh Lạng Sơn",
        ),
        (["LS", "AK-47", "@SUM(1)", 1990, 1, "SSCĐ", "", "", ""], "bắt đầu bằng @"),
        (["LS", "Đ-7,62", "X-1", 1990, 1, "SSCĐ", "", "", ""], "không quản lý theo số hiệu"),
    ],
)
def test_bad_row_is_reported_with_its_number_and_a_vietnamese_message(org, upload, row, message):
    imp = _checked(org, upload, [*item_rows(2), row])
    assert imp.error_count == 1
    assert message.lower() in _messages(imp)[4].lower(), _messages(imp)


def test_serial_already_registered_or_twice_in_the_file_is_refused(org, upload):
    org.rifles(org.province_a, "AK-000001")
    imp = _checked(
        org, upload, [*item_rows(3), ["LS", "AK-47", "AK-000003", 1990, 1, "SSCĐ", "", "", ""]]
    )
    errors = _messages(imp)
    assert set(errors) == {2, 5}
    assert "đã được đăng ký" in errors[2]
    assert "số hiệu AK-000003 đã có ở dòng 4 của tệp này" in errors[5]


def test_confirm_refuses_bad_rows_unless_they_are_left_out(org, upload):
    imp = _checked(org, upload, [*item_rows(3), ["LS", "AK-99", "X", 1, 1, "SSCĐ", "", "", ""]])
    with pytest.raises(ValidationError, match="bỏ qua các dòng lỗi"):
        services.import_confirm(actor=org.users["officer_a"], imp=imp)
    assert Item.objects.count() == 0
    imp = services.import_confirm(actor=org.users["officer_a"], imp=imp, drop_bad=True)
    assert (imp.status, imp.posted_count, imp.error_count) == (Import.Status.DONE, 3, 1)
    assert Item.objects.filter(status="in_service").count() == 3
    movement = Movement.objects.get()
    assert movement.status == "posted"
    assert movement.kind == "receipt"
    assert imp.documents == [{"id": movement.pk, "number": movement.number}]


def test_failure_in_the_last_document_leaves_the_books_unchanged(org, upload, monkeypatch):
    """1,200 rows in three documents of 500; the third posting fails: nothing stays."""
    org.bulk(org.province_a, org.fuel, 10)
    before = _books()
    imp = _checked(org, upload, item_rows(1200))
    assert imp.error_count == 0
    monkeypatch.setattr(receipts, "DOCUMENT_LINES", 500)
    posted = []
    real_post = holdings.movement_record

    def post_then_fail(**kwargs):
        if len(posted) == 2:
            raise ValidationError("Sổ sách bị khóa giữa chừng.")
        posted.append(real_post(**kwargs))
        return posted[-1]

    monkeypatch.setattr(receipts.holdings, "movement_record", post_then_fail)
    with pytest.raises(ValidationError, match="khóa giữa chừng"):
        services.import_confirm(actor=org.users["officer_a"], imp=imp)
    assert len(posted) == 2  # two documents were posted before the failure …
    assert _books() == before  # … and rolled back with it
    imp.refresh_from_db()
    assert imp.status == Import.Status.FAILED
    assert "khóa giữa chừng" in imp.message


def test_last_row_taken_between_check_and_confirm_fails_the_whole_import(org, upload):
    imp = _checked(org, upload, item_rows(1200))
    org.rifles(org.commune_a, "AK-001200")  # someone registers the last serial meanwhile
    before = _books()
    with pytest.raises(ValidationError, match="AK-001200"):
        services.import_confirm(actor=org.users["officer_a"], imp=imp)
    assert _books() == before
    imp.refresh_from_db()
    assert imp.status == Import.Status.FAILED
    assert "AK-001200" in imp.message
    # Checked again, the bad row is found and can be left out.
    imp = services.import_check(actor=org.users["officer_a"], imp=imp)
    assert list(_messages(imp)) == [1201]
    imp = services.import_confirm(actor=org.users["officer_a"], imp=imp, drop_bad=True)
    assert imp.posted_count == 1199


def test_mapping_is_remembered_for_the_unit_and_template(org, upload):
    headers = ["Đơn vị quản lý", "Loại súng", "Số máy", "Năm", "Chất lượng", "Nhóm SD"]
    rows = [["LS", "AK-47", "M-1", 1990, 1, "SSCĐ"]]
    first = upload(xlsx(headers, rows))
    assert services.missing_fields(first)  # "Loại súng", "Chất lượng" … are not known names
    mapping = {
        "unit": 0,
        "type": 1,
        "serial": 2,
        "manufactured_year": 3,
        "grade": 4,
        "usage_group": 5,
    }
    services.import_set_mapping(actor=org.users["clerk_a"], imp=first, mapping=mapping)
    assert (
        ImportMapping.objects.get(unit=org.province_a, template="items").columns["loai sung"]
        == "type"
    )
    second = upload(xlsx(list(reversed(headers)), [list(reversed(rows[0]))]))
    assert second.mapping == {key: 5 - column for key, column in mapping.items()}
    other_unit = upload(xlsx(headers, rows), unit=org.commune_a)
    assert services.missing_fields(other_unit)  # remembered per unit


def test_mapping_refuses_a_column_used_twice_or_a_required_field_left_out(org, upload):
    imp = upload(xlsx(headers_of("items"), item_rows(1)))
    with pytest.raises(ValidationError) as caught:
        services.import_set_mapping(
            actor=org.users["clerk_a"], imp=imp, mapping={**imp.mapping, "serial": 0, "grade": None}
        )
    errors = caught.value.message_dict
    assert "đã được dùng cho" in errors["serial"][0]
    assert 'Hãy chọn cột chứa "Cấp chất lượng"' in errors["grade"][0]


def test_clerk_checks_but_only_an_officer_posts(org, upload):
    imp = _checked(org, upload, item_rows(2), user="clerk_a")
    assert imp.status == Import.Status.CHECKED
    with pytest.raises(PermissionDenied):
        services.import_confirm(actor=org.users["clerk_a"], imp=imp)
    assert not services.can_confirm(org.users["clerk_a"], imp)
    services.import_confirm(actor=org.users["officer_a"], imp=imp)
    assert Item.objects.count() == 2


def test_viewer_and_outside_units_cannot_import(org, upload):
    with pytest.raises(PermissionDenied):
        upload(xlsx(headers_of("items"), item_rows(1)), user="viewer_a")
    with pytest.raises(PermissionDenied):
        upload(xlsx(headers_of("items"), item_rows(1)), user="officer_b")


def test_imports_are_visible_within_the_subtree_only(org, upload):
    imp = upload(xlsx(headers_of("items"), item_rows(1)))
    visible = {
        name: Import.objects.visible_to(org.users[name]).filter(pk=imp.pk).exists()
        for name in ("officer_hq", "viewer_a", "clerk_commune", "officer_b")
    }
    assert visible == {
        "officer_hq": True,
        "viewer_a": True,
        "clerk_commune": False,
        "officer_b": False,
    }


def test_commune_import_refuses_rows_of_the_province(org):
    content = xlsx(
        headers_of("items"),
        [
            ["LS-XA-01", "AK-47", "C-1", 1990, 1, "SSCĐ", "", "", ""],
            ["LS", "AK-47", "C-2", 1990, 1, "SSCĐ", "", "", ""],
        ],
    )
    imp = services.import_upload(
        actor=org.users["clerk_commune"],
        unit=org.commune_a,
        template="items",
        file_name="xa.xlsx",
        content=content,
        effective_date=dt.date(2026, 1, 10),
    )
    imp = services.import_check(actor=org.users["clerk_commune"], imp=imp)
    assert list(_messages(imp)) == [3]
    assert "không phải là Ban CHQS xã Hữu Lũng" in _messages(imp)[3]


def test_large_import_runs_as_background_jobs(org, upload, settings):
    settings.IMPORT_BACKGROUND_ROWS = 5
    imp = _checked(org, upload, item_rows(8))
    assert imp.status == Import.Status.CHECKED
    assert imp.job.kind == "imports.check"
    imp = services.import_confirm(actor=org.users["officer_a"], imp=imp)
    assert imp.status == Import.Status.DONE
    assert imp.job.kind == "imports.confirm"
    assert imp.job.status == Job.Status.DONE
    assert Item.objects.count() == 8


def test_failed_background_posting_says_why_and_keeps_nothing(org, upload, settings, monkeypatch):
    settings.IMPORT_BACKGROUND_ROWS = 5
    imp = _checked(org, upload, item_rows(8))
    before = _books()

    def refuse(**kwargs):
        raise ValidationError("Kỳ sổ đã khóa.")

    monkeypatch.setattr(receipts.holdings, "movement_record", refuse)
    imp = services.import_confirm(actor=org.users["officer_a"], imp=imp)
    assert imp.status == Import.Status.FAILED
    assert imp.message == "Kỳ sổ đã khóa."
    assert _books() == before


def test_cancelled_import_cannot_be_posted(org, upload):
    imp = _checked(org, upload, item_rows(1))
    services.import_cancel(actor=org.users["clerk_a"], imp=imp)
    with pytest.raises(ValidationError, match="Hãy kiểm tra các dòng trước khi ghi sổ"):
        services.import_confirm(actor=org.users["officer_a"], imp=imp)

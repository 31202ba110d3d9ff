from django.db import migrations

# NĐ 30/2020/NĐ-CP Phụ lục I (state) and HD 36-HD/VPTW (Party), DOMAIN.md §8. Where a rule gives
# a range the lower end of the margin and the upper end of the size are taken; every value is
# editable by the superuser (the BQP internal circular and the official HD 36 margins are open
# questions).
PROFILES = [
    {
        "code": "state", "name": "Văn bản hành chính (Nghị định 30/2020/NĐ-CP)",
        "legal_basis": "Nghị định 30/2020/NĐ-CP, Phụ lục I",
        "margin_top_mm": 20, "margin_bottom_mm": 20, "margin_left_mm": 30,
        "margin_right_mm": 15, "page_numbers": True,
        "national_title": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "national_motto": "Độc lập - Tự do - Hạnh phúc", "issuer_mark": "rule",
        "size_national_title": 13, "size_motto": 14, "size_issuer": 13, "size_number": 13,
        "size_date": 14, "number_label": "Số:", "number_pattern": "{n}/{type}-{issuer}",
        "pad_number": True, "counter_scope": "year", "counter_per_type": False,
        "size_kind": 14, "size_subject": 14, "subject_separator": "", "size_body": 14,
        "size_table": 13, "first_line_indent_cm": 1.27, "space_after_pt": 6,
        "line_spacing": 1.15, "heading_separator": ". ", "size_signature": 14,
        "prefix_on_behalf": "TM.", "prefix_deputy": "KT.", "prefix_by_order": "TL.",
        "prefix_acting": "Q.", "prefix_authorised": "TUQ.", "recipients_label": "Nơi nhận:",
        "recipients_label_style": "bold_italic", "size_recipients_label": 12,
        "size_recipients": 11, "archive_line": "Lưu: VT",
    },
    {
        "code": "party", "name": "Văn bản của Đảng (Hướng dẫn 36-HD/VPTW)",
        "legal_basis": "Hướng dẫn 36-HD/VPTW ngày 03/4/2018",
        "margin_top_mm": 20, "margin_bottom_mm": 20, "margin_left_mm": 30,
        "margin_right_mm": 15, "page_numbers": True,
        "national_title": "ĐẢNG CỘNG SẢN VIỆT NAM", "national_motto": "",
        "issuer_mark": "asterisk", "size_national_title": 15, "size_motto": 15,
        "size_issuer": 14, "size_number": 14, "size_date": 14, "number_label": "Số",
        "number_pattern": "{n}-{type}/{issuer}", "pad_number": True, "counter_scope": "term",
        "counter_per_type": True, "size_kind": 16, "size_subject": 15,
        "subject_separator": "-----", "size_body": 14, "size_table": 13,
        "first_line_indent_cm": 1.27, "space_after_pt": 6, "line_spacing": 1.15,
        "heading_separator": "- ", "size_signature": 14, "prefix_on_behalf": "T/M",
        "prefix_deputy": "K/T", "prefix_by_order": "T/L", "prefix_acting": "Q.",
        "prefix_authorised": "TUQ.", "recipients_label": "Nơi nhận:",
        "recipients_label_style": "underline", "size_recipients_label": 14,
        "size_recipients": 12, "archive_line": "Lưu: Văn phòng",
    },
]

# Phụ lục III NĐ 30 and the Party list of HD 36 (DOMAIN.md §8); editable.
TYPES = [
    ("NQ", "Nghị quyết", "all"), ("QĐ", "Quyết định", "all"), ("CT", "Chỉ thị", "all"),
    ("KL", "Kết luận", "party"), ("QC", "Quy chế", "all"), ("QyĐ", "Quy định", "state"),
    ("QĐi", "Quy định", "party"), ("TB", "Thông báo", "all"), ("HD", "Hướng dẫn", "all"),
    ("CTr", "Chương trình", "all"), ("KH", "Kế hoạch", "all"), ("PA", "Phương án", "state"),
    ("ĐA", "Đề án", "state"), ("BC", "Báo cáo", "all"), ("BB", "Biên bản", "all"),
    ("TTr", "Tờ trình", "all"), ("TT", "Thông tri", "party"), ("CV", "Công văn", "party"),
    ("GM", "Giấy mời", "state"), ("GGT", "Giấy giới thiệu", "state"),
]


def add_defaults(apps, schema_editor):
    FormatProfile = apps.get_model("documents", "FormatProfile")
    DocumentType = apps.get_model("documents", "DocumentType")
    for data in PROFILES:
        FormatProfile.objects.get_or_create(code=data["code"], defaults=data)
    for order, (code, name, applies) in enumerate(TYPES, start=1):
        DocumentType.objects.get_or_create(code=code, defaults={
            "name": name, "applies_to": applies, "order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]

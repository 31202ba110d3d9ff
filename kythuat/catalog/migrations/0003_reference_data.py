import datetime as dt

from django.db import migrations

BRANCHES = [
    ("quan-khi", "Quân khí"), ("xe-may", "Xe - Máy"), ("tang-thiet-giap", "Tăng - Thiết giáp"),
    ("phao-binh", "Pháo binh"), ("thong-tin", "Thông tin"), ("cong-binh", "Công binh"),
    ("hoa-hoc", "Hóa học"), ("tau-thuyen", "Tàu thuyền"),
    ("do-luong", "Tiêu chuẩn - Đo lường - Chất lượng"),
]
# DOMAIN.md §1.2: no official wording was found; these defaults follow a third-party code
# list and must be confirmed by the technical department, so they are data, not code.
GRADES = [
    (1, "Cấp 1", "Trang bị đồng bộ, sử dụng tốt, còn trong thời hạn bảo hành.", True),
    (2, "Cấp 2", "Trang bị tốt, đồng bộ, đã hết thời hạn bảo hành.", True),
    (3, "Cấp 3", "Hư hỏng nhẹ, đơn vị tự sửa chữa được hoặc cần sửa chữa nhỏ.", False),
    (4, "Cấp 4", "Mất đồng bộ, hư hỏng nặng, cần sửa chữa lớn.", False),
    (5, "Cấp 5", "Hư hỏng không sửa chữa được hoặc sửa chữa không hiệu quả; chờ loại khỏi "
                 "biên chế.", False),
]
GRADE_SOURCE = "Mặc định ban đầu, cần xác nhận với cơ quan kỹ thuật"
USAGE_GROUPS = [
    ("sscd", "Sẵn sàng chiến đấu (SSCĐ)", True), ("huan-luyen", "Huấn luyện", False),
    ("du-tru", "Dự trữ", False), ("thuong-xuyen", "Hoạt động thường xuyên", False),
]
PLACEMENTS = [
    ("dang-su-dung", "Đang sử dụng"), ("kho-don-vi", "Cất giữ kho đơn vị"),
    ("kho-bo-nganh", "Cất giữ kho bộ, ngành"),
]


def add_reference_data(apps, schema_editor):
    """Default reference data; every row is editable on the reference-data screens."""
    Branch = apps.get_model("catalog", "Branch")
    GradeDefinition = apps.get_model("catalog", "GradeDefinition")
    UsageGroup = apps.get_model("catalog", "UsageGroup")
    Placement = apps.get_model("catalog", "Placement")
    start = dt.date(2000, 1, 1)
    for order, (code, name) in enumerate(BRANCHES, start=1):
        Branch.objects.get_or_create(code=code, defaults={"name": name, "order": order * 10})
    for level, name, description, serviceable in GRADES:
        GradeDefinition.objects.get_or_create(level=level, valid_from=start, defaults={
            "name": name, "description": description, "is_serviceable": serviceable,
            "source": GRADE_SOURCE})
    for order, (code, name, ready) in enumerate(USAGE_GROUPS, start=1):
        UsageGroup.objects.get_or_create(code=code, defaults={
            "name": name, "order": order * 10, "is_combat_ready": ready, "valid_from": start})
    for order, (code, name) in enumerate(PLACEMENTS, start=1):
        Placement.objects.get_or_create(code=code, defaults={
            "name": name, "order": order * 10, "valid_from": start})


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_initial")]
    operations = [migrations.RunPython(add_reference_data, migrations.RunPython.noop)]

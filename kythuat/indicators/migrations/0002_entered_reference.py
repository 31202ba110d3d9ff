"""The entered indicators every installation starts with: figures of the technical work that
no record holds, which the annual reviews ask for (contests held, people trained, software in
use, technical days). They are reference data: the system administrator adds, renames or
retires them on the catalogue's reference screen."""

from django.db import migrations

INDICATORS = [
    # code, name, definition, unit of measure, kind, order
    ("hoi-thi", "Hội thi, hội thao kỹ thuật tổ chức",
     "Số hội thi, hội thao kỹ thuật (thợ giỏi, lái xe giỏi, nhân viên kỹ thuật giỏi, kho "
     "tiên tiến …) do đơn vị tổ chức và kết thúc trong kỳ. Hội thi của cấp trên mà đơn vị chỉ "
     "cử người tham dự không tính.", "cuộc", "flow", 10),
    ("tap-huan", "Lượt cán bộ, nhân viên kỹ thuật được tập huấn",
     "Số lượt người được tập huấn, bồi dưỡng chuyên môn kỹ thuật trong kỳ (mỗi người dự một "
     "lớp tính một lượt), theo danh sách học viên của lớp.", "lượt người", "flow", 20),
    ("phan-mem", "Phần mềm quản lý kỹ thuật đang sử dụng",
     "Số phần mềm quản lý kỹ thuật (quản lý trang bị, kho, xe - máy, đạn dược …) đơn vị đang "
     "khai thác thường xuyên tại thời điểm cuối kỳ.", "phần mềm", "stock", 30),
    ("ngay-ky-thuat", "Buổi ngày kỹ thuật tổ chức",
     "Số buổi ngày kỹ thuật (bảo quản, bảo dưỡng trang bị theo kế hoạch tuần, tháng) đơn vị "
     "tổ chức trong kỳ, theo sổ ghi chép ngày kỹ thuật.", "buổi", "flow", 40),
]


def add_indicators(apps, schema_editor):
    EnteredIndicator = apps.get_model("indicators", "EnteredIndicator")
    for code, name, definition, unit_of_measure, kind, order in INDICATORS:
        EnteredIndicator.objects.get_or_create(code=code, defaults={
            "name": name, "definition": definition, "unit_of_measure": unit_of_measure,
            "kind": kind, "direction": "higher", "entered_by": "clerk", "order": order,
            "is_active": True})


class Migration(migrations.Migration):

    dependencies = [
        ("indicators", "0001_entered_indicators"),
    ]

    operations = [
        migrations.RunPython(add_indicators, migrations.RunPython.noop),
    ]

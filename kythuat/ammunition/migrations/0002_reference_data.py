from django.db import migrations

KINDS = [
    ("kiem-tra-dinh-ky", "Kiểm tra định kỳ"),
    ("thu-nghiem-mau", "Thử nghiệm mẫu"),
    ("kiem-tra-dot-xuat", "Kiểm tra đột xuất"),
    ("kiem-tra-truoc-cap-phat", "Kiểm tra trước khi cấp phát"),
]
CONCLUSIONS = [
    ("dat", "Đạt", "pass"),
    ("han-che-su-dung", "Hạn chế sử dụng", "restricted"),
    ("khong-dat", "Không đạt", "fail"),
    ("de-nghi-xu-ly", "Không đạt, đề nghị thu hồi xử lý", "fail"),
]
# [U] No public rule gives the re-test interval of military ammunition (DOMAIN.md, appendix B
# item 6): a yearly check per branch is the default until an installation sets its own.
INTERVALS = [("quan-khi", 12), ("phao-binh", 12), ("cong-binh", 12)]


def add_reference(apps, schema_editor):
    """Default kinds of test, conclusions and re-test intervals; editable reference data."""
    TestKind = apps.get_model("ammunition", "TestKind")
    TestConclusion = apps.get_model("ammunition", "TestConclusion")
    RetestInterval = apps.get_model("ammunition", "RetestInterval")
    Branch = apps.get_model("catalog", "Branch")
    for order, (code, name) in enumerate(KINDS, start=1):
        TestKind.objects.get_or_create(code=code, defaults={"name": name, "order": order * 10})
    for order, (code, name, outcome) in enumerate(CONCLUSIONS, start=1):
        TestConclusion.objects.get_or_create(
            code=code, defaults={"name": name, "outcome": outcome, "order": order * 10})
    for code, months in INTERVALS:
        branch = Branch.objects.filter(code=code).first()
        if branch is not None:
            RetestInterval.objects.get_or_create(
                branch=branch, type=None,
                defaults={"months": months, "source": "Mặc định, chưa có văn bản quy định"})


class Migration(migrations.Migration):
    dependencies = [("ammunition", "0001_initial"), ("catalog", "0003_reference_data")]
    operations = [migrations.RunPython(add_reference, migrations.RunPython.noop)]

import datetime as dt

from django.db import migrations

# DOMAIN §4: the campaign's full name, the four objectives as the press paraphrases them (the
# official wording was not retrieved: [U], editable on the reference screen), the phases of the
# BQP's reviews and the provinces' own labels of them, and tie-break rules (no public ranking
# method exists: [U]).
NAME = ("Cuộc vận động “Quản lý, khai thác vũ khí trang bị kỹ thuật tốt, bền, an toàn, "
        "tiết kiệm và an toàn giao thông”")
OBJECTIVES = [
    "Quản lý chặt chẽ số lượng, chất lượng, đồng bộ vũ khí trang bị kỹ thuật",
    "Khai thác hiệu quả vũ khí trang bị kỹ thuật, giữ vững hệ số kỹ thuật cao",
    "Bảo đảm an toàn tuyệt đối về người và vũ khí trang bị kỹ thuật; an toàn giao thông",
    "Thực hành tiết kiệm vật tư, nhiên liệu",
]
PHASES = [  # label, start, end, the provinces' label and years
    ("Giai đoạn 2015–2020", 2015, 2020, "Giai đoạn 2015–2019", 2015, 2019),
    ("Giai đoạn 2020–2025", 2020, 2025, "Giai đoạn 2020–2024", 2020, 2024),
    ("Giai đoạn 2025–2030", 2025, 2030, "Giai đoạn 2025–2029", 2025, 2029),
]
TIE_BREAKS = [
    ("objective", 3, "", "Nhiều điểm hơn ở mục tiêu 3 (an toàn)"),
    ("indicator", None, "vehicles.accidents", "Ít vụ tai nạn giao thông hơn"),
    ("objective", 2, "", "Nhiều điểm hơn ở mục tiêu 2 (khai thác, hệ số kỹ thuật)"),
]


def add(apps, schema_editor):
    """The campaign as a new installation needs it to record phase 2020–2025 at once."""
    Campaign = apps.get_model("campaign", "Campaign")
    Objective = apps.get_model("campaign", "Objective")
    Phase = apps.get_model("campaign", "Phase")
    PhaseLabel = apps.get_model("campaign", "PhaseLabel")
    TieBreak = apps.get_model("campaign", "TieBreak")
    UnitKind = apps.get_model("org", "UnitKind")
    campaign, _created = Campaign.objects.get_or_create(
        code="CVD50", defaults={"name": NAME, "short_name": "Cuộc vận động 50"})
    for number, name in enumerate(OBJECTIVES, start=1):
        Objective.objects.get_or_create(campaign=campaign, number=number,
                                        defaults={"name": name})
    province = UnitKind.objects.filter(code="bo-chqs-tinh").first()
    for label, first, last, own, own_first, own_last in PHASES:
        phase, _created = Phase.objects.get_or_create(
            campaign=campaign, label=label,
            defaults={"start": dt.date(first, 1, 1), "end": dt.date(last, 12, 31)})
        if province is not None:
            PhaseLabel.objects.get_or_create(phase=phase, level=province, defaults={
                "label": own, "start": dt.date(own_first, 1, 1),
                "end": dt.date(own_last, 12, 31)})
    for order, (kind, objective, code, label) in enumerate(TIE_BREAKS, start=1):
        TieBreak.objects.get_or_create(campaign=campaign, label=label, defaults={
            "order": order * 10, "kind": kind, "objective_number": objective,
            "indicator_code": code})



class Migration(migrations.Migration):
    dependencies = [("campaign", "0001_campaign"), ("org", "0002_unit_kinds")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]

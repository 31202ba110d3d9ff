"""This app's cases for tests/test_scoping_routes.py (see its docstring for the tables).

Sheets, committees and pledges are seen down and up (the unit, the units below it and the
units above it, which score or steer it), blocks by their superior and the units above it;
phases, objectives and criteria are the campaign's reference data. The outside
records are Lạng Sơn's: its sheet with a score, its committee, a block of its communes and its
pledge.
"""

import datetime as dt

from kythuat.campaign.models import EmulationBlock, Phase, Pledge, Sheet, SteeringCommittee

OBJECT: dict = {
    "campaign:committee-detail": "campaign_committee",
    "campaign:block-detail": "campaign_block",
    "campaign:block-export": "campaign_block",
    "campaign:pledge-detail": "campaign_pledge",
    "campaign:sheet-detail": "campaign_sheet",
    "campaign:sheet-assess": "campaign_sheet",
    "campaign:sheet-submit": "campaign_sheet",
    "campaign:sheet-review": "campaign_sheet",
    "campaign:sheet-export": "campaign_sheet",
    "campaign:sheet-report": "campaign_sheet",
    "campaign:score-evidence": "campaign_score",
    "campaign-committee-detail": "campaign_committee",
    "campaign-sheet-detail": "campaign_sheet",
    "campaign-sheet-assess": "campaign_sheet",
    "campaign-sheet-submit": "campaign_sheet",
    "campaign-sheet-review": "campaign_sheet",
    "campaign-block-detail": "campaign_block",
    "campaign-block-ranking": "campaign_block",
    "campaign-pledge-detail": "campaign_pledge",
}
LIST: dict = {
    "campaign:phase-list": None,
    "campaign:phase-detail": "reference",
    "campaign:sheet-list": {"unit": True, "mine": "below"},
    "campaign:block-list": None,
    "campaign:pledge-list": {"unit": True},
    "campaign-phase-list": None,
    "campaign-phase-detail": "reference",
    "campaign-objective-list": None,
    "campaign-objective-detail": "reference",
    "campaign-criterion-list": None,
    "campaign-committee-list": None,
    "campaign-sheet-list": None,
    "campaign-block-list": None,
    "campaign-pledge-list": None,
}


def _phase() -> Phase:
    return Phase.objects.get(label="Giai đoạn 2020–2025")


def _later() -> Phase:
    return Phase.objects.get(label="Giai đoạn 2025–2030")


CREATE: dict = {
    "campaign:sheet-create": (Sheet, lambda w: {
        "phase": _phase().pk, "unit": w["unit"].pk, "year": "2023"}),
    "campaign-sheet-list": (Sheet, lambda w: {
        "phase": _phase().pk, "unit": w["unit"].pk, "year": 2023}),
    "campaign-committee-list": (SteeringCommittee, lambda w: {
        "unit": w["unit"].pk, "phase": _later().pk, "name": "X",
        "members": [{"name": "X", "role": "head"}]}),
    "campaign-block-list": (EmulationBlock, lambda w: {
        "phase": _later().pk, "superior": w["unit"].pk, "level": w["unit"].kind_id,
        "name": "X", "members": [w["org"].commune_a.pk, w["campaign_commune"].pk]}),
    "campaign-pledge-list": (Pledge, lambda w: {
        "unit": w["unit"].pk, "phase": _later().pk, "clause": w["campaign_clause"].pk,
        "title": "X", "signed_on": "2025-04-10",
        "items": [{"indicator_code": "holdings.documents_posted", "stated_value": "3"}]}),
}
# The criteria of a phase are the campaign's reference data, set by the system administrator.
REFERENCE: set = {"campaign-phase-grid"}


def extend_world(world: dict) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kythuat.campaign import services
    from kythuat.org.models import Unit

    from .conftest import grid

    org = world["org"]
    phase, province = _phase(), world["unit"]
    services.grid_save(actor=None, phase=phase, level=province.kind, groups=grid())
    sheet = services.sheet_open(actor=None, phase=phase, unit=province, year=2024)
    score = sheet.scores.get(criterion__number="1.2")
    services.sheet_assess(actor=None, sheet=sheet, entries={score.criterion_id: {
        "self_score": 10, "self_note": "SECRET-A giải trình",
        "evidence_file": SimpleUploadedFile("secret-a.pdf", b"%PDF-1.4", "application/pdf")}})
    committee = services.committee_create(
        actor=None, unit=province, phase=phase, name="SECRET-A Ban Chỉ đạo 50",
        members=[{"name": "SECRET-A Trưởng ban", "role": "head"}])
    commune = Unit.objects.create(code="LS-XA-02", name="Ban CHQS xã SECRET-A",
                                  parent=province, kind=org.commune_a.kind)
    block = services.block_create(actor=None, phase=phase, superior=province,
                                  level=org.commune_a.kind, name="SECRET-A khối xã",
                                  members=[org.commune_a, commune])
    clause = world.get("directives_clause")
    if clause is None:
        from kythuat.targets.tests.factories import clause_for

        clause = clause_for(province, text="SECRET-A nhiệm vụ")
    pledge = services.pledge_create(
        actor=None, unit=province, phase=_later(), clause=clause,
        title="SECRET-A giao ước", signed_on=dt.date(2025, 4, 10),
        items=[{"indicator_code": "holdings.on_hand", "stated_value": 9,
                "note": "SECRET-A mục tiêu"}])
    world.update({"campaign_sheet": sheet, "campaign_score": score,
                  "campaign_committee": committee, "campaign_block": block,
                  "campaign_pledge": pledge, "campaign_commune": commune,
                  "campaign_clause": clause})

import datetime as dt
from decimal import Decimal

import pytest

from kythuat.campaign import services
from kythuat.campaign.models import Criterion, Phase
from kythuat.org.models import UnitKind

YEAR = 2024


def grid() -> list[dict]:
    """100 points: objective 1 (computed from documents posted, and self-assessed) and
    objective 3 (computed from holdings on hand between 0 and 10, and self-assessed)."""
    return [
        {"objective": 1, "points": 50, "criteria": [
            {"number": "1.1", "name": "Ghi sổ đầy đủ", "max_points": 30,
             "rule": Criterion.Rule.THRESHOLD, "indicator_code": "holdings.documents_posted",
             "threshold": 1},
            {"number": "1.2", "name": "Hồ sơ, sổ sách", "max_points": 20,
             "rule": Criterion.Rule.SELF}]},
        {"objective": 3, "points": 50, "criteria": [
            {"number": "3.1", "name": "Trang bị hiện có", "max_points": 30,
             "rule": Criterion.Rule.LINEAR, "indicator_code": "holdings.on_hand",
             "baseline": 0, "target": 10},
            {"number": "3.2", "name": "An toàn kho", "max_points": 20,
             "rule": Criterion.Rule.SELF}]},
    ]


@pytest.fixture
def phase(db) -> Phase:
    return Phase.objects.get(label="Giai đoạn 2020–2025")


@pytest.fixture
def level(db) -> UnitKind:
    return UnitKind.objects.get(code="bo-chqs-tinh")


@pytest.fixture
def criteria(phase, level) -> dict[str, Criterion]:
    services.grid_save(actor=None, phase=phase, level=level, groups=grid())
    return {c.number: c for c in Criterion.objects.filter(group__phase=phase)}


@pytest.fixture
def sheet_of(phase, criteria):
    def make(unit, year=YEAR):
        return services.sheet_open(actor=None, phase=phase, unit=unit, year=year)

    return make


def own_scores(criteria, **overrides) -> dict:
    """Self scores equal to the computed ones for 4 rifles received in the year, with
    evidence for the self-assessed criteria."""
    values = {"1.1": 30, "1.2": 18, "3.1": 12, "3.2": 20, **overrides}
    entries = {}
    for number, score in values.items():
        entry = {"self_score": score}
        if criteria[number].rule == Criterion.Rule.SELF:
            entry["evidence_ref"] = "Sổ đăng ký VKTBKT năm 2024"
        entries[criteria[number].pk] = entry
    return entries


@pytest.fixture
def submitted(org, criteria, sheet_of):
    """Lạng Sơn's 2024 sheet, assessed and submitted: 4 rifles received on 10/3/2024."""
    org.rifles(org.province_a, "LS-1", "LS-2", "LS-3", "LS-4", day=dt.date(YEAR, 3, 10))
    sheet = sheet_of(org.province_a)
    services.sheet_assess(actor=None, sheet=sheet, entries=own_scores(criteria))
    return services.sheet_submit(actor=None, sheet=sheet)


def reviews(criteria, **overrides) -> dict:
    values = {"1.1": 30, "1.2": 18, "3.1": 12, "3.2": 20, **overrides}
    return {criteria[n].pk: {"review_score": Decimal(str(v)) if v is not None else None}
            for n, v in values.items()}

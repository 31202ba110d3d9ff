import datetime as dt
from types import SimpleNamespace

import pytest

from kythuat.initiatives import services
from kythuat.initiatives.models import (
    AwardClass,
    InitiativeField,
    RecognitionLevel,
    ScoringCriterion,
)
from kythuat.initiatives.services import AuthorSpec, MemberSpec

D = dt.date


@pytest.fixture
def ref(db):
    return SimpleNamespace(
        field=InitiativeField.objects.get(code="quan-khi"),
        province=RecognitionLevel.objects.get(code="su-doan-tinh"),
        region=RecognitionLevel.objects.get(code="quan-khu"),
        class_one=AwardClass.objects.get(code="loai-1"),
        criteria=list(ScoringCriterion.objects.order_by("order")))


@pytest.fixture
def register(org, ref):
    def register(title="Cải tiến giá đỡ kiểm tra nòng súng cối 82mm", unit=None, **extra):
        return services.initiative_register(
            actor=None, unit=unit or org.province_a, field=ref.field, title=title,
            registered_on=extra.pop("registered_on", D(2024, 2, 1)), benefit_vnd=5_000_000,
            authors=[AuthorSpec("Nguyễn Văn An", "Thượng úy", "Trợ lý quân khí")], **extra)

    return register


@pytest.fixture
def council_a(org, ref):
    """Lạng Sơn's council (province level): officer_a, clerk_a and viewer_a, quorum 2."""
    users = org.users
    return services.council_create(
        actor=None, unit=org.province_a, level=ref.province, year=2024,
        convened_on=D(2024, 4, 15), quorum=2,
        members=[MemberSpec(user=users["officer_a"], role="chair"),
                 MemberSpec(user=users["clerk_a"]), MemberSpec(user=users["viewer_a"])])


@pytest.fixture
def council_hq(org, ref):
    return services.council_create(
        actor=None, unit=org.hq, level=ref.region, year=2024, convened_on=D(2024, 10, 15),
        quorum=1, members=[MemberSpec(user=org.users["officer_hq"], role="chair")])


@pytest.fixture
def sheet(ref):
    """sheet(share) → points on every criterion, `share` of its maximum."""

    def sheet(share=0.8):
        return {c.pk: str(round(float(c.max_points) * share)) for c in ref.criteria}

    return sheet


@pytest.fixture
def recognised(org, register, council_a, sheet):
    """An initiative of Lạng Sơn recognised by its council (decision 15/QĐ-BCH)."""
    initiative = register()
    dossier = services.dossier_send(actor=None, initiative=initiative, council=council_a,
                                    sent_on=D(2024, 3, 1))
    for name in ("officer_a", "clerk_a"):
        services.score_submit(actor=org.users[name], dossier=dossier, points=sheet())
    services.council_close(actor=org.users["officer_a"], council=council_a,
                           closed_on=D(2024, 4, 16))
    services.dossier_recognise(actor=org.users["officer_a"], dossier=dossier,
                               decision_date=D(2024, 4, 20), decision_number="15/QĐ-BCH")
    initiative.refresh_from_db()
    dossier.refresh_from_db()
    return SimpleNamespace(initiative=initiative, dossier=dossier)

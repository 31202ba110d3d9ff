import datetime as dt
from types import SimpleNamespace

import pytest

from kythuat.directives import services
from kythuat.directives.models import Directive, DirectiveKind
from kythuat.documents import services as document_services
from kythuat.documents.models import FormatProfile, Issuer


def kind(code: str) -> DirectiveKind:
    return DirectiveKind.objects.get(code=code)


def _issuer(unit, profile, name, abbreviation, **extra) -> Issuer:
    return document_services.issuer_create(
        actor=None, unit=unit, profile=profile, name=name, abbreviation=abbreviation,
        parent_name="", place="Thái Nguyên", valid_from=dt.date(2000, 1, 1), **extra)


@pytest.fixture
def issuers(org):
    """Party committees of the region and of Lạng Sơn (term 2020–2025), and the state
    commands of Lạng Sơn and Cao Bằng."""
    party = FormatProfile.objects.get(code="party")
    state = FormatProfile.objects.get(code="state")
    term = {"term_start": dt.date(2020, 7, 1), "term_end": dt.date(2025, 6, 30)}
    return SimpleNamespace(
        region=_issuer(org.hq, party, "Đảng ủy Quân khu 1", "ĐUQK", **term),
        party_a=_issuer(org.province_a, party, "Đảng ủy Quân sự tỉnh Lạng Sơn", "ĐUQS", **term),
        state_a=_issuer(org.province_a, state, "Bộ CHQS tỉnh Lạng Sơn", "BCH"),
        state_b=_issuer(org.province_b, state, "Bộ CHQS tỉnh Cao Bằng", "BCH"),
    )


@pytest.fixture
def make():
    """make(issuer, number, day, kind="NQ", implements=(), title=…) records a directive."""

    def make(issuer: Issuer, number: int, day: dt.date, code: str = "NQ", implements=(),
             title: str = "Về lãnh đạo công tác kỹ thuật", actor=None, **extra) -> Directive:
        return services.directive_create(actor=actor, issuer=issuer, kind=kind(code),
                                         number=number, issued_on=day, title=title,
                                         implements=list(implements), **extra)

    return make


@pytest.fixture
def chain(issuers, make):
    """Region NQ 12 (2021) → Lạng Sơn CTr 05 (2021) → Lạng Sơn KH 30 (2022, state)."""
    top = make(issuers.region, 12, dt.date(2021, 1, 15), title="Nghị quyết kỹ thuật Quân khu")
    middle = make(issuers.party_a, 5, dt.date(2021, 3, 1), "CTr", [top],
                  title="SECRET-A chương trình của tỉnh")
    bottom = make(issuers.state_a, 30, dt.date(2022, 2, 10), "KH", [middle],
                  title="SECRET-A kế hoạch của tỉnh")
    return SimpleNamespace(top=top, middle=middle, bottom=bottom)

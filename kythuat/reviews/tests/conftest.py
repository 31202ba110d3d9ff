"""Shared fixtures of the review tests (reviews and reports alike).

`reviews` is the 15-year review of Resolution 382 by Lạng Sơn (org.province_a): its directive
(Lạng Sơn's programme implementing the region's resolution), its committee, and a plan asking
the commune of the test tree (org.commune_a) and a second commune (created here) for their
reports. `make_review(**overrides)` makes others through the service."""

import datetime as dt
from types import SimpleNamespace

import pytest

from kythuat.directives import services as directive_services
from kythuat.directives.models import DirectiveKind
from kythuat.documents import services as document_services
from kythuat.documents.models import FormatProfile
from kythuat.org.models import Unit, UnitKind
from kythuat.reviews.models import ReviewKind
from kythuat.reviews.services import reviews as services

PERIOD = (dt.date(2007, 11, 29), dt.date(2022, 12, 31))
CONFERENCE = dt.date(2022, 12, 20)
DEADLINE = dt.date(2022, 11, 30)


def review_kind(code: str) -> ReviewKind:
    return ReviewKind.objects.get(code=code)


@pytest.fixture
def review_directives(org):
    """A resolution of the region and Lạng Sơn's programme implementing it; a programme of
    Cao Bằng that Lạng Sơn cannot see."""
    party = FormatProfile.objects.get(code="party")
    term = {"term_start": dt.date(2005, 7, 1), "term_end": dt.date(2010, 6, 30)}

    def issuer(unit, name, abbreviation):
        return document_services.issuer_create(
            actor=None, unit=unit, profile=party, name=name, abbreviation=abbreviation,
            place="Thái Nguyên", valid_from=dt.date(2000, 1, 1), **term)

    kinds = {kind.code: kind for kind in DirectiveKind.objects.all()}
    region = directive_services.directive_create(
        actor=None, issuer=issuer(org.hq, "Đảng ủy Quân khu 1", "ĐUQK"), kind=kinds["NQ"],
        number=382, issued_on=dt.date(2007, 11, 29),
        title="Về lãnh đạo công tác kỹ thuật trong tình hình mới")
    province = directive_services.directive_create(
        actor=None, issuer=issuer(org.province_a, "Đảng ủy Quân sự tỉnh Lạng Sơn", "ĐUQS"),
        kind=kinds["CTr"], number=9, issued_on=dt.date(2008, 5, 15),
        title="Chương trình thực hiện Nghị quyết 382 của tỉnh", implements=[region])
    other = directive_services.directive_create(
        actor=None, issuer=issuer(org.province_b, "Đảng ủy Quân sự tỉnh Cao Bằng", "ĐUQS"),
        kind=kinds["CTr"], number=4, issued_on=dt.date(2008, 6, 1),
        title="Chương trình của tỉnh Cao Bằng", implements=[region])
    return SimpleNamespace(region=region, province=province, other=other)


@pytest.fixture
def make_review(org):
    """make_review(**values) records a review through the service (Lạng Sơn's 15-year review
    by default, recorded by the system)."""

    def make(**values):
        defaults = {"actor": None, "unit": org.province_a, "kind": review_kind("final_15y"),
                    "title": "Tổng kết 15 năm thực hiện Nghị quyết 382-NQ/ĐUQSTW",
                    "period_start": PERIOD[0], "period_end": PERIOD[1],
                    "conference_date": CONFERENCE, "conference_place": "Lạng Sơn"}
        return services.review_create(**{**defaults, **values})

    return make


@pytest.fixture
def second_commune(org) -> Unit:
    return Unit.objects.create(code="LS-XA-02", name="Ban CHQS xã Chi Lăng",
                               parent=org.province_a, kind=UnitKind.objects.get(
                                   code="ban-chqs-xa"), valid_from=dt.date(2000, 1, 1))


@pytest.fixture
def reviews(org, make_review, review_directives, second_commune):
    """Lạng Sơn's 15-year review (status collecting) with its committee and a plan over its
    two communes (deadline 30/11/2022, conference 20/12/2022)."""
    review = make_review(directives=[review_directives.region, review_directives.province])
    services.member_add(actor=None, review=review, name="Nguyễn Văn An", rank="Đại tá",
                        position="Chỉ huy trưởng Bộ CHQS tỉnh", role="Trưởng ban")
    services.member_add(actor=None, review=review, name="Trần Văn Bình", rank="Trung tá",
                        position="Chủ nhiệm Kỹ thuật", role="Tổ trưởng",
                        body="secretariat")
    plan = [services.plan_entry_add(actor=None, review=review, unit=unit, deadline=DEADLINE)
            for unit in (org.commune_a, second_commune)]
    services.review_status_set(actor=None, review=review, status="collecting")
    review.refresh_from_db()
    return SimpleNamespace(lang_son=review, plan=plan, commune=org.commune_a,
                           second_commune=second_commune, directives=review_directives)

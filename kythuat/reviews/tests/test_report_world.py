"""The records the report tests share (made as rows; the services under test make the rest):
a review by the Lạng Sơn command of a programme with one target, a plan asking the commune
for its report, issuers for both, and rifles on the books."""

import datetime as dt
from dataclasses import dataclass

from kythuat.directives.models import Clause, Directive, DirectiveKind
from kythuat.documents.models import FormatProfile, Issuer
from kythuat.reviews.models import PlanEntry, Report, Review, ReviewKind
from kythuat.targets.models import Target

START = dt.date(2026, 1, 1)
END = dt.date(2026, 6, 30)
ISSUE_DAY = dt.date(2026, 7, 15)


@dataclass
class World:
    org: object
    review: Review
    directive: Directive
    target: Target
    issuer: Issuer
    commune_issuer: Issuer

    def central(self, **values) -> Report:
        from kythuat.reviews.services.reports import report_create

        return report_create(actor=self.org.users["officer_a"], review=self.review,
                             unit=self.org.province_a, **values)


def make_world(org, *, marker: str = "") -> World:
    state = FormatProfile.objects.get(code="state")
    issuer = Issuer.objects.create(
        unit=org.province_a, profile=state, name=f"Bộ Chỉ huy quân sự tỉnh Lạng Sơn{marker}",
        abbreviation="BCH", parent_name="Bộ Tư lệnh Quân khu 1", place="Lạng Sơn",
        valid_from=dt.date(2015, 1, 1))
    commune_issuer = Issuer.objects.create(
        unit=org.commune_a, profile=state, name="Ban CHQS xã Hữu Lũng", abbreviation="BCHQS",
        parent_name="Ban CHQS huyện Hữu Lũng", place="Hữu Lũng", valid_from=dt.date(2015, 1, 1))
    directive = Directive.objects.create(
        issuer=issuer, unit=org.province_a, kind=DirectiveKind.objects.get(code="CTHĐ"),
        number=5, symbol="CTHĐ-BCH", issued_on=dt.date(2025, 12, 1), series="2025",
        title=f"Chương trình hành động thực hiện Nghị quyết 382{marker}")
    clause = Clause.objects.create(directive=directive, number="1",
                                   text="Nâng cao hệ số kỹ thuật")
    review = Review.objects.create(
        unit=org.province_a, kind=ReviewKind.objects.get(code="final_15y"),
        title=f"Tổng kết thực hiện Nghị quyết 382{marker}", period_start=START, period_end=END)
    review.directives.add(directive)
    PlanEntry.objects.create(review=review, unit=org.commune_a, deadline=dt.date(2026, 7, 10))
    target = Target.objects.create(
        clause=clause, indicator_code="holdings.on_hand", unit=org.province_a, start=START,
        deadline=dt.date(2026, 12, 31), baseline=0, baseline_start=START, baseline_end=START,
        stated_value=3, stated_unit="piece", goal=3)
    org.rifles(org.commune_a, "LS-001", "LS-002", day=dt.date(2026, 1, 10))
    org.rifles(org.commune_a, "LS-003", grade=4, day=dt.date(2026, 2, 10))
    return World(org, review, directive, target, issuer, commune_issuer)

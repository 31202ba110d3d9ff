"""The report screens' cases for tests/test_scoping_routes.py: a review of Lạng Sơn with its
central report issued (the tester, in Cao Bằng, is not under the reviewing unit), a draft
report of the commune, their sections and figures."""

import datetime as dt

from kythuat.reviews.models import Figure, Report

OBJECT: dict = {
    "reviews:report-create": "reports_review",
    "reviews:report-detail": "reviews_report",
    "reviews:report-edit": "reviews_draft_report",
    "reviews:report-figures": "reviews_report",
    "reviews:figure-add": "reviews_draft_report",
    "reviews:report-refresh": "reviews_draft_report",
    "reviews:report-issue": "reviews_draft_report",
    "reviews:report-compare": "reviews_report",
    "reviews:report-docx": "reviews_report",
    "reviews:report-section-edit": "reviews_section",
    "reviews:figure-delete": "reviews_figure",
    "review-report-detail": "reviews_report",
    "review-report-issue": "reviews_draft_report",
    "review-report-refresh": "reviews_draft_report",
    "review-report-compare": "reviews_report",
    "review-report-docx": "reviews_report",
    "review-report-section-detail": "reviews_section",
    "review-report-figure-detail": "reviews_figure",
}
LIST: dict = {
    "reviews:report-list": None,
    "review-report-list": None,
    "review-report-section-list": None,
    "review-report-figure-list": None,
}
CREATE: dict = {
    "review-report-list": (Report, lambda w: {"review": w["reports_review"].pk,
                                              "unit": w["unit"].pk}),
    "review-report-figure-list": (Figure, lambda w: {
        "report": w["reviews_draft_report"].pk, "indicator_code": "holdings.on_hand",
        "unit": w["unit"].pk, "label": "X"}),
}
REFERENCE: set = set()


def extend_world(world: dict) -> None:
    """Adds this part's records outside the tester's subtree."""
    from kythuat.documents.models import FormatProfile, Issuer
    from kythuat.reviews.models import PlanEntry, Review, ReviewKind
    from kythuat.reviews.services import figures, reports

    org = world["org"]
    review = Review.objects.create(
        unit=org.province_a, kind=ReviewKind.objects.get(code="year"),
        title="SECRET-A tổng kết năm", period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 6, 30))
    PlanEntry.objects.create(review=review, unit=org.commune_a, deadline=dt.date(2026, 7, 1))
    Issuer.objects.create(unit=org.province_a, profile=FormatProfile.objects.get(code="state"),
                          name="SECRET-A Bộ Chỉ huy", abbreviation="BCHX", place="Lạng Sơn",
                          valid_from=dt.date(2015, 1, 1))
    central = reports.report_create(actor=None, review=review, unit=org.province_a,
                                    title="SECRET-A báo cáo")
    figure = figures.figure_add(actor=None, report=central, indicator_code="holdings.on_hand",
                                unit=org.province_a, label="SECRET-A số súng")
    section = central.sections.get(part="results")
    reports.section_update(actor=None, section=section, text=f"SECRET-A có {figure.token}.")
    reports.report_issue(actor=None, report=central, date=dt.date(2026, 7, 15))
    draft = reports.report_create(actor=None, review=review, unit=org.commune_a,
                                  title="SECRET-A báo cáo của xã")
    world["reports_review"] = review
    world["reviews_report"] = central
    world["reviews_draft_report"] = draft
    world["reviews_section"] = draft.sections.get(part="situation")
    world["reviews_figure"] = figures.figure_add(
        actor=None, report=draft, indicator_code="holdings.on_hand", unit=org.commune_a,
        label="SECRET-A số súng của xã")

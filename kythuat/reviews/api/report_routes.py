"""The report resources on the one router of /api/v1/."""

from .reports import FigureViewSet, ReportViewSet, SectionViewSet

ROUTES = [
    ("review-reports", ReportViewSet, "review-report"),
    ("review-report-sections", SectionViewSet, "review-report-section"),
    ("review-report-figures", FigureViewSet, "review-report-figure"),
]

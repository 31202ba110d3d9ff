"""This app's API resources; config/api_urls.py registers them on the one /api/v1/ router."""

from .views import (
    FacilityStandardViewSet,
    FacilityViewSet,
    FundingSourceViewSet,
    InspectionViewSet,
    InvestmentViewSet,
    ReadingViewSet,
)

ROUTES = [
    ("facilities", FacilityViewSet, "facility"),
    ("facility-standards", FacilityStandardViewSet, "facility-standard"),
    ("funding-sources", FundingSourceViewSet, "funding-source"),
    ("facility-investments", InvestmentViewSet, "facility-investment"),
    ("facility-inspections", InspectionViewSet, "facility-inspection"),
    ("condition-readings", ReadingViewSet, "condition-reading"),
]

"""This app's API resources; config/api_urls.py registers them on the one /api/v1/ router."""

from .report_views import (
    AuthorizedStrengthViewSet,
    BalanceViewSet,
    PeriodCloseViewSet,
    ReportViewSet,
)
from .views import ItemViewSet, LotViewSet, MovementViewSet

ROUTES = [
    ("items", ItemViewSet, "item"),
    ("lots", LotViewSet, "lot"),
    ("movements", MovementViewSet, "movement"),
    ("balances", BalanceViewSet, "balance"),
    ("reports", ReportViewSet, "report"),
    ("period-closes", PeriodCloseViewSet, "period-close"),
    ("authorized-strengths", AuthorizedStrengthViewSet, "authorized-strength"),
]

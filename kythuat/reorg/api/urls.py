"""This app's resources on the one router of /api/v1/ (config/api_urls.py)."""

from .views import ChangeViewSet, ReorganisationViewSet, UnitHistoryViewSet

ROUTES = [
    ("reorganisations", ReorganisationViewSet, "reorganisation"),
    ("reorganisation-changes", ChangeViewSet, "reorganisation-change"),
    ("unit-history", UnitHistoryViewSet, "unit-history"),
]

"""This app's API resources; config/api_urls.py registers them on the one /api/v1/ router."""

from .views import UnitViewSet, UserViewSet

ROUTES = [
    ("units", UnitViewSet, "unit"),
    ("users", UserViewSet, "user"),
]

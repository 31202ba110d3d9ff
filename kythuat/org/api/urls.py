"""This app's API resources; config/api_urls.py registers them on the one /api/v1/ router.
Unit kinds are listed with the other reference tables (/api/v1/reference/unit-kind/)."""

from .views import TokenViewSet, UnitViewSet, UserViewSet

ROUTES = [
    ("units", UnitViewSet, "unit"),
    ("users", UserViewSet, "user"),
    ("token", TokenViewSet, "token"),
]

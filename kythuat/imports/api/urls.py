"""This app's API resources; config/api_urls.py registers them on the one /api/v1/ router."""

from .views import ImportViewSet

ROUTES = [
    ("imports", ImportViewSet, "import"),
]

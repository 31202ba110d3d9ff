"""This app's resources on the one router of /api/v1/ (config/api_urls.py)."""

from .views import TargetViewSet

ROUTES = [("targets", TargetViewSet, "target")]

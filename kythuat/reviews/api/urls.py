"""This app's resources on the one router of /api/v1/ (config/api_urls.py)."""

from . import report_routes, review_routes

ROUTES = [*review_routes.ROUTES, *report_routes.ROUTES]

"""This app's resources on the one router of /api/v1/ (config/api_urls.py)."""

ROUTES: list = []

"""This app's resources on the one router of /api/v1/ (config/api_urls.py)."""

from .views import ClauseViewSet, DirectiveKindViewSet, DirectiveViewSet

ROUTES = [
    ("directives", DirectiveViewSet, "directive"),
    ("directive-clauses", ClauseViewSet, "directive-clause"),
    ("directive-kinds", DirectiveKindViewSet, "directive-kind"),
]

"""This app's API resources; config/api_urls.py registers them on the one /api/v1/ router."""

from .entered import EnteredIndicatorViewSet, EnteredValueViewSet
from .values import IndicatorViewSet

ROUTES = [
    # The registry: definitions, the value for (unit, period), the records behind it.
    ("indicators", IndicatorViewSet, "indicator"),
    # Entered indicators and their figures.
    ("entered-indicators", EnteredIndicatorViewSet, "entered-indicator"),
    ("entered-values", EnteredValueViewSet, "entered-value"),
]

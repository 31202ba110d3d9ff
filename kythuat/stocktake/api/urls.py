"""This app's API resources; config/api_urls.py registers them on the one /api/v1/ router."""

from .views import CountSheetViewSet, StocktakeViewSet

ROUTES = [
    ("stocktakes", StocktakeViewSet, "stocktake"),
    ("stocktake-sheets", CountSheetViewSet, "stocktake-sheet"),
]

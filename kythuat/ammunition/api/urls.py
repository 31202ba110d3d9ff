"""This app's API resources; config/api_urls.py registers them on the one /api/v1/ router."""

from .views import (
    AmmoLotViewSet,
    DisposalBatchViewSet,
    LotIsolationViewSet,
    LotTestViewSet,
    ShelfLifeExtensionViewSet,
)

ROUTES = [
    ("ammunition/lots", AmmoLotViewSet, "ammo-lot"),
    ("ammunition/tests", LotTestViewSet, "lot-test"),
    ("ammunition/isolations", LotIsolationViewSet, "lot-isolation"),
    ("ammunition/extensions", ShelfLifeExtensionViewSet, "shelf-life-extension"),
    ("ammunition/disposal-batches", DisposalBatchViewSet, "disposal-batch"),
]

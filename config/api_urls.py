"""The one router of /api/v1/: each app lists its resources in its api/urls.py."""

from importlib import import_module

from rest_framework.routers import DefaultRouter

APPS = ("org", "catalog", "storage", "holdings", "maintenance", "vehicles", "ammunition", "jobs",
        "imports", "stocktake", "documents", "reports", "indicators", "directives", "targets",
        "reviews", "commendations", "initiatives", "campaign", "people", "training", "reorg")

router = DefaultRouter()
for app in APPS:
    for prefix, viewset, basename in import_module(f"kythuat.{app}.api.urls").ROUTES:
        router.register(prefix, viewset, basename=basename)
urlpatterns = router.urls

"""The one router of /api/v1/: each app lists its resources in its api/urls.py."""

from rest_framework.routers import DefaultRouter

from kythuat.catalog.api.urls import ROUTES as CATALOG
from kythuat.holdings.api.urls import ROUTES as HOLDINGS
from kythuat.org.api.urls import ROUTES as ORG
from kythuat.storage.api.urls import ROUTES as STORAGE

router = DefaultRouter()
for prefix, viewset, basename in [*ORG, *CATALOG, *STORAGE, *HOLDINGS]:
    router.register(prefix, viewset, basename=basename)
urlpatterns = router.urls

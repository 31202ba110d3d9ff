"""The one router of /api/v1/: each app registers its viewsets in its api/urls.py."""

from django.urls import include, path

urlpatterns = [
    path("", include("kythuat.org.api.urls")),
    path("", include("kythuat.catalog.api.urls")),
    path("", include("kythuat.storage.api.urls")),
    path("", include("kythuat.holdings.api.urls")),
]

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from kythuat.org import account_views

urlpatterns = [
    path("accounts/login/", account_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", account_views.PasswordChangeView.as_view(),
         name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(),
         name="password_change_done"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file: the CSP allows no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"),
         name="api-docs"),
    path("units/", include("kythuat.org.urls")),
    path("catalogue/", include("kythuat.catalog.urls")),
    path("facilities/", include("kythuat.storage.urls")),
    path("holdings/", include("kythuat.holdings.urls")),
    path("maintenance/", include("kythuat.maintenance.urls")),
    path("vehicles/", include("kythuat.vehicles.urls")),
    path("ammunition/", include("kythuat.ammunition.urls")),
    path("jobs/", include("kythuat.jobs.urls")),
    path("imports/", include("kythuat.imports.urls")),
    path("stocktake/", include("kythuat.stocktake.urls")),
    path("documents/", include("kythuat.documents.urls")),
    path("reports/", include("kythuat.reports.urls")),
    path("directives/", include("kythuat.directives.urls")),
    path("reviews/", include("kythuat.reviews.urls")),
    path("commendations/", include("kythuat.commendations.urls")),
    path("initiatives/", include("kythuat.initiatives.urls")),
    path("campaign50/", include("kythuat.campaign.urls")),
    path("people/", include("kythuat.people.urls")),
    path("training/", include("kythuat.training.urls")),
    path("reorganisations/", include("kythuat.reorg.urls")),
    path("targets/", include("kythuat.targets.urls")),
    path("", include("kythuat.indicators.urls")),
]


handler404 = "kythuat.core.errors.not_found"
handler500 = "kythuat.core.errors.server_error"

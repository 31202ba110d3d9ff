"""Holdings screens: each view module lists its own routes."""

from .views import inbox, items, movements, reports

app_name = "holdings"
urlpatterns = [*items.urlpatterns, *inbox.urlpatterns, *movements.urlpatterns,
               *reports.urlpatterns]

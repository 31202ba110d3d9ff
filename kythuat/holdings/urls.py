"""Holdings screens: each view module lists its own routes."""

from .views import items, movements, reports

app_name = "holdings"
urlpatterns = [*items.urlpatterns, *movements.urlpatterns, *reports.urlpatterns]

"""Maintenance screens: each view module lists its own routes."""

from .views import due, setup, technicians, work_orders

app_name = "maintenance"
urlpatterns = [*due.urlpatterns, *work_orders.urlpatterns, *technicians.urlpatterns,
               *setup.urlpatterns]

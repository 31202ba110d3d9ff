from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.home, name="home"),
    path("indicators/", views.indicator_list, name="indicators"),
    path("indicators/unit-summary/", views.unit_summary, name="unit-summary"),
    path("indicators/alerts/", views.alert_panel, name="alerts"),
]

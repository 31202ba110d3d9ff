from django.urls import path

from .views import dashboard, entered, indicators

app_name = "dashboard"
urlpatterns = [
    path("", dashboard.home, name="home"),
    path("indicators/", indicators.indicator_list, name="indicators"),
    path("indicators/records/", indicators.indicator_records, name="indicator-records"),
    path("indicators/unit-summary/", dashboard.unit_summary, name="unit-summary"),
    path("indicators/alerts/", dashboard.alert_panel, name="alerts"),
    path("indicators/charts/", dashboard.charts, name="charts"),
    path("indicators/entered/", entered.entered_list, name="entered-list"),
    path("indicators/entered/new/", entered.entered_create, name="entered-create"),
    path("indicators/entered/<int:pk>/", entered.entered_detail, name="entered-detail"),
    path("indicators/entered/<int:pk>/edit/", entered.entered_edit, name="entered-edit"),
    path("indicators/entered/<int:pk>/confirm/", entered.entered_confirm,
         name="entered-confirm"),
    path("indicators/entered/<int:pk>/return/", entered.entered_return, name="entered-return"),
    path("indicators/entered/<int:pk>/evidence/", entered.entered_evidence,
         name="entered-evidence"),
    path("indicators/<str:code>/", indicators.indicator_detail, name="indicator-detail"),
]

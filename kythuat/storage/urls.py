from django.urls import path

from .views import facilities, inspections, investments, readings

app_name = "storage"
urlpatterns = [
    path("", facilities.facility_list, name="facility-list"),
    path("export.xlsx", facilities.facility_export, name="facility-export"),
    path("new/", facilities.facility_create, name="facility-create"),
    path("<int:pk>/", facilities.facility_detail, name="facility-detail"),
    path("<int:pk>/edit/", facilities.facility_edit, name="facility-edit"),
    path("<int:pk>/investments/new/", investments.investment_create, name="investment-create"),
    path("<int:pk>/inspections/new/", inspections.inspection_create, name="inspection-create"),
    path("<int:pk>/readings/new/", readings.reading_create, name="reading-create"),
    path("investments/", investments.investment_list, name="investment-list"),
    path("investments/export.xlsx", investments.investment_export, name="investment-export"),
    path("investments/summary/", investments.investment_summary, name="investment-summary"),
    path("investments/summary/export.xlsx", investments.investment_summary_export,
         name="investment-summary-export"),
    path("investments/<int:pk>/edit/", investments.investment_edit, name="investment-edit"),
    path("investments/<int:pk>/delete/", investments.investment_delete,
         name="investment-delete"),
    path("inspections/", inspections.inspection_list, name="inspection-list"),
    path("inspections/export.xlsx", inspections.inspection_export, name="inspection-export"),
    path("inspections/<int:pk>/edit/", inspections.inspection_edit, name="inspection-edit"),
    path("inspections/<int:pk>/close/", inspections.inspection_close, name="inspection-close"),
    path("readings/", readings.reading_list, name="reading-list"),
    path("readings/export.xlsx", readings.reading_export, name="reading-export"),
    path("readings/<int:pk>/acknowledge/", readings.reading_acknowledge,
         name="reading-acknowledge"),
]

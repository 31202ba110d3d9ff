from django.urls import path

from . import views

app_name = "vehicles"
urlpatterns = [
    path("", views.vehicle_list, name="vehicle-list"),
    path("export/", views.vehicle_export, name="vehicle-export"),
    path("<int:pk>/", views.vehicle_detail, name="vehicle-detail"),
    path("<int:pk>/register/", views.registration_create, name="registration-create"),
    path("<int:pk>/assign/", views.assignment_create, name="assignment-create"),
    path("drivers/", views.driver_list, name="driver-list"),
    path("drivers/export/", views.driver_export, name="driver-export"),
    path("drivers/new/", views.driver_create, name="driver-create"),
    path("drivers/<int:pk>/", views.driver_detail, name="driver-detail"),
    path("drivers/<int:pk>/edit/", views.driver_edit, name="driver-edit"),
    path("trips/", views.trip_list, name="trip-list"),
    path("trips/export/", views.trip_export, name="trip-export"),
    path("trips/new/", views.trip_create, name="trip-create"),
    path("trips/<int:pk>/delete/", views.trip_delete, name="trip-delete"),
    path("usage/", views.usage_report, name="usage-report"),
    path("usage/export/", views.usage_export, name="usage-export"),
    path("norms/", views.norm_list, name="norm-list"),
    path("accidents/", views.accident_list, name="accident-list"),
    path("accidents/export/", views.accident_export, name="accident-export"),
    path("accidents/new/", views.accident_create, name="accident-create"),
    path("accidents/<int:pk>/delete/", views.accident_delete, name="accident-delete"),
    path("accidents/comparison/", views.accident_comparison, name="accident-comparison"),
    path("accidents/comparison/export/", views.accident_comparison_export,
         name="accident-comparison-export"),
    path("programmes/", views.programme_list, name="programme-list"),
    path("programmes/new/", views.programme_create, name="programme-create"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme-detail"),
    path("programmes/<int:pk>/export/", views.programme_export, name="programme-export"),
]

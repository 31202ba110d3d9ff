from django.urls import path

from . import views

app_name = "catalog"
urlpatterns = [
    path("types/", views.type_list, name="type-list"),
    path("types/export.xlsx", views.type_export, {"fmt": "xlsx"}, name="type-export"),
    path("types/export.csv", views.type_export, {"fmt": "csv"}, name="type-export-csv"),
    path("types/new/", views.type_create, name="type-create"),
    path("types/<int:pk>/", views.type_detail, name="type-detail"),
    path("types/<int:pk>/edit/", views.type_edit, name="type-edit"),
    path("branches/", views.branch_list, name="branch-list"),
    path("branches/export.xlsx", views.branch_export, {"fmt": "xlsx"}, name="branch-export"),
    path("branches/export.csv", views.branch_export, {"fmt": "csv"}, name="branch-export-csv"),
    path("reference/", views.reference, name="reference"),
    path("reference/<slug:model>/new/", views.reference_create, name="reference-create"),
    path("reference/<slug:model>/<int:pk>/edit/", views.reference_edit, name="reference-edit"),
]

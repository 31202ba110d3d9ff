from django.urls import path

from . import views

app_name = "targets"
urlpatterns = [
    path("", views.target_list, name="target-list"),
    path("export.xlsx", views.target_export, name="target-export"),
    path("new/", views.target_create, name="target-create"),
    path("<int:pk>/", views.target_detail, name="target-detail"),
    path("<int:pk>/edit/", views.target_edit, name="target-edit"),
    path("<int:pk>/allocate/", views.target_allocate, name="target-allocate"),
    path("<int:pk>/delete/", views.target_delete, name="target-delete"),
]

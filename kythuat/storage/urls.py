from django.urls import path

from . import views

app_name = "storage"
urlpatterns = [
    path("", views.facility_list, name="facility-list"),
    path("new/", views.facility_create, name="facility-create"),
    path("<int:pk>/", views.facility_detail, name="facility-detail"),
    path("<int:pk>/edit/", views.facility_edit, name="facility-edit"),
]

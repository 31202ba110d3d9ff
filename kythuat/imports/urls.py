from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.import_list, name="import-list"),
    path("export/", views.import_export, name="import-export"),
    path("template/", views.template_download, name="template"),
    path("new/", views.import_create, name="import-create"),
    path("<int:pk>/", views.import_detail, name="import-detail"),
    path("<int:pk>/mapping/", views.import_mapping, name="import-mapping"),
    path("<int:pk>/file/", views.import_file, name="import-file"),
    path("<int:pk>/confirm/", views.import_confirm, name="import-confirm"),
    path("<int:pk>/cancel/", views.import_cancel, name="import-cancel"),
    path("<int:pk>/errors/", views.import_errors, name="import-errors"),
]

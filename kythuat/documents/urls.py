from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.register, name="register"),
    path("register/export/", views.register_export, name="register-export"),
    path("issue/", views.number_issue, name="number-issue"),
    path("issuers/", views.issuer_list, name="issuer-list"),
    path("issuers/export/", views.issuer_export, name="issuer-export"),
    path("issuers/new/", views.issuer_create, name="issuer-create"),
    path("issuers/<int:pk>/", views.issuer_detail, name="issuer-detail"),
    path("issuers/<int:pk>/edit/", views.issuer_edit, name="issuer-edit"),
    path("issuers/<int:pk>/rename/", views.issuer_rename, name="issuer-rename"),
    path("profiles/", views.profile_list, name="profile-list"),
    path("profiles/<int:pk>/", views.profile_detail, name="profile-detail"),
    path("profiles/<int:pk>/edit/", views.profile_edit, name="profile-edit"),
    path("types/", views.type_list, name="type-list"),
    path("types/new/", views.type_edit, name="type-create"),
    path("types/<int:pk>/edit/", views.type_edit, name="type-edit"),
    path("report/", views.report_create, name="report"),
    path("handover/<int:pk>/", views.movement_handover, name="movement-handover"),
    path("slip/<int:pk>/", views.movement_slip, name="movement-slip"),
]

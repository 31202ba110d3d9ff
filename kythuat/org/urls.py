from django.urls import path

from . import account_views, views

app_name = "org"
urlpatterns = [
    path("", views.unit_list, name="unit-list"),
    path("export.xlsx", views.unit_export, {"fmt": "xlsx"}, name="unit-export"),
    path("export.csv", views.unit_export, {"fmt": "csv"}, name="unit-export-csv"),
    path("<int:pk>/", views.unit_detail, name="unit-detail"),
    path("<int:pk>/children/", views.unit_children, name="unit-children"),
    path("<int:pk>/add-child/", views.unit_create, name="unit-create"),
    path("<int:pk>/edit/", views.unit_edit, name="unit-edit"),
    path("<int:pk>/move/", views.unit_move, name="unit-move"),
    path("users/", views.user_list, name="user-list"),
    path("users/export.xlsx", views.user_export, {"fmt": "xlsx"}, name="user-export"),
    path("users/export.csv", views.user_export, {"fmt": "csv"}, name="user-export-csv"),
    path("users/new/", views.user_create, name="user-create"),
    path("users/<int:pk>/edit/", views.user_edit, name="user-edit"),
    path("users/<int:pk>/password/", views.user_password, name="user-password"),
    path("users/<int:pk>/revoke-token/", account_views.user_token_revoke,
         name="user-token-revoke"),
    path("me/token/", account_views.token, name="token"),
]

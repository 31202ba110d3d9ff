from django.urls import path

from . import views

app_name = "org"
urlpatterns = [
    path("", views.unit_list, name="unit-list"),
    path("<int:pk>/", views.unit_detail, name="unit-detail"),
    path("<int:pk>/children/", views.unit_children, name="unit-children"),
    path("<int:pk>/add-child/", views.unit_create, name="unit-create"),
    path("<int:pk>/edit/", views.unit_edit, name="unit-edit"),
    path("<int:pk>/move/", views.unit_move, name="unit-move"),
    path("users/", views.user_list, name="user-list"),
    path("users/new/", views.user_create, name="user-create"),
    path("users/<int:pk>/edit/", views.user_edit, name="user-edit"),
    path("users/<int:pk>/password/", views.user_password, name="user-password"),
    path("me/token/", views.token, name="token"),
]

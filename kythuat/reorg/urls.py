from django.urls import path

from . import views

app_name = "reorg"
urlpatterns = [
    path("", views.decision_list, name="list"),
    path("new/", views.decision_create, name="create"),
    path("<int:pk>/", views.decision_detail, name="detail"),
    path("<int:pk>/changes/", views.change_add, name="change-add"),
    path("<int:pk>/successors/", views.succession_add, name="succession-add"),
    path("<int:pk>/preview/", views.decision_preview, name="preview"),
    path("<int:pk>/announce/", views.decision_announce, name="announce"),
    path("<int:pk>/cancel/", views.decision_cancel, name="cancel"),
    path("<int:pk>/apply/", views.decision_apply, name="apply"),
    path("changes/<int:pk>/delete/", views.change_delete, name="change-delete"),
    path("successors/<int:pk>/delete/", views.succession_delete, name="succession-delete"),
]

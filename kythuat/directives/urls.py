from django.urls import path

from .views import clauses, directives

app_name = "directives"
urlpatterns = [
    path("", directives.directive_list, name="directive-list"),
    path("export.xlsx", directives.directive_export, name="directive-export"),
    path("new/", directives.directive_create, name="directive-create"),
    path("<int:pk>/", directives.directive_detail, name="directive-detail"),
    path("<int:pk>/edit/", directives.directive_edit, name="directive-edit"),
    path("<int:pk>/status/", directives.directive_status, name="directive-status"),
    path("<int:pk>/cascade/", directives.directive_cascade, name="directive-cascade"),
    path("<int:pk>/file/", directives.directive_file, name="directive-file"),
    path("<int:pk>/clauses/new/", clauses.clause_create, name="clause-create"),
    path("clauses/<int:pk>/edit/", clauses.clause_edit, name="clause-edit"),
    path("clauses/<int:pk>/delete/", clauses.clause_delete, name="clause-delete"),
]

from django.urls import path

from . import sheet_views, views

app_name = "stocktake"
urlpatterns = [
    path("", views.stocktake_list, name="stocktake-list"),
    path("export/", views.stocktake_export, name="stocktake-export"),
    path("new/", views.stocktake_create, name="stocktake-create"),
    path("<int:pk>/", views.stocktake_detail, name="stocktake-detail"),
    path("<int:pk>/edit/", views.stocktake_edit, name="stocktake-edit"),
    path("<int:pk>/members/", views.member_add, name="member-add"),
    path("members/<int:pk>/remove/", views.member_remove, name="member-remove"),
    path("<int:pk>/start/", views.stocktake_start, name="stocktake-start"),
    path("<int:pk>/finish/", views.stocktake_finish, name="stocktake-finish"),
    path("<int:pk>/reopen/", views.stocktake_reopen, name="stocktake-reopen"),
    path("<int:pk>/approve/", views.stocktake_approve, name="stocktake-approve"),
    path("<int:pk>/cancel/", views.stocktake_cancel, name="stocktake-cancel"),
    path("<int:pk>/variances/", views.stocktake_variances, name="stocktake-variances"),
    path("<int:pk>/variances/export/", views.stocktake_variance_export,
         name="stocktake-variance-export"),
    path("<int:pk>/record/", views.stocktake_record, name="stocktake-record"),
    path("<int:pk>/sheets/export/", sheet_views.stocktake_sheets_export,
         name="stocktake-sheets-export"),
    path("<int:pk>/import/", sheet_views.stocktake_import, name="stocktake-import"),
    path("sheets/<int:pk>/", sheet_views.sheet_detail, name="sheet-detail"),
    path("sheets/<int:pk>/export/", sheet_views.sheet_export, name="sheet-export"),
    path("sheets/<int:pk>/fill/", sheet_views.sheet_fill, name="sheet-fill"),
    path("sheets/<int:pk>/finds/", sheet_views.sheet_line_add, name="sheet-line-add"),
    path("lines/<int:pk>/edit/", sheet_views.line_edit, name="line-edit"),
    path("lines/<int:pk>/delete/", sheet_views.line_delete, name="line-delete"),
]

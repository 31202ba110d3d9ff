from django.urls import path

from .views import disposal, lists, lots

app_name = "ammunition"
urlpatterns = [
    path("", lots.lot_list, name="lot-list"),
    path("export.xlsx", lots.lot_export, name="lot-export"),
    path("lots/<int:pk>/", lots.lot_detail, name="lot-detail"),
    path("lots/<int:pk>/panel/", lots.lot_panel, name="lot-panel"),
    path("lots/<int:pk>/test/", lots.test_create, name="test-create"),
    path("lots/<int:pk>/isolate/", lots.lot_isolate, name="lot-isolate"),
    path("lots/<int:pk>/extend/", lots.lot_extend, name="lot-extend"),
    path("isolations/<int:pk>/release/", lots.isolation_release, name="isolation-release"),
    path("expiry/", lists.expiry_list, name="expiry-list"),
    path("expiry/export.xlsx", lists.expiry_export, name="expiry-export"),
    path("retests/", lists.retest_list, name="retest-list"),
    path("retests/export.xlsx", lists.retest_export, name="retest-export"),
    path("tests/", lists.test_list, name="test-list"),
    path("tests/export.xlsx", lists.test_export, name="test-export"),
    path("disposal/", disposal.batch_list, name="batch-list"),
    path("disposal/export.xlsx", disposal.batch_export, name="batch-export"),
    path("disposal/new/", disposal.batch_create, name="batch-create"),
    path("disposal/<int:pk>/", disposal.batch_detail, name="batch-detail"),
    path("disposal/<int:pk>/approve/", disposal.batch_approve, name="batch-approve"),
    path("disposal/<int:pk>/delete/", disposal.batch_delete, name="batch-delete"),
    path("disposal/<int:pk>/lines/", disposal.batch_line_add, name="batch-line-add"),
    path("disposal/lines/<int:pk>/remove/", disposal.batch_line_remove,
         name="batch-line-remove"),
    path("disposal/<int:pk>/write-off/", disposal.batch_write_off, name="batch-write-off"),
    path("disposal/<int:pk>/link/", disposal.batch_link, name="batch-link"),
]

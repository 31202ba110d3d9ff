"""This app's API resources; config/api_urls.py registers them on the one /api/v1/ router."""

from .views import BranchViewSet, EquipmentTypeViewSet, GradeViewSet, UsageGroupViewSet

ROUTES = [
    ("branches", BranchViewSet, "branch"),
    ("equipment-types", EquipmentTypeViewSet, "equipment-type"),
    ("usage-groups", UsageGroupViewSet, "usage-group"),
    ("grades", GradeViewSet, "grade"),
]

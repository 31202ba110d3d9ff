from rest_framework.routers import DefaultRouter

from .views import BranchViewSet, EquipmentTypeViewSet, GradeViewSet, UsageGroupViewSet

router = DefaultRouter()
router.include_root_view = False  # /api/v1/ is answered by the first router (org)
router.register("branches", BranchViewSet, basename="branch")
router.register("equipment-types", EquipmentTypeViewSet, basename="equipment-type")
router.register("usage-groups", UsageGroupViewSet, basename="usage-group")
router.register("grades", GradeViewSet, basename="grade")
urlpatterns = router.urls

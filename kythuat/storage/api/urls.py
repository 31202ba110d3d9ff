from rest_framework.routers import DefaultRouter

from .views import FacilityViewSet

router = DefaultRouter()
router.include_root_view = False  # /api/v1/ is answered by the first router (org)
router.register("facilities", FacilityViewSet, basename="facility")
urlpatterns = router.urls

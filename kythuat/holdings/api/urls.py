from rest_framework.routers import DefaultRouter

from .report_views import (
    AuthorizedStrengthViewSet,
    BalanceViewSet,
    PeriodCloseViewSet,
    ReportViewSet,
)
from .views import ItemViewSet, LotViewSet, MovementViewSet

router = DefaultRouter()
router.include_root_view = False  # /api/v1/ is answered by the first router (org)
router.register("items", ItemViewSet, basename="item")
router.register("lots", LotViewSet, basename="lot")
router.register("movements", MovementViewSet, basename="movement")
router.register("balances", BalanceViewSet, basename="balance")
router.register("reports", ReportViewSet, basename="report")
router.register("period-closes", PeriodCloseViewSet, basename="period-close")
router.register("authorized-strengths", AuthorizedStrengthViewSet, basename="authorized-strength")
urlpatterns = router.urls

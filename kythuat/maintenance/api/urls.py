"""This app's API resources; config/api_urls.py registers them on the one /api/v1/ router."""

from .views import (
    CalendarEntryViewSet,
    DueViewSet,
    MaintenanceKindViewSet,
    MeterKindViewSet,
    MeterReadingViewSet,
    MeterViewSet,
    PlanViewSet,
    RepairLevelViewSet,
    WorkOrderViewSet,
)

ROUTES = [
    ("maintenance-kinds", MaintenanceKindViewSet, "maintenance-kind"),
    ("repair-levels", RepairLevelViewSet, "repair-level"),
    ("meter-kinds", MeterKindViewSet, "meter-kind"),
    ("maintenance-plans", PlanViewSet, "maintenance-plan"),
    ("technical-calendar", CalendarEntryViewSet, "calendar-entry"),
    ("meters", MeterViewSet, "meter"),
    ("meter-readings", MeterReadingViewSet, "meter-reading"),
    ("work-orders", WorkOrderViewSet, "work-order"),
    ("maintenance-due", DueViewSet, "maintenance-due"),
]

"""Maintenance and repair: the technical calendar, plans per type, meters, work orders and the
record of the last maintenance done on each item (what the due list reads)."""

from .reference import (
    HOURS,
    METER,
    MONEY,
    WEEKDAYS,
    CalendarEntry,
    Frequency,
    MaintenanceKind,
    MaintenancePlan,
    MeterKind,
    PlanDue,
    PlanDueMark,
    RepairLevel,
)
from .staffing import TechnicianRule
from .work import (
    Meter,
    MeterReading,
    ServiceMeter,
    ServiceRecord,
    WorkOrder,
    WorkOrderLine,
    WorkOrderPart,
)

__all__ = ["HOURS", "METER", "MONEY", "WEEKDAYS", "CalendarEntry", "Frequency", "MaintenanceKind",
           "MaintenancePlan", "Meter", "MeterKind", "MeterReading", "PlanDue", "PlanDueMark",
           "RepairLevel", "ServiceMeter", "ServiceRecord", "TechnicianRule", "WorkOrder",
           "WorkOrderLine", "WorkOrderPart"]

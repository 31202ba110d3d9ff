from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaintenanceConfig(AppConfig):
    name = "kythuat.maintenance"
    verbose_name = _("Maintenance and repair")

    def ready(self) -> None:
        from kythuat.catalog.forms import register_reference

        from . import guards  # noqa: F401  (registers the posting guard)
        from .models import MaintenanceKind, MeterKind, RepairLevel, TechnicianRule

        register_reference(
            "maintenance-kind", MaintenanceKind, ["code", "name", "order", "covers", "is_active"],
            title=_("Maintenance kinds"),
            help_text=_("A kind that covers others (bảo dưỡng cấp 2 covers cấp 1) counts as "
                        "done for them too."))
        register_reference(
            "repair-level", RepairLevel,
            ["code", "name", "order", "allowed_facility_kinds", "allowed_unit_kinds",
             "is_active"],
            title=_("Repair levels and who may do them"),
            help_text=_("The echelon rule: a work order of a level goes only to a facility of "
                        "an allowed kind, owned by a unit of an allowed kind (empty: any)."))
        register_reference(
            "technician-rule", TechnicianRule,
            ["repair_level", "branch", "trade", "min_level", "is_active"],
            title=_("Technicians required by repair level"),
            help_text=_("The trade and minimum skill level a work order's technicians should "
                        "hold for a repair level (for one branch, or any branch); a work order "
                        "without such a technician is flagged, not refused."))
        register_reference(
            "meter-kind", MeterKind, ["code", "name", "uom", "max_per_day", "max_value", "order"],
            title=_("Meter kinds"),
            help_text=_("A reading rising more than the daily maximum since the last one is "
                        "refused as impossible."))

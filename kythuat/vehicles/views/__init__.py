from .accidents import (
    accident_comparison,
    accident_comparison_export,
    accident_create,
    accident_delete,
    accident_export,
    accident_list,
)
from .fleet import (
    assignment_create,
    driver_create,
    driver_detail,
    driver_edit,
    driver_export,
    driver_list,
    registration_create,
    vehicle_detail,
    vehicle_export,
    vehicle_list,
)
from .programmes import programme_create, programme_detail, programme_export, programme_list
from .trips import (
    norm_list,
    trip_create,
    trip_delete,
    trip_export,
    trip_list,
    usage_export,
    usage_report,
)

__all__ = [
    "accident_comparison", "accident_comparison_export", "accident_create", "accident_delete",
    "accident_export", "accident_list", "assignment_create", "driver_create", "driver_detail",
    "driver_edit", "driver_export", "driver_list", "norm_list", "programme_create",
    "programme_detail", "programme_export", "programme_list", "registration_create",
    "trip_create", "trip_delete", "trip_export", "trip_list", "usage_export", "usage_report",
    "vehicle_detail", "vehicle_export", "vehicle_list",
]

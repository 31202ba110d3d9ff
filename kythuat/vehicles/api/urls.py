"""This app's API resources; config/api_urls.py registers them on the one /api/v1/ router."""

from .views import (
    AccidentViewSet,
    ConversionViewSet,
    DriverViewSet,
    FuelNormViewSet,
    ProgrammeViewSet,
    TripViewSet,
    VehicleViewSet,
)

ROUTES = [
    ("vehicles", VehicleViewSet, "vehicle"),
    ("drivers", DriverViewSet, "driver"),
    ("trips", TripViewSet, "trip"),
    ("traffic-accidents", AccidentViewSet, "traffic-accident"),
    ("fuel-norms", FuelNormViewSet, "fuel-norm"),
    ("modernization-programmes", ProgrammeViewSet, "modernization-programme"),
    ("modernization-conversions", ConversionViewSet, "modernization-conversion"),
]

"""The API filters are the screens' filters (one FilterSet per list)."""

from ..filters import FacilityFilter, InspectionFilter, InvestmentFilter, ReadingFilter

__all__ = ["FacilityFilter", "InspectionFilter", "InvestmentFilter", "ReadingFilter"]

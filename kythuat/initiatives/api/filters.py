"""The API filters are the screens' filters (one FilterSet per list)."""

from ..filters import CouncilFilter, InitiativeFilter

__all__ = ["CouncilFilter", "InitiativeFilter"]

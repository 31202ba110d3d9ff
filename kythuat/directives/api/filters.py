"""The API filters are the screens' filters (one FilterSet per list)."""

from ..filters import ClauseFilter, DirectiveFilter

__all__ = ["ClauseFilter", "DirectiveFilter"]

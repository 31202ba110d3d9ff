import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kythuat.org.models import Unit
from kythuat.org.querysets import ancestor_paths as org_ancestor_paths

from ..choices import PeriodKind
from ..models import PeriodClose


def period_bounds(kind: str, year: int, quarter: int | None = None) -> tuple[dt.date, dt.date]:
    """First and last day of a year or a quarter."""
    if not 2000 <= int(year) <= 2100:
        raise ValidationError(_("Enter a year between 2000 and 2100."), code="bad_year")
    if kind == PeriodKind.YEAR:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if quarter not in (1, 2, 3, 4):
        raise ValidationError(_("Choose a quarter from 1 to 4."), code="bad_quarter")
    start = dt.date(year, 3 * quarter - 2, 1)
    end = (dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1))
    return start, end - dt.timedelta(days=1)


def ancestor_paths(units: list[Unit]) -> set[str]:
    return {path for unit in units for path in org_ancestor_paths(unit.path)}


def closes_covering(units: list[Unit]) -> QuerySet[PeriodClose]:
    """Closings whose subtree contains any of the units (closed for the unit or above it)."""
    return PeriodClose.objects.filter(unit__path__in=ancestor_paths(units)).select_related("unit")

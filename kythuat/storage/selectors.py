"""Reads on facilities and their records, always scoped to the user (or to a unit the caller
has checked the user may see)."""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet, Sum

from kythuat.org.models import Unit, User

from .filters import FacilityFilter, InspectionFilter, InvestmentFilter, ReadingFilter
from .models import ConditionReading, Facility, FundingSource, Inspection, Investment

SUMMARY_YEARS = 8  # the investment summary starts this many years back (2019–2026 in 2026)


def facility_list(*, user: User, filters: Mapping[str, str] | None = None) -> QuerySet[Facility]:
    facilities = Facility.objects.visible_to(user).select_related("owner_unit", "kind",
                                                                  "standard")
    return FacilityFilter(filters, queryset=facilities, user=user).qs


def investment_list(*, user: User,
                    filters: Mapping[str, str] | None = None) -> QuerySet[Investment]:
    investments = Investment.objects.visible_to(user).select_related(
        "facility", "facility__owner_unit", "facility__kind", "funding_source")
    return InvestmentFilter(filters, queryset=investments, user=user).qs


def inspection_list(*, user: User,
                    filters: Mapping[str, str] | None = None) -> QuerySet[Inspection]:
    inspections = Inspection.objects.visible_to(user).select_related(
        "facility", "facility__owner_unit", "closed_by")
    return InspectionFilter(filters, queryset=inspections, user=user).qs


def reading_list(*, user: User,
                 filters: Mapping[str, str] | None = None) -> QuerySet[ConditionReading]:
    readings = ConditionReading.objects.visible_to(user).select_related(
        "facility", "facility__owner_unit", "recorded_by", "acknowledged_by")
    return ReadingFilter(filters, queryset=readings, user=user).qs


# Investment by funding source and year


@dataclass
class SourceRow:
    source: FundingSource
    by_year: dict[int, int]
    total: int
    records: int

    def cells(self, years: list[int]) -> list[int]:
        return [self.by_year.get(year, 0) for year in years]


@dataclass
class KindRow:
    name: str
    facilities_built: int
    facilities_invested: int
    total: int


@dataclass
class InvestmentSummary:
    unit: Unit
    year_from: int
    year_to: int
    rows: list[SourceRow] = field(default_factory=list)
    kinds: list[KindRow] = field(default_factory=list)
    by_year: dict[int, int] = field(default_factory=dict)
    total: int = 0
    records: int = 0
    facilities_built: int = 0
    facilities_invested: int = 0

    @property
    def years(self) -> list[int]:
        return list(range(self.year_from, self.year_to + 1))

    def year_cells(self) -> list[int]:
        return [self.by_year.get(year, 0) for year in self.years]

    def share(self, row: SourceRow) -> float:
        """The row's share of the total, in per cent."""
        return round(100 * row.total / self.total, 1) if self.total else 0.0


def investment_summary(*, unit: Unit, year_from: int, year_to: int,
                       investments: QuerySet[Investment] | None = None) -> InvestmentSummary:
    """Money invested in the facilities of the unit's subtree from `year_from` to `year_to`,
    by funding source and year, and the facilities built (with a new-construction record in
    the years) and invested in, by facility kind. The caller checks the unit is visible."""
    records = (investments if investments is not None else Investment.objects.all())
    records = records.within(unit).filter(year__gte=year_from, year__lte=year_to)
    summary = InvestmentSummary(unit=unit, year_from=year_from, year_to=year_to)
    sources = FundingSource.objects.in_bulk(
        set(records.values_list("funding_source_id", flat=True)))
    rows: dict[int, SourceRow] = {}
    for entry in (records.values("funding_source_id", "year")
                  .annotate(total=Sum("cost_vnd"), n=Count("pk")).order_by()):
        row = rows.setdefault(entry["funding_source_id"], SourceRow(
            source=sources[entry["funding_source_id"]], by_year={}, total=0, records=0))
        row.by_year[entry["year"]] = row.by_year.get(entry["year"], 0) + entry["total"]
        row.total += entry["total"]
        row.records += entry["n"]
        summary.by_year[entry["year"]] = summary.by_year.get(entry["year"], 0) + entry["total"]
        summary.total += entry["total"]
        summary.records += entry["n"]
    summary.rows = sorted(rows.values(), key=lambda r: (r.source.order, r.source.name))
    built = records.filter(kind=Investment.Kind.BUILT)
    summary.facilities_built = built.values("facility_id").distinct().count()
    summary.facilities_invested = records.values("facility_id").distinct().count()
    kinds: dict[str, KindRow] = {}
    per_kind = (records.values("facility__kind__order", "facility__kind__name")
                .annotate(total=Sum("cost_vnd"), invested=Count("facility_id", distinct=True))
                .order_by("facility__kind__order", "facility__kind__name"))
    for entry in per_kind:
        kinds[entry["facility__kind__name"]] = KindRow(
            name=entry["facility__kind__name"], facilities_built=0,
            facilities_invested=entry["invested"], total=entry["total"])
    for entry in (built.values("facility__kind__name")
                  .annotate(n=Count("facility_id", distinct=True)).order_by()):
        kinds[entry["facility__kind__name"]].facilities_built = entry["n"]
    summary.kinds = list(kinds.values())
    return summary

"""Storage indicators (facilities, facilities built, investment, open inspections, readings
not acknowledged) and the alert sources of the dashboard: readings out of limits not yet
acknowledged, overdue inspections.

Stocks are read as at the period's end (today for a period not yet over) from dated records:
- A facility is counted from the first year of its new-construction records (always, when it
  has none: it was built before the records began). Its status on a past day is taken from
  its change history: the status a later change replaced, else the status it has now. (A
  facility has no decommissioning date of its own; the day the change was recorded stands in
  for it.)
- An inspection is open from its date until its closing date; a reading waits for an
  acknowledgement from when it was taken until it was acknowledged.
Investments are recorded by year, so a period counts the years whose 1 January it holds.
"""

import datetime as dt
from collections.abc import Collection, Mapping
from urllib.parse import urlencode

from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from kythuat.audit.models import AuditEvent
from kythuat.indicators.alerts import Alert, alert_source
from kythuat.indicators.registry import Dimension, Direction, Kind, Period, register
from kythuat.org.models import Unit

from .filters import overdue, unacknowledged
from .models import (
    ConditionReading,
    Facility,
    FacilityKind,
    FacilityStandard,
    FundingSource,
    Inspection,
    Investment,
)

FACILITY_PATH = "facility__owner_unit__path"


def _day(period: Period) -> dt.date:
    """The day a stock is read: the period's end, or today for a period not yet over."""
    return min(period.end, timezone.localdate())


def _whole_years(period: Period) -> tuple[int, int]:
    """The first and last year whose 1 January lies inside the period (first > last: none):
    a year's records count once, in the period that holds its first day, so a year to date
    counts this year's records and the four quarters of a year add up to it."""
    first = period.start.year + (period.start != dt.date(period.start.year, 1, 1))
    return first, period.end.year


def _named(model, keys: Collection, none_label: str = "") -> dict:
    labels = dict(model.objects.filter(pk__in=[k for k in keys if k is not None])
                  .order_by("order", "name").values_list("pk", "name"))
    if None in keys:
        labels[None] = none_label
    return labels


def kind_labels(keys: Collection) -> dict:
    return _named(FacilityKind, keys)


def standard_labels(keys: Collection) -> dict:
    return _named(FacilityStandard, keys, _("no standard recorded"))


def funding_source_labels(keys: Collection) -> dict:
    return _named(FundingSource, keys)


def work_labels(keys: Collection) -> dict:
    return {key: label for key, label in Investment.Kind.choices if key in keys}


KIND = Dimension("kind", gettext_lazy("Facility kind"), "kind_id", labels=kind_labels)
STANDARD = Dimension("standard", gettext_lazy("Standard met"), "standard_id",
                     labels=standard_labels)
FUNDING = Dimension("funding_source", gettext_lazy("Funding source"), "funding_source_id",
                    labels=funding_source_labels)
FACILITY_KIND = Dimension("kind", gettext_lazy("Facility kind"), "facility__kind_id",
                          labels=kind_labels)
WORK = Dimension("work", gettext_lazy("Kind of work"), "kind", labels=work_labels)


def _url(name: str, **params) -> str:
    return f"{reverse(name)}?{urlencode(params)}"


def _facility_link(unit: Unit, period: Period, where: Mapping[str, object]) -> str:
    params = {"unit": unit.pk, **{k: v for k, v in where.items() if k in ("kind", "standard")
                                  and v is not None}}
    return _url("storage:facility-list", **params)


def _investment_link(unit: Unit, period: Period, where: Mapping[str, object]) -> str:
    first, last = _whole_years(period)
    params = {"unit": unit.pk, "year_from": first, "year_to": last}
    if where.get("funding_source") is not None:
        params["funding_source"] = where["funding_source"]
    if where.get("work"):
        params["kind"] = where["work"]
    return _url("storage:investment-list", **params)


def _built_link(unit: Unit, period: Period, where: Mapping[str, object]) -> str:
    return _investment_link(unit, period, {**where, "work": Investment.Kind.BUILT})


def facilities_as_at(unit: Unit, day: dt.date) -> QuerySet:
    """Facilities of the subtree that existed at the end of `day`, with `status_then`."""
    changes = (AuditEvent.objects
               .filter(target_type=Facility._meta.label_lower,
                       target_id=Cast(OuterRef("pk"), CharField()),
                       action=AuditEvent.Action.CHANGED, changes__has_key="status",
                       occurred_at__date__gt=day)
               .order_by("occurred_at", "pk"))
    built = (Investment.objects.filter(facility=OuterRef("pk"), kind=Investment.Kind.BUILT)
             .values("facility").annotate(first=Min("year")).values("first"))
    return (Facility.objects.within(unit)
            .annotate(status_then=Coalesce(Subquery(changes.annotate(
                          old=KT("changes__status__0")).values("old")[:1]), F("status"),
                          output_field=CharField()),
                      built_year=Subquery(built))
            .filter(Q(built_year__isnull=True) | Q(built_year__lte=day.year))
            .select_related("owner_unit", "kind", "standard"))


@register("storage.facilities", name=gettext_lazy("Facilities in use or being built"),
          definition=gettext_lazy(
              "Facilities of the subtree (depots, stations, workshops, gun cabinets, vehicle "
              "sheds …) in use or being built at the end of the period (today for a period not "
              "yet over), by kind and by the standard they meet. A facility counts from the "
              "first year of its new-construction records, and its status that day is read from "
              "its change history (the day a decommissioning was recorded stands for its date)."),
          kind=Kind.STOCK, unit=gettext_lazy("facilities"), unit_code="facility",
          direction=Direction.HIGHER, dimensions=(KIND, STANDARD), path_field="owner_unit__path",
          date_field="built_year", link=_facility_link)
def facilities(unit: Unit, period: Period) -> QuerySet:
    return facilities_as_at(unit, _day(period)).exclude(
        status_then=Facility.Status.DECOMMISSIONED)


GUN_CABINET = "tu-sung"  # the code of the gun-cabinet kind in the reference list of kinds


def _cabinet_link(unit: Unit, period: Period, where: Mapping[str, object]) -> str:
    kind = FacilityKind.objects.filter(code=GUN_CABINET).values_list("pk", flat=True).first()
    return _facility_link(unit, period, {**where, "kind": kind} if kind else where)


@register("storage.gun_cabinets", name=gettext_lazy("Gun cabinets in use"),
          definition=gettext_lazy(
              "Gun cabinets (facilities of the kind “gun cabinet”, tủ súng) of the subtree in "
              "use or being built at the end of the period, by the standard they meet: the "
              "commune militia's cabinets that the directives ask for."),
          kind=Kind.STOCK, unit=gettext_lazy("gun cabinets"), unit_code="gun_cabinet",
          direction=Direction.HIGHER, dimensions=(STANDARD,), path_field="owner_unit__path",
          date_field="built_year", link=_cabinet_link)
def gun_cabinets(unit: Unit, period: Period) -> QuerySet:
    return facilities(unit, period).filter(kind__code=GUN_CABINET)


def _investments(unit: Unit, period: Period) -> QuerySet:
    first, last = _whole_years(period)
    return (Investment.objects.within(unit).filter(year__gte=first, year__lte=last)
            .select_related("facility__owner_unit", "funding_source"))


@register("storage.facilities_built", name=gettext_lazy("Facilities built"),
          definition=gettext_lazy(
              "Facilities of the subtree whose first new-construction record is of a year "
              "whose 1 January lies in the period (a facility built over several years counts "
              "in its first year), by kind."),
          kind=Kind.FLOW, unit=gettext_lazy("facilities"), unit_code="facility",
          direction=Direction.HIGHER, dimensions=(KIND,), path_field="owner_unit__path",
          date_field="built_year", link=_built_link)
def facilities_built(unit: Unit, period: Period) -> QuerySet:
    first, last = _whole_years(period)
    built = Investment.objects.filter(facility=OuterRef("pk"), kind=Investment.Kind.BUILT)
    first_built = built.values("facility").annotate(first=Min("year")).values("first")
    return (Facility.objects.within(unit).filter(Exists(built))
            .annotate(built_year=Subquery(first_built))
            .filter(built_year__gte=first, built_year__lte=last)
            .select_related("owner_unit", "kind"))


@register("storage.investment", name=gettext_lazy("Money invested in facilities"),
          definition=gettext_lazy(
              "Cost of the construction and investment records of the subtree's facilities of "
              "the years whose 1 January lies in the period (investments are recorded by year: "
              "a year to date counts this year's records), by funding source, facility kind and "
              "kind of work."),
          kind=Kind.FLOW, unit="VND", unit_code="vnd", direction=Direction.HIGHER,
          amount="cost_vnd", dimensions=(FUNDING, FACILITY_KIND, WORK), path_field=FACILITY_PATH,
          date_field="year", record_link="facility", link=_investment_link)
def investment(unit: Unit, period: Period) -> QuerySet:
    return _investments(unit, period)


def _inspection_link(unit: Unit, period: Period, where: Mapping[str, object]) -> str:
    params: dict = {"unit": unit.pk, "date_to": _day(period).strftime("%d/%m/%Y")}
    if period.end >= timezone.localdate():
        params["state"] = "open"
    return _url("storage:inspection-list", **params)


@register("storage.inspections_open", name=gettext_lazy("Open facility inspections"),
          definition=gettext_lazy(
              "Inspections of the subtree's facilities held by the end of the period (today for "
              "a period not yet over) whose findings were not yet fixed (closed) that day."),
          kind=Kind.STOCK, unit=gettext_lazy("inspections"), unit_code="inspection",
          direction=Direction.LOWER, path_field=FACILITY_PATH, date_field="inspected_on",
          record_link="facility", link=_inspection_link)
def inspections_open(unit: Unit, period: Period) -> QuerySet:
    day = _day(period)
    return (Inspection.objects.within(unit).filter(inspected_on__lte=day)
            .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))
            .select_related("facility__owner_unit"))


def _reading_link(unit: Unit, period: Period, where: Mapping[str, object]) -> str:
    params: dict = {"unit": unit.pk, "date_to": _day(period).strftime("%d/%m/%Y")}
    params["state"] = "unacknowledged" if period.end >= timezone.localdate() else "out"
    return _url("storage:reading-list", **params)


@register("storage.readings_unacknowledged",
          name=gettext_lazy("Readings out of limits, not acknowledged"),
          definition=gettext_lazy(
              "Temperature or humidity readings of the subtree's facilities taken by the end of "
              "the period (today for a period not yet over), outside the facility's limits in "
              "force when taken, that no officer had acknowledged by that day."),
          kind=Kind.STOCK, unit=gettext_lazy("readings"), unit_code="reading",
          direction=Direction.LOWER, path_field=FACILITY_PATH, date_field="taken_at",
          record_link="facility", link=_reading_link)
def readings_unacknowledged(unit: Unit, period: Period) -> QuerySet:
    day = _day(period)
    return (ConditionReading.objects.within(unit)
            .filter(is_out_of_limits=True, taken_at__date__lte=day)
            .filter(Q(acknowledged_at__isnull=True) | Q(acknowledged_at__date__gt=day))
            .select_related("facility__owner_unit"))
@alert_source("storage_readings_out_of_limits")
def readings_out_of_limits(unit: Unit) -> list[Alert]:
    readings = unacknowledged(ConditionReading.objects.within(unit))
    found = readings.aggregate(n=Count("pk"), facilities=Count("facility_id", distinct=True))
    if not found["n"]:
        return []
    return [Alert(
        source="storage_readings_out_of_limits", level="danger",
        title=ngettext("%(count)s reading out of limits to acknowledge",
                       "%(count)s readings out of limits to acknowledge",
                       found["n"]) % {"count": found["n"]},
        count=found["n"],
        url=_url("storage:reading-list", unit=unit.pk, state="unacknowledged"),
        detail=ngettext("Temperature or humidity outside the limits in %(count)s facility.",
                        "Temperature or humidity outside the limits in %(count)s facilities.",
                        found["facilities"]) % {"count": found["facilities"]},
    )]


@alert_source("storage_inspections_overdue")
def inspections_overdue(unit: Unit) -> list[Alert]:
    late = overdue(Inspection.objects.within(unit)).aggregate(n=Count("pk"))
    if not late["n"]:
        return []
    return [Alert(
        source="storage_inspections_overdue", level="warning",
        title=ngettext("%(count)s facility inspection overdue for fixes",
                       "%(count)s facility inspections overdue for fixes",
                       late["n"]) % {"count": late["n"]},
        count=late["n"],
        url=_url("storage:inspection-list", unit=unit.pk, state="overdue"),
        detail=_("Findings not fixed by their deadline."),
    )]


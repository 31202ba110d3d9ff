"""Vehicle indicators (vehicles converted, km, fuel, safe km, accidents by the three counts)
and the expired-licence alert, each over a unit's subtree.

Every indicator is a flow over records that carry their own date (trip, accident, conversion),
so a past period's figure does not depend on today's state.
"""

from collections.abc import Collection, Mapping
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kythuat.indicators.alerts import Alert, alert_source
from kythuat.indicators.registry import Dimension, Direction, Kind, Period, register
from kythuat.org.models import Unit
from kythuat.org.querysets import subtree_ids

from .models import Accident, Conversion, Programme, Trip
from .selectors import expired_drivers


def _day(day) -> str:
    return day.strftime("%d/%m/%Y")


def _trips(unit: Unit, period: Period) -> QuerySet:
    return (Trip.objects.filter(unit__in=subtree_ids(unit),
                                trip_date__range=(period.start, period.end))
            .select_related("unit", "item__type", "driver__person"))


def _accidents(unit: Unit, period: Period) -> QuerySet:
    return (Accident.objects.filter(unit__in=subtree_ids(unit),
                                    occurred_on__range=(period.start, period.end))
            .select_related("unit", "item__type", "driver__person"))


def _trip_link(unit: Unit, period: Period, where: Mapping[str, object]) -> str:
    params = {"unit": unit.pk, "start": _day(period.start), "end": _day(period.end)}
    return f"{reverse('vehicles:trip-list')}?{urlencode(params)}"


def _accident_link(unit: Unit, period: Period, where: Mapping[str, object]) -> str:
    """The accident list filters by one year: the period's, when it lies in one year."""
    params: dict = {"unit": unit.pk}
    if period.start.year == period.end.year:
        params["year"] = period.start.year
    return f"{reverse('vehicles:accident-list')}?{urlencode(params)}"


def _conversion_link(unit: Unit, period: Period, where: Mapping[str, object]) -> str:
    """A programme's page lists its conversions; without one, the list of programmes."""
    if where.get("programme"):
        return reverse("vehicles:programme-detail", args=[where["programme"]])
    return reverse("vehicles:programme-list")


def programme_labels(keys: Collection) -> dict:
    return dict(Programme.objects.filter(pk__in=[k for k in keys if k is not None])
                .order_by("name").values_list("pk", "name"))


PROGRAMME = Dimension("programme", _("Modernisation programme"), "programme_id",
                      labels=programme_labels)
TRIPS = {"kind": Kind.FLOW, "direction": Direction.HIGHER, "date_field": "trip_date",
         "record_link": "item", "link": _trip_link}
ACCIDENTS = {"kind": Kind.FLOW, "direction": Direction.LOWER, "date_field": "occurred_on",
             "record_link": "item", "link": _accident_link}


@register("vehicles.converted", name=_("Vehicles converted"),
          definition=_("Vehicles of the subtree converted under a modernisation programme "
                       "(diesel conversion …) with a conversion date in the period, by "
                       "programme."),
          kind=Kind.FLOW, unit=_("vehicles"), unit_code="vehicle", direction=Direction.HIGHER,
          dimensions=(PROGRAMME,), date_field="converted_on", record_link="programme",
          link=_conversion_link)
def converted(unit: Unit, period: Period) -> QuerySet:
    return (Conversion.objects.filter(unit__in=subtree_ids(unit),
                                      converted_on__range=(period.start, period.end))
            .select_related("unit", "item__type", "programme"))


@register("vehicles.km", name=_("Km driven"),
          definition=_("Km of the trips of the subtree's vehicles with a trip date in the "
                       "period."),
          unit=_("km"), unit_code="km", amount="km", **TRIPS)
def km(unit: Unit, period: Period) -> QuerySet:
    return _trips(unit, period)


@register("vehicles.fuel", name=_("Fuel issued to vehicles"),
          definition=_("Litres of fuel issued on the trips of the subtree with a trip date in "
                       "the period."),
          unit=_("litres"), unit_code="litre", amount="fuel_litres", **TRIPS)
def fuel(unit: Unit, period: Period) -> QuerySet:
    return _trips(unit, period)


@register("vehicles.safe_km", name=_("Safe km"),
          definition=_("Km of the trips of the subtree in the period, leaving out the trips of "
                       "a vehicle on a day it had a traffic accident (km an toàn)."),
          unit=_("km"), unit_code="km", amount="km", **TRIPS)
def safe_km(unit: Unit, period: Period) -> QuerySet:
    accident = Accident.objects.filter(item=OuterRef("item"), occurred_on=OuterRef("trip_date"))
    return _trips(unit, period).filter(~Exists(accident))


@register("vehicles.accidents", name=_("Traffic accidents"),
          definition=_("Traffic accidents of the subtree's vehicles that occurred in the period "
                       "(one record, one accident)."),
          unit=_("accidents"), unit_code="accident", **ACCIDENTS)
def accidents(unit: Unit, period: Period) -> QuerySet:
    return _accidents(unit, period)


@register("vehicles.deaths", name=_("Deaths in traffic accidents"),
          definition=_("People killed in the traffic accidents of the subtree's vehicles that "
                       "occurred in the period."),
          unit=_("people"), unit_code="person", amount="deaths", **ACCIDENTS)
def deaths(unit: Unit, period: Period) -> QuerySet:
    return _accidents(unit, period).filter(deaths__gt=0)


@register("vehicles.injuries", name=_("Injuries in traffic accidents"),
          definition=_("People injured in the traffic accidents of the subtree's vehicles that "
                       "occurred in the period."),
          unit=_("people"), unit_code="person", amount="injuries", **ACCIDENTS)
def injuries(unit: Unit, period: Period) -> QuerySet:
    return _accidents(unit, period).filter(injuries__gt=0)


@alert_source("drivers_licence_expired")
def drivers_licence_expired(unit: Unit) -> list[Alert]:
    count = expired_drivers(unit).count()
    if not count:
        return []
    url = f"{reverse('vehicles:driver-list')}?unit={unit.pk}&expired=on"
    return [Alert(source="drivers_licence_expired", level="danger",
                  title=ngettext("%(count)s driver with an expired licence",
                                 "%(count)s drivers with an expired licence", count)
                  % {"count": count}, count=count, url=url,
                  detail=_("Renew the military driving licence or take the driver off trips."))]

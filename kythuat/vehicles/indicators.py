"""Vehicle indicators (converted, km, fuel, accidents by the three counts, km an toàn) and the
expired-licence alert, each over a unit's subtree."""

from decimal import Decimal

from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kythuat.indicators.alerts import Alert, alert_source
from kythuat.indicators.registry import Period, register
from kythuat.org.models import Unit
from kythuat.org.querysets import subtree_ids

from .models import Accident, Conversion, Trip
from .selectors import accident_counts, expired_drivers


def _trips(unit: Unit, period: Period):
    return Trip.objects.filter(unit__in=subtree_ids(unit),
                               trip_date__range=(period.start, period.end))


def _accidents(unit: Unit, period: Period):
    return Accident.objects.filter(unit__in=subtree_ids(unit),
                                   occurred_on__range=(period.start, period.end))


@register("vehicles_converted", name=_("Vehicles converted"),
          definition=_("Vehicles converted under a modernisation programme (diesel conversion "
                       "…) in the period, in the subtree."),
          measure=_("vehicles"))
def vehicles_converted(unit: Unit, period: Period) -> int:
    return Conversion.objects.filter(unit__in=subtree_ids(unit),
                                     converted_on__range=(period.start, period.end)).count()


@register("vehicle_km", name=_("Km driven"),
          definition=_("Km of the trips recorded in the period by the vehicles of the subtree."),
          measure="km")
def vehicle_km(unit: Unit, period: Period) -> Decimal:
    return _trips(unit, period).aggregate(total=Sum("km"))["total"] or Decimal(0)


@register("vehicle_fuel", name=_("Fuel issued to vehicles"),
          definition=_("Litres of fuel issued on the trips of the period in the subtree."),
          measure=_("litres"))
def vehicle_fuel(unit: Unit, period: Period) -> Decimal:
    return _trips(unit, period).aggregate(total=Sum("fuel_litres"))["total"] or Decimal(0)


@register("vehicle_safe_km", name=_("Safe km"),
          definition=_("Km of the trips of the period on days when the vehicle had no traffic "
                       "accident (km an toàn)."),
          measure="km")
def vehicle_safe_km(unit: Unit, period: Period) -> Decimal:
    accident_days = set(_accidents(unit, period).values_list("item_id", "occurred_on"))
    return sum((km for item, day, km in _trips(unit, period).values_list(
        "item_id", "trip_date", "km") if (item, day) not in accident_days), Decimal(0))


@register("traffic_accidents", name=_("Traffic accidents"),
          definition=_("Traffic accidents of the period in the subtree by the three counts: "
                       "accidents, deaths, injuries."),
          measure=_("accidents, deaths, injuries"))
def traffic_accidents(unit: Unit, period: Period) -> dict[str, int]:
    return accident_counts(_accidents(unit, period))


@register("traffic_accident_count", name=_("Number of traffic accidents"),
          definition=_("Traffic accidents of the period in the subtree (one record, one "
                       "accident)."),
          measure=_("accidents"))
def traffic_accident_count(unit: Unit, period: Period) -> int:
    return _accidents(unit, period).count()


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



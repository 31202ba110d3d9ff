"""Reads on vehicles, always scoped: lists, fuel against norm, km an toàn, accident comparison,
programme progress."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.utils import timezone

from kythuat.catalog.models import Tracking
from kythuat.core.text import fold
from kythuat.holdings.choices import HELD_STATUSES
from kythuat.holdings.models import Item
from kythuat.org.models import Unit, User
from kythuat.org.querysets import subtree_ids

from .models import VEHICLE_BRANCH, Accident, Conversion, Driver, Programme, Registration, Trip

ZERO = Decimal(0)


def vehicles(queryset: QuerySet[Item] | None = None) -> QuerySet[Item]:
    """Items of serial-tracked types of the vehicle branch."""
    items = queryset if queryset is not None else Item.objects.all()
    return items.filter(type__branch__code=VEHICLE_BRANCH, type__tracking=Tracking.SERIAL)


def vehicle_list(*, user: User, unit: Unit | None = None, q: str = "", plate_type=None,
                 type=None, held: bool = True) -> QuerySet[Item]:
    """The vehicles the user may see, with their current plate and plate type."""
    items = vehicles(Item.objects.visible_to(user))
    if held:
        items = items.filter(status__in=HELD_STATUSES)
    if unit is not None:
        items = items.filter(unit__in=subtree_ids(unit))
    if type is not None:
        items = items.filter(type=type)
    current = Registration.objects.filter(item=OuterRef("pk"), ended_on__isnull=True)
    items = items.annotate(plate=Subquery(current.values("plate")[:1]),
                           plate_type_name=Subquery(current.values("plate_type__name")[:1]),
                           plate_type_id=Subquery(current.values("plate_type_id")[:1]))
    if plate_type is not None:
        items = items.filter(plate_type_id=plate_type.pk)
    if text := fold(q):
        key = "".join(ch for ch in text.upper() if ch.isalnum())
        condition = Q(search_text__contains=text)
        if key:
            condition |= Q(pk__in=Registration.objects.filter(plate_key__contains=key)
                           .values("item_id"))
        items = items.filter(condition)
    # In each unit the registered vehicles first: generators and machines of the branch
    # have no plate and would otherwise fill the first pages.
    unregistered = Case(When(plate__isnull=True, then=Value(1)), default=Value(0))
    return items.select_related("type", "unit").order_by("unit__path", unregistered,
                                                         "type__symbol", "serial")


def driver_list(*, user: User, unit: Unit | None = None, q: str = "",
                expired: bool = False) -> QuerySet[Driver]:
    drivers = Driver.objects.visible_to(user).select_related("unit", "licence_class", "person")
    if unit is not None:
        drivers = drivers.filter(unit__in=subtree_ids(unit))
    if text := fold(q):  # the name and rank are the person's, the licence number the driver's
        drivers = drivers.filter(Q(search_text__contains=text)
                                 | Q(person__search_text__contains=text))
    if expired:
        drivers = drivers.expired()
    return drivers


def current_driver(item: Item) -> Driver | None:
    assignment = (item.driver_assignments.filter(ended_on__isnull=True)
                  .select_related("driver__licence_class").first())
    return assignment.driver if assignment else None


# Fuel against norm and km an toàn ------------------------------------------------------------

@dataclass
class UsageRow:
    """Trips of one vehicle (or one unit's vehicles) in a period."""

    label: str
    unit: Unit
    item: Item | None = None
    trips: int = 0
    km: Decimal = ZERO
    fuel: Decimal = ZERO
    norm_fuel: Decimal | None = ZERO  # km × norm / 100; None when a vehicle has no norm
    safe_km: Decimal = ZERO
    accidents: int = 0
    norm_rate: Decimal | None = None  # l/100 km of the type (vehicle rows)
    missing_norm: int = 0  # vehicles without a norm (unit rows)
    children: list = field(default_factory=list)

    @property
    def rate(self) -> Decimal | None:
        """Fuel actually issued per 100 km."""
        return (self.fuel * 100 / self.km).quantize(Decimal("0.01")) if self.km else None

    @property
    def deviation(self) -> Decimal | None:
        """Fuel issued minus fuel allowed by the norm (positive: over the norm)."""
        return None if self.norm_fuel is None else self.fuel - self.norm_fuel

    @property
    def deviation_percent(self) -> Decimal | None:
        if not self.norm_fuel:
            return None
        return (self.deviation * 100 / self.norm_fuel).quantize(Decimal("0.1"))


def _conversions_of(trips: QuerySet[Trip]) -> dict[int, list[tuple[dt.date, Decimal]]]:
    """Per vehicle of the trips: (conversion date, consumption after), the latest first."""
    converted: dict[int, list[tuple[dt.date, Decimal]]] = {}
    for item_id, day, after in (Conversion.objects.filter(item__in=trips.values("item_id"))
                                .order_by("-converted_on", "-id")
                                .values_list("item_id", "converted_on", "fuel_after")):
        converted.setdefault(item_id, []).append((day, after))
    return converted


def usage_by_vehicle(*, user: User, unit: Unit, start: dt.date, end: dt.date,
                     item: Item | None = None) -> list[UsageRow]:
    """Per vehicle of the unit's subtree: trips, km, fuel issued, fuel allowed by the norm of
    its type, and km an toàn — the km of its trips on days without an accident of that
    vehicle."""
    trips = Trip.objects.visible_to(user).filter(unit__in=subtree_ids(unit),
                                                 trip_date__range=(start, end))
    accidents = Accident.objects.visible_to(user).filter(unit__in=subtree_ids(unit),
                                                         occurred_on__range=(start, end))
    if item is not None:
        trips, accidents = trips.filter(item=item), accidents.filter(item=item)
    accident_days = set(accidents.values_list("item_id", "occurred_on"))
    accident_counts = dict(accidents.values("item_id").annotate(n=Count("id"))
                           .values_list("item_id", "n"))
    rows: dict[int, UsageRow] = {}
    converted = _conversions_of(trips)
    for trip in trips.select_related("item__type__fuel_norm", "unit").order_by("trip_date"):
        row = rows.get(trip.item_id)
        norm = getattr(trip.item.type, "fuel_norm", None)
        # A converted vehicle is measured against its consumption after the conversion.
        rate = next((after for day, after in converted.get(trip.item_id, ())
                     if day <= trip.trip_date), norm.litres_per_100km if norm else None)
        if row is None:
            row = rows[trip.item_id] = UsageRow(
                label=str(trip.item), unit=trip.unit, item=trip.item, norm_rate=rate,
                norm_fuel=ZERO if rate is not None else None)
        row.trips += 1
        row.km += trip.km
        row.fuel += trip.fuel_litres
        if rate is not None:
            row.norm_rate = rate  # the rate of the latest trip is the one shown
            row.norm_fuel = (row.norm_fuel or ZERO) + trip.km * rate / 100
        if (trip.item_id, trip.trip_date) not in accident_days:
            row.safe_km += trip.km
    for item_id, count in accident_counts.items():
        if item_id in rows:
            rows[item_id].accidents = count
    for row in rows.values():
        if row.norm_fuel is not None:
            row.norm_fuel = row.norm_fuel.quantize(Decimal("0.1"))
    return sorted(rows.values(), key=lambda r: (r.unit.path, r.label))


def usage_by_unit(*, user: User, unit: Unit, start: dt.date, end: dt.date) -> list[UsageRow]:
    """The vehicle rows added up per unit that held the vehicles; the unit's norm fuel counts
    only the vehicles with a norm (the others are counted in `missing_norm`)."""
    totals: dict[int, UsageRow] = {}
    for row in usage_by_vehicle(user=user, unit=unit, start=start, end=end):
        total = totals.get(row.unit.pk)
        if total is None:
            total = totals[row.unit.pk] = UsageRow(label=row.unit.name, unit=row.unit)
        total.trips += row.trips
        total.km += row.km
        total.fuel += row.fuel
        total.safe_km += row.safe_km
        total.accidents += row.accidents
        if row.norm_fuel is None:
            total.missing_norm += 1
        else:
            total.norm_fuel += row.norm_fuel
        total.children.append(row)
    return sorted(totals.values(), key=lambda r: r.unit.path)


def usage_total(rows: list[UsageRow], unit: Unit) -> UsageRow:
    total = UsageRow(label=unit.name, unit=unit)
    for row in rows:
        total.trips += row.trips
        total.km += row.km
        total.fuel += row.fuel
        total.safe_km += row.safe_km
        total.accidents += row.accidents
        total.missing_norm += row.missing_norm + (1 if row.item and row.norm_fuel is None else 0)
        total.norm_fuel += row.norm_fuel or ZERO
    return total


# Accidents: this year against last year -----------------------------------------------------

COUNTS = ("accidents", "deaths", "injuries")


def accident_counts(accidents: QuerySet[Accident]) -> dict[str, int]:
    figures = accidents.aggregate(accidents=Count("id"), deaths=Sum("deaths"),
                                  injuries=Sum("injuries"))
    return {key: figures[key] or 0 for key in COUNTS}


@dataclass
class Comparison:
    label: str
    unit: Unit
    this_year: dict[str, int]
    last_year: dict[str, int]

    @property
    def changes(self) -> list[dict]:
        """Per count: this year, last year, difference and change in per cent (None when
        last year had none)."""
        result = []
        for key in COUNTS:
            now, before = self.this_year[key], self.last_year[key]
            percent = (Decimal(now - before) * 100 / before).quantize(Decimal("0.1")) \
                if before else None
            result.append({"key": key, "this_year": now, "last_year": before,
                           "difference": now - before, "percent": percent})
        return result


def accident_comparison(*, user: User, unit: Unit, year: int) -> tuple[Comparison,
                                                                       list[Comparison]]:
    """The three counts of the unit's subtree this year against the year before, in total and
    for each unit directly below it."""
    visible = Accident.objects.visible_to(user)

    def compare(node: Unit, label: str, only_own: bool = False) -> Comparison:
        scope = visible.filter(unit=node) if only_own else visible.filter(
            unit__in=subtree_ids(node))
        return Comparison(label=label, unit=node,
                          this_year=accident_counts(scope.filter(occurred_on__year=year)),
                          last_year=accident_counts(scope.filter(occurred_on__year=year - 1)))

    total = compare(unit, unit.name)
    rows = [compare(child, child.name) for child in
            Unit.objects.visible_to(user).filter(parent=unit).order_by("path")]
    own = compare(unit, unit.name, only_own=True)
    if any(own.this_year.values()) or any(own.last_year.values()):
        rows.insert(0, own)
    return total, rows


# Modernisation ---------------------------------------------------------------------------------

@dataclass
class Progress:
    converted: int
    eligible: int
    saving_avg: Decimal | None

    @property
    def percent(self) -> Decimal | None:
        if not self.eligible:
            return None
        return (Decimal(self.converted) * 100 / self.eligible).quantize(Decimal("0.1"))


def programme_list(*, user: User) -> QuerySet[Programme]:
    return Programme.objects.visible_to(user).select_related("unit").prefetch_related("types")


def programme_conversions(*, user: User, programme: Programme | None,
                          unit: Unit | None = None, start: dt.date | None = None,
                          end: dt.date | None = None) -> QuerySet[Conversion]:
    """Conversions the user sees (of one programme, or of all), in the unit's subtree and
    converted between `start` and `end` when given."""
    conversions = Conversion.objects.visible_to(user)
    if programme is not None:
        conversions = conversions.filter(programme=programme)
    if unit is not None:
        conversions = conversions.filter(unit__in=subtree_ids(unit))
    if start is not None:
        conversions = conversions.filter(converted_on__gte=start)
    if end is not None:
        conversions = conversions.filter(converted_on__lte=end)
    return conversions.select_related("item__type", "unit", "facility")


def programme_progress(*, user: User, programme: Programme, unit: Unit | None,
                       start: dt.date | None = None, end: dt.date | None = None) -> Progress:
    """Vehicles converted under the programme in the unit's subtree (the whole subtree the
    user sees when `unit` is None; in the period when given), against the vehicles of the
    covered models held there today (converted ones included)."""
    conversions = programme_conversions(user=user, programme=programme, unit=unit, start=start,
                                        end=end)
    converted = conversions.count()
    held = vehicles(Item.objects.visible_to(user))
    if unit is not None:
        held = held.filter(unit__in=subtree_ids(unit))
    eligible = held.filter(type__in=programme.types.all(), status__in=HELD_STATUSES).count()
    rows = list(conversions.values_list("fuel_before", "fuel_after"))
    saving = (sum((before - after for before, after in rows), ZERO) / len(rows)).quantize(
        Decimal("0.01")) if rows else None
    return Progress(converted=converted, eligible=max(eligible, converted), saving_avg=saving)


def expired_drivers(unit: Unit, on: dt.date | None = None) -> QuerySet[Driver]:
    return Driver.objects.within(unit).expired(on or timezone.localdate())


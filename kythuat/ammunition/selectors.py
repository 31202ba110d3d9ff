"""Reads on ammunition lots for a unit subtree. The caller obtained the unit through
`kythuat.org.selectors` (so it is visible to the user); every query starts from it."""

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce
from operator import or_

from django.db.models import (
    DecimalField,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from kythuat.catalog.models import EquipmentType, Tracking
from kythuat.core.text import fold
from kythuat.holdings.choices import LotStatus
from kythuat.holdings.models import Balance, Lot
from kythuat.org.models import Unit
from kythuat.org.querysets import subtree_ids

from .models import DisposalBatch, LotTest, RetestInterval

IN_USE = [LotStatus.NORMAL, LotStatus.ISOLATED]  # not yet condemned: still someone's problem
EXPIRY_WINDOWS = {"expired": None, "30": 30, "90": 90, "180": 180, "365": 365}
RETEST_WINDOWS = {"overdue": 0, "30": 30, "90": 90, "365": 365}


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def ammunition_types() -> QuerySet[EquipmentType]:
    """Lot-tracked types with a re-test interval: their own, or their branch's when they have
    no row of their own (a type row without months opts the type out)."""
    own = RetestInterval.objects.filter(type__isnull=False)
    branches = RetestInterval.objects.filter(branch__isnull=False, months__isnull=False)
    return EquipmentType.objects.filter(tracking=Tracking.LOT).filter(
        Q(pk__in=own.filter(months__isnull=False).values("type_id"))
        | (Q(branch__in=branches.values("branch_id")) & ~Q(pk__in=own.values("type_id"))))


def ammunition_type_ids() -> list[int]:
    """The ids of `ammunition_types()`, read once: a list query then names its types in its
    own SQL, so a count kept under that SQL (`holdings.kept`) changes with the intervals."""
    return list(ammunition_types().values_list("pk", flat=True))


def _annotated(lots: QuerySet[Lot], unit: Unit) -> QuerySet[Lot]:
    """On hand in the subtree, last test date (any unit's: a test belongs to the lot) and the
    re-test interval in months."""
    on_hand = (Balance.objects.filter(lot=OuterRef("pk"), unit__in=subtree_ids(unit))
               .values("lot").annotate(total=Sum("quantity")).values("total"))
    last = LotTest.objects.filter(lot=OuterRef("pk")).values("lot").annotate(
        last=Max("tested_on")).values("last")
    # Unordered: the model's ordering would join the type table inside the subquery.
    own = RetestInterval.objects.filter(type=OuterRef("type_id")).order_by().values(
        "months")[:1]
    branch = RetestInterval.objects.filter(branch=OuterRef("type__branch_id")).order_by(
    ).values("months")[:1]
    return lots.select_related("type", "type__branch").annotate(
        on_hand=Coalesce(Subquery(on_hand), Value(Decimal(0)),
                         output_field=DecimalField(max_digits=18, decimal_places=3)),
        last_tested=Subquery(last),
        months=Coalesce(Subquery(own), Subquery(branch), output_field=IntegerField()),
    )


def _filtered(lots: QuerySet[Lot], filters: Mapping) -> QuerySet[Lot]:
    if filters.get("type"):
        lots = lots.filter(type=filters["type"])
    if filters.get("branch"):
        lots = lots.filter(type__branch=filters["branch"])
    if filters.get("status"):
        lots = lots.filter(status=filters["status"])
    for word in fold(filters.get("q") or "").split():
        types = EquipmentType.objects.filter(search_text__contains=word).values("pk")
        lots = lots.filter(Q(search_text__contains=word) | Q(type__in=types))
    return lots


def lot_register(*, unit: Unit, filters: Mapping | None = None) -> QuerySet[Lot]:
    """Ammunition lots held now or ever in the subtree."""
    lots = Lot.objects.within(unit).filter(type__in=ammunition_type_ids())
    return _annotated(_filtered(lots, filters or {}), unit).order_by("type__name", "lot_number")


def lot_rows(*, unit: Unit, ids: list[int]) -> QuerySet[Lot]:
    """The register's rows of the given lots (a page of `lot_register`, whose ids the caller
    read from the scoped register), annotated for the unit's subtree."""
    return _annotated(Lot.objects.filter(pk__in=ids), unit)


def held_lots(unit: Unit) -> QuerySet[Lot]:
    """Ammunition lots on hand in the subtree now."""
    held = Balance.objects.filter(unit__in=subtree_ids(unit), lot__isnull=False,
                                  quantity__gt=0).values("lot_id").distinct()
    return Lot.objects.filter(pk__in=held, type__in=ammunition_type_ids())


def expiry_list(*, unit: Unit, filters: Mapping | None = None,
                today: dt.date | None = None) -> QuerySet[Lot]:
    """Lots on hand with an expiry date, soonest first; `window` is "expired", a number of days
    ahead (expired ones included) or "all"; by default lots not yet condemned."""
    filters = filters or {}
    today = today or timezone.localdate()
    lots = held_lots(unit).filter(expiry_date__isnull=False)
    if not filters.get("status"):
        lots = lots.filter(status__in=IN_USE)
    window = filters.get("window") or "180"
    if window == "expired":
        lots = lots.filter(expiry_date__lt=today)
    elif window in EXPIRY_WINDOWS:
        lots = lots.filter(expiry_date__lte=today + dt.timedelta(days=EXPIRY_WINDOWS[window]))
    return _annotated(_filtered(lots, filters), unit).order_by("expiry_date", "lot_number")


def retest_list(*, unit: Unit, filters: Mapping | None = None,
                today: dt.date | None = None) -> QuerySet[Lot]:
    """Lots on hand whose next re-test (last test + interval) falls by the window's end, or
    that were never tested; by default lots in normal use."""
    filters = filters or {}
    today = today or timezone.localdate()
    lots = held_lots(unit)
    if not filters.get("status"):
        lots = lots.filter(status=LotStatus.NORMAL)
    lots = _annotated(_filtered(lots, filters), unit)
    window = filters.get("window") or "overdue"
    if window == "never":
        lots = lots.filter(last_tested__isnull=True)
    elif window in RETEST_WINDOWS:
        # next re-test <= cutoff  ⇔  last test <= cutoff − interval, for each interval in use.
        cutoff = today + dt.timedelta(days=RETEST_WINDOWS[window])
        if window == "overdue":
            cutoff -= dt.timedelta(days=1)
        intervals = set(RetestInterval.objects.filter(months__isnull=False)
                        .values_list("months", flat=True))
        due = [Q(months=m, last_tested__lte=add_months(cutoff, -m)) for m in sorted(intervals)]
        lots = lots.filter(reduce(or_, due, Q(last_tested__isnull=True)))
    return lots.order_by(F("last_tested").asc(nulls_first=True), "lot_number")


@dataclass(frozen=True)
class LotState:
    days_left: int | None
    next_retest: dt.date | None
    retest_days: int | None

    @property
    def expiry_late(self) -> int | None:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else None

    @property
    def retest_late(self) -> int | None:
        return -self.retest_days if self.retest_days is not None and self.retest_days < 0 else None


def lot_state(lot: Lot, today: dt.date | None = None) -> LotState:
    """Days to expiry and the next re-test of an annotated lot."""
    today = today or timezone.localdate()
    days_left = (lot.expiry_date - today).days if lot.expiry_date else None
    months = getattr(lot, "months", None)
    last = getattr(lot, "last_tested", None)
    next_retest = add_months(last, months) if last and months else None
    return LotState(days_left=days_left, next_retest=next_retest,
                    retest_days=(next_retest - today).days if next_retest else None)


def with_state(lots, today: dt.date | None = None) -> list[Lot]:
    """The lots of a page, each with `.state`."""
    rows = list(lots)
    for lot in rows:
        lot.state = lot_state(lot, today)
    return rows


def tests_in(unit: Unit, start: dt.date, end: dt.date) -> QuerySet[LotTest]:
    """Tests recorded by units of the subtree in the period."""
    return LotTest.objects.filter(unit__in=subtree_ids(unit), tested_on__gte=start,
                                  tested_on__lte=end)


def lot_history(*, lot: Lot, user) -> dict:
    """A lot's tests, isolations and extensions, newest first."""
    return {
        "tests": lot.tests.visible_to(user).select_related("kind", "conclusion", "unit",
                                                           "facility"),
        "isolations": lot.isolations.visible_to(user).select_related("unit", "released_by"),
        "extensions": lot.extensions.visible_to(user).select_related("unit"),
        "batches": DisposalBatch.objects.visible_to(user).filter(lines__lot=lot).distinct(),
    }

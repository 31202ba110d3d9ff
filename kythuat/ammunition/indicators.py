"""Ammunition indicators (lots isolated, expired, expiring; lot tests done) and the
dashboard's alerts about lots.

The lot stocks are read as at the period's end (today for a period not yet over) from dated
records, never from a lot's current status: a lot is held if the ledger entries of the subtree
up to that day leave some of it on hand; isolated if an isolation decision was open that day;
expired by the expiry date in force that day (shelf-life extensions decided later are not
applied); still in use unless a disposal batch holding it had been approved by then.
"""

import datetime as dt
from collections.abc import Collection, Mapping
from urllib.parse import urlencode

from django.db.models import (
    Count,
    DateField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kythuat.holdings.choices import LotStatus
from kythuat.holdings.kept import kept
from kythuat.holdings.models import Balance, LedgerEntry, Lot
from kythuat.indicators.alerts import Alert, alert_source
from kythuat.indicators.registry import Dimension, Direction, Kind, Period, register
from kythuat.org.models import Unit
from kythuat.org.querysets import subtree_ids

from . import selectors
from .models import (
    DisposalBatch,
    DisposalLine,
    LotIsolation,
    RetestInterval,
    ShelfLifeExtension,
    TestKind,
)

EXPIRING_DAYS = 90


def _url(name: str, unit: Unit, **params) -> str:
    return f"{reverse(name)}?{urlencode({'unit': unit.pk, **params})}"


def _day(period: Period) -> dt.date:
    """The day a stock is read: the period's end, or today for a period not yet over."""
    return min(period.end, timezone.localdate())


def lots_as_at(unit: Unit, day: dt.date) -> QuerySet:
    """Ammunition lots on hand in the subtree at the end of `day`, not approved for disposal by
    then, with `holder_path` (the first unit of the subtree holding some) and `expiry_on` (the
    expiry date in force that day)."""
    holder = (LedgerEntry.objects.filter(lot=OuterRef("pk"), unit__in=subtree_ids(unit),
                                         effective_date__lte=day)
              .values("unit__path").annotate(held=Sum("quantity")).filter(held__gt=0)
              .order_by("unit__path").values("unit__path")[:1])
    extensions = ShelfLifeExtension.objects.filter(lot=OuterRef("pk"))
    granted = extensions.filter(decided_on__lte=day).order_by("-decided_on", "-pk")
    later = extensions.filter(decided_on__gt=day).order_by("decided_on", "pk")
    disposal = DisposalLine.objects.filter(
        lot=OuterRef("pk"), batch__approved_at__date__lte=day,
        batch__status__in=(DisposalBatch.Status.APPROVED, DisposalBatch.Status.DONE))
    # Only the lots that ever entered the subtree's books are looked at, not every lot of the
    # army: a balance row is kept (at zero) once a lot has been in a unit, so the subtree's
    # balance rows list them through the (unit, type) index.
    seen = Balance.objects.filter(unit__in=subtree_ids(unit), lot__isnull=False).values("lot_id")
    return (Lot.objects.filter(type__in=selectors.ammunition_types(), pk__in=seen)
            .annotate(holder_path=Subquery(holder),
                      expiry_on=Coalesce(Subquery(granted.values("new_expiry")[:1]),
                                         Subquery(later.values("previous_expiry")[:1]),
                                         "expiry_date", output_field=DateField()))
            .filter(holder_path__isnull=False).filter(~Exists(disposal))
            .select_related("type"))


def _isolated(unit: Unit, day: dt.date) -> QuerySet:
    open_then = LotIsolation.objects.filter(lot=OuterRef("pk"), isolated_on__lte=day).filter(
        Q(released_on__isnull=True) | Q(released_on__gt=day))
    return lots_as_at(unit, day).filter(Exists(open_then))


def _lot_link(screen: str, **params):
    """An ammunition screen filtered to the unit; its filters read the lots as they are now."""

    def link(unit: Unit, period: Period, where: Mapping[str, object]) -> str:
        return _url(screen, unit, **params)

    return link


LOTS = {"kind": Kind.STOCK, "unit": _("lots"), "unit_code": "lot", "path_field": "holder_path",
        "date_field": "expiry_on", "direction": Direction.LOWER}


@register("ammunition.lots_isolated", name=_("Ammunition lots isolated"),
          definition=_("Ammunition lots on hand in the subtree at the end of the period (today "
                       "for a period not yet over) under an isolation decision pending recall "
                       "that was not yet released that day."),
          link=_lot_link("ammunition:lot-list", status=LotStatus.ISOLATED), **LOTS)
def lots_isolated(unit: Unit, period: Period) -> QuerySet:
    return _isolated(unit, _day(period))


@register("ammunition.lots_expiring", name=_("Ammunition lots expiring within 90 days"),
          definition=_("Ammunition lots on hand in the subtree at the end of the period (today "
                       "for a period not yet over), not approved for disposal, whose expiry date "
                       "in force that day falls within the next 90 days."),
          link=_lot_link("ammunition:expiry-list", window="90"), **LOTS)
def lots_expiring(unit: Unit, period: Period) -> QuerySet:
    day = _day(period)
    return lots_as_at(unit, day).filter(
        expiry_on__gte=day, expiry_on__lte=day + dt.timedelta(days=EXPIRING_DAYS))


@register("ammunition.lots_expired", name=_("Ammunition lots expired"),
          definition=_("Ammunition lots on hand in the subtree at the end of the period (today "
                       "for a period not yet over), not approved for disposal, whose expiry date "
                       "in force that day had passed (a shelf-life extension counts from its "
                       "decision date)."),
          link=_lot_link("ammunition:expiry-list", window="expired"), **LOTS)
def lots_expired(unit: Unit, period: Period) -> QuerySet:
    day = _day(period)
    return lots_as_at(unit, day).filter(expiry_on__lt=day)


EXPIRY_YEAR = Dimension("expiry_year", _("Year of expiry"), "expiry_year")


@register("ammunition.lots_on_hand", name=_("Ammunition lots on hand by year of expiry"),
          definition=_("Ammunition lots on hand in the subtree at the end of the period (today "
                       "for a period not yet over), not approved for disposal, by the year of "
                       "the expiry date in force that day (a shelf-life extension counts from "
                       "its decision date)."),
          dimensions=(EXPIRY_YEAR,), link=_lot_link("ammunition:expiry-list"),
          **{**LOTS, "direction": Direction.HIGHER})
def lots_on_hand(unit: Unit, period: Period) -> QuerySet:
    return lots_as_at(unit, _day(period)).annotate(expiry_year=ExtractYear("expiry_on"))


def test_kind_labels(keys: Collection) -> dict:
    return dict(TestKind.objects.filter(pk__in=[k for k in keys if k is not None])
                .order_by("order", "name").values_list("pk", "name"))


@register("ammunition.tests_done", name=_("Ammunition lot tests done"),
          definition=_("Tests and sample inspections of lots recorded by units of the subtree "
                       "with a test date in the period, by kind of test."),
          kind=Kind.FLOW, unit=_("tests"), unit_code="test", direction=Direction.HIGHER,
          dimensions=(Dimension("test_kind", _("Kind of test"), "kind_id",
                                labels=test_kind_labels),),
          date_field="tested_on",
          link=_lot_link("ammunition:test-list"))
def tests_done(unit: Unit, period: Period) -> QuerySet:
    return (selectors.tests_in(unit, period.start, period.end)
            .select_related("lot__type", "kind", "unit"))


def _alert_counts(unit: Unit, today: dt.date) -> dict[str, int]:
    """Isolated, expired and expiring lots on hand (one query: the dashboard is busy) and lots
    overdue for their re-test, kept until a write may change them (`holdings.kept`: a posting,
    a lot's decision or test); the re-test intervals, reference data changed in the admin
    site, are part of the key."""
    soon = today + dt.timedelta(days=EXPIRING_DAYS)
    in_use = Q(status__in=selectors.IN_USE)
    held = selectors.held_lots(unit)
    intervals = tuple(RetestInterval.objects.order_by("pk").values_list(
        "pk", "type_id", "branch_id", "months"))

    def count() -> dict[str, int]:
        counts = held.aggregate(
            isolated=Count("pk", filter=Q(status=LotStatus.ISOLATED)),
            expired=Count("pk", filter=in_use & Q(expiry_date__lt=today)),
            expiring=Count("pk", filter=in_use & Q(expiry_date__gte=today,
                                                   expiry_date__lte=soon)))
        counts["overdue"] = selectors.retest_list(
            unit=unit, filters={"window": "overdue"}, today=today).filter(
            last_tested__isnull=False).count()
        return counts

    return kept("ammunition-alerts", held, count, today, intervals)


@alert_source("ammunition_lots")
def lot_alerts(unit: Unit) -> list[Alert]:
    """Isolated lots still held, expired and expiring lots, re-tests overdue."""
    today = timezone.localdate()
    counts = _alert_counts(unit, today)
    alerts = []
    if count := counts["isolated"]:
        alerts.append(Alert(
            source="ammunition_lots", level="danger", count=count,
            title=ngettext("%(count)s isolated ammunition lot still held",
                           "%(count)s isolated ammunition lots still held", count)
            % {"count": count},
            url=_url("ammunition:lot-list", unit, status=LotStatus.ISOLATED),
            detail=_("Recall them or send them to disposal.")))
    if count := counts["expired"]:
        alerts.append(Alert(
            source="ammunition_lots", level="danger", count=count,
            title=ngettext("%(count)s ammunition lot past its expiry date",
                           "%(count)s ammunition lots past their expiry date", count)
            % {"count": count},
            url=_url("ammunition:expiry-list", unit, window="expired"),
            detail=_("Extend their shelf life after a test, or send them to disposal.")))
    if count := counts["expiring"]:
        alerts.append(Alert(
            source="ammunition_lots", level="warning", count=count,
            title=ngettext("%(count)s ammunition lot expires within 90 days",
                           "%(count)s ammunition lots expire within 90 days", count)
            % {"count": count},
            url=_url("ammunition:expiry-list", unit, window="90")))
    if overdue := counts["overdue"]:
        alerts.append(Alert(
            source="ammunition_lots", level="warning", count=overdue,
            title=ngettext("%(count)s ammunition lot overdue for its re-test",
                           "%(count)s ammunition lots overdue for their re-test", overdue)
            % {"count": overdue},
            url=_url("ammunition:retest-list", unit, window="overdue")))
    return alerts

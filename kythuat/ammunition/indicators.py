"""Ammunition indicators and the dashboard's alerts about lots."""

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kythuat.holdings.choices import LotStatus
from kythuat.indicators.alerts import Alert, alert_source
from kythuat.indicators.registry import Period, register
from kythuat.org.models import Unit

from . import selectors

EXPIRING_DAYS = 90


def _url(name: str, unit: Unit, **params) -> str:
    return f"{reverse(name)}?{urlencode({'unit': unit.pk, **params})}"


def _expired(unit: Unit, today: dt.date):
    return selectors.held_lots(unit).filter(status__in=selectors.IN_USE,
                                            expiry_date__lt=today)


def _expiring(unit: Unit, today: dt.date):
    return selectors.held_lots(unit).filter(
        status__in=selectors.IN_USE, expiry_date__gte=today,
        expiry_date__lte=today + dt.timedelta(days=EXPIRING_DAYS))


@register("ammo_lots_isolated", name=_("Ammunition lots isolated"),
          definition=_("Ammunition lots on hand in the subtree that are isolated pending "
                       "recall."),
          measure=_("lots"))
def lots_isolated(unit: Unit, period: Period) -> int:
    return selectors.held_lots(unit).filter(status=LotStatus.ISOLATED).count()


@register("ammo_lots_expiring", name=_("Ammunition lots expiring within 90 days"),
          definition=_("Ammunition lots on hand in the subtree, not yet approved for disposal, "
                       "whose expiry date falls in the next 90 days."),
          measure=_("lots"))
def lots_expiring(unit: Unit, period: Period) -> int:
    return _expiring(unit, timezone.localdate()).count()


@register("ammo_lots_expired", name=_("Ammunition lots expired"),
          definition=_("Ammunition lots on hand in the subtree, not yet approved for disposal, "
                       "whose expiry date has passed."),
          measure=_("lots"))
def lots_expired(unit: Unit, period: Period) -> int:
    return _expired(unit, timezone.localdate()).count()


@register("ammo_tests_done", name=_("Ammunition lot tests done"),
          definition=_("Tests and sample inspections of lots recorded by units of the subtree "
                       "with a test date in the period."),
          measure=_("tests"))
def tests_done(unit: Unit, period: Period) -> int:
    return selectors.tests_in(unit, period.start, period.end).count()


def _alert_counts(unit: Unit, today: dt.date) -> dict[str, int]:
    """Isolated, expired and expiring lots on hand, in one query (the dashboard is busy)."""
    soon = today + dt.timedelta(days=EXPIRING_DAYS)
    in_use = Q(status__in=selectors.IN_USE)
    return selectors.held_lots(unit).aggregate(
        isolated=Count("pk", filter=Q(status=LotStatus.ISOLATED)),
        expired=Count("pk", filter=in_use & Q(expiry_date__lt=today)),
        expiring=Count("pk", filter=in_use & Q(expiry_date__gte=today, expiry_date__lte=soon)),
    )


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
    overdue = selectors.retest_list(unit=unit, filters={"window": "overdue"}, today=today).filter(
        last_tested__isnull=False).count()
    if overdue:
        alerts.append(Alert(
            source="ammunition_lots", level="warning", count=overdue,
            title=ngettext("%(count)s ammunition lot overdue for its re-test",
                           "%(count)s ammunition lots overdue for their re-test", overdue)
            % {"count": overdue},
            url=_url("ammunition:retest-list", unit, window="overdue")))
    return alerts

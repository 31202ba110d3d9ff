"""Closing the books (khóa sổ) of a quarter or year for a unit subtree."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.org import permissions
from kythuat.org.models import Unit, User

from ..models import BalanceSnapshot, PeriodClose
from ..selectors.balances import FULL_KEY, subtree_balances_as_of
from ..selectors.periods import closes_covering, period_bounds


def ensure_period_open(day: dt.date, *units: Unit | None) -> None:
    """Refuses a date inside a closed period of any of the units (or a unit above them)."""
    closes = closes_covering([unit for unit in units if unit is not None])
    close = closes.filter(period_end__gte=day).order_by("-period_end").first()
    if close is not None:
        raise ValidationError(
            {"effective_date": _(
                "The books of %(unit)s are closed up to %(date)s (%(period)s); choose a date "
                "after it or ask the officer who closed them."
            ) % {"unit": close.unit.name, "date": close.period_end.strftime("%d/%m/%Y"),
                 "period": close.period_label}},
            code="period_closed",
        )


@transaction.atomic
def period_close(*, actor: User | None, unit: Unit, kind: str, year: int,
                 quarter: int | None = None) -> PeriodClose:
    """Closes a period for a unit subtree and keeps its closing balances."""
    permissions.ensure_can_post(actor, unit)
    start, end = period_bounds(kind, year, quarter)
    if end >= timezone.localdate():
        raise ValidationError(_("A period can be closed only after its last day (%(date)s).")
                              % {"date": end.strftime("%d/%m/%Y")}, code="period_not_over")
    if PeriodClose.objects.filter(unit=unit, period_end=end).exists():
        raise ValidationError(_("This period is already closed for %(unit)s.")
                              % {"unit": unit.name}, code="already_closed")
    # Read before the closing exists, or the as-at read would anchor on its empty snapshot.
    rows = subtree_balances_as_of(unit=unit, day=end, fields=FULL_KEY)
    close = PeriodClose.objects.create(
        unit=unit, kind=kind, period_start=start, period_end=end,
        closed_by=actor if actor and actor.pk else None,
    )
    BalanceSnapshot.objects.bulk_create(
        [BalanceSnapshot(close=close, quantity=quantity, **dict(zip(FULL_KEY, key, strict=True)))
         for key, quantity in rows.items() if quantity],
        batch_size=1000,
    )
    audit.record(actor=actor, action=AuditEvent.Action.CLOSED, target=close, unit=unit,
                 note=_("%(count)s balances kept") % {"count": len(rows)})
    return close

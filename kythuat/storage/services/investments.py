"""Construction and investment records of facilities."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.core.services import model_update
from kythuat.core.text import nfc
from kythuat.org import permissions
from kythuat.org.models import User

from ..models import FIRST_YEAR, Facility, FundingSource, Investment

INVESTMENT_FIELDS = ["year", "kind", "description", "cost_vnd", "funding_source",
                     "decision_ref", "note"]


def _check(*, year: Any, cost_vnd: Any) -> None:
    errors: dict[str, str] = {}
    if cost_vnd is None or int(cost_vnd) < 0:
        errors["cost_vnd"] = _("The cost cannot be negative: enter the amount in dong, for "
                               "example 1500000000 for 1,5 billion dong.")
    this_year = timezone.localdate().year
    if year is None or not FIRST_YEAR <= int(year) <= this_year:
        errors["year"] = _("Enter a year between %(first)s and %(last)s: work is recorded once "
                           "its year has begun.") % {"first": FIRST_YEAR, "last": this_year}
    if errors:
        raise ValidationError(errors, code="invalid")


@transaction.atomic
def investment_create(*, actor: User | None, facility: Facility, year: int, description: str,
                      cost_vnd: int, funding_source: FundingSource,
                      kind: str = Investment.Kind.BUILT, decision_ref: str = "",
                      note: str = "") -> Investment:
    permissions.ensure_can_post(actor, facility.owner_unit)
    _check(year=year, cost_vnd=cost_vnd)
    investment = Investment(facility=facility, year=year, kind=kind,
                            description=nfc(description).strip(), cost_vnd=int(cost_vnd),
                            funding_source=funding_source, decision_ref=nfc(decision_ref),
                            note=nfc(note))
    investment.full_clean()
    investment.save()
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=investment,
                 unit=facility.owner_unit, changes=audit.snapshot(investment,
                                                                  ["facility",
                                                                   *INVESTMENT_FIELDS]))
    return investment


@transaction.atomic
def investment_update(*, actor: User | None, investment: Investment,
                      data: dict[str, Any]) -> Investment:
    permissions.ensure_can_post(actor, investment.facility.owner_unit)
    data = {key: nfc(value) if isinstance(value, str) else value for key, value in data.items()
            if key in INVESTMENT_FIELDS}
    _check(year=data.get("year", investment.year),
           cost_vnd=data.get("cost_vnd", investment.cost_vnd))
    changes = model_update(instance=investment, fields=INVESTMENT_FIELDS, data=data)
    if changes:
        audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=investment,
                     unit=investment.facility.owner_unit, changes=changes)
    return investment


@transaction.atomic
def investment_delete(*, actor: User | None, investment: Investment) -> None:
    """Removes a record entered by mistake; the audit event keeps what it said."""
    permissions.ensure_can_post(actor, investment.facility.owner_unit)
    changes = {field: [getattr(investment, field), None] for field in INVESTMENT_FIELDS}
    audit.record(actor=actor, action=AuditEvent.Action.DELETED, target=investment,
                 unit=investment.facility.owner_unit, changes=changes)
    investment.delete()

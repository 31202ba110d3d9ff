"""Attributes kept outside the ledger: an item's completeness and placement, a lot's data,
authorised strength."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.catalog.models import EquipmentType
from kythuat.core.services import model_update
from kythuat.org import permissions
from kythuat.org.models import Unit, User

from ..models import AuthorizedStrength, Item, Lot

ITEM_FIELDS = ["manufactured_year", "origin", "placement", "is_complete", "missing_parts",
               "note"]
LOT_FIELDS = ["manufacturer", "manufactured_year", "expiry_date"]


@transaction.atomic
def item_update(*, actor: User | None, item: Item, data: dict[str, Any]) -> Item:
    """Changes what the ledger does not track; grade, unit and usage group need a document."""
    permissions.ensure_can_draft(actor, item.unit)
    if data.get("is_complete") is True:
        data["missing_parts"] = ""
    if data.get("is_complete") is False and not (data.get("missing_parts") or "").strip():
        raise ValidationError({"missing_parts": _("List the missing parts of an incomplete "
                                                  "set.")})
    changes = model_update(instance=item, fields=ITEM_FIELDS, data=data)
    if changes:
        audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=item,
                     unit=item.unit, changes=changes)
    return item


@transaction.atomic
def lot_update(*, actor: User | None, lot: Lot, data: dict[str, Any]) -> Lot:
    if actor is not None and not actor.is_superuser:
        if not Lot.objects.visible_to(actor).filter(pk=lot.pk).exists():
            raise ValidationError(_("Unknown lot."))
        permissions.ensure_can_post(actor, actor.unit)
    changes = model_update(instance=lot, fields=LOT_FIELDS, data=data)
    if changes:
        audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=lot,
                     unit=actor.unit if actor else None, changes=changes)
    return lot


@transaction.atomic
def authorized_strength_set(
    *, actor: User | None, unit: Unit, type: EquipmentType, quantity: Decimal,
    valid_from: dt.date, decision_ref: str = "",
) -> AuthorizedStrength:
    """Sets how many of a type a unit is authorised to hold from a date (a new row per date)."""
    permissions.ensure_can_post(actor, unit)
    if quantity is None or quantity < 0:
        raise ValidationError({"quantity": _("The authorised quantity cannot be negative.")})
    row, created = AuthorizedStrength.objects.get_or_create(
        unit=unit, type=type, valid_from=valid_from,
        defaults={"quantity": quantity, "decision_ref": decision_ref},
    )
    if created:
        audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=row, unit=unit,
                     changes={"quantity": [None, quantity]})
    else:
        changes = model_update(instance=row, fields=["quantity", "decision_ref"],
                               data={"quantity": quantity, "decision_ref": decision_ref})
        if changes:
            audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=row,
                         unit=unit, changes=changes)
    return row

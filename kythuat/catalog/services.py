"""Writes on the catalogue: equipment types, branches and dated reference data."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.core.services import model_update
from kythuat.core.text import nfc
from kythuat.org import permissions
from kythuat.org.models import Unit, User

from .models import Branch, EquipmentType

TYPE_FIELDS = ["symbol", "name", "branch", "uom", "origin", "tracking", "is_active"]


def _ensure_symbol_free(symbol: str, exclude_pk: int | None = None) -> None:
    if EquipmentType.objects.filter(symbol__iexact=symbol).exclude(pk=exclude_pk).exists():
        raise ValidationError(
            {"symbol": _("An equipment type with the symbol %(symbol)s already exists.")
             % {"symbol": symbol}}, code="duplicate_symbol")


@transaction.atomic
def equipment_type_create(
    *, actor: User | None, symbol: str, name: str, branch: Branch, uom: str,
    tracking: str, origin: str = "", owner_unit: Unit | None = None,
) -> EquipmentType:
    """Adds a type: army-wide (system administrator) or for a unit's subtree (its officer)."""
    permissions.ensure_can_manage_catalog(actor)
    if actor is not None and not actor.is_superuser:
        if owner_unit is None:
            owner_unit = actor.unit
        permissions.ensure_can_post(actor, owner_unit)
    symbol = nfc(symbol)
    _ensure_symbol_free(symbol)
    etype = EquipmentType(symbol=symbol, name=nfc(name), branch=branch, uom=nfc(uom),
                          tracking=tracking, origin=nfc(origin), owner_unit=owner_unit)
    etype.full_clean()
    etype.save()
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=etype, unit=owner_unit,
                 changes=audit.snapshot(etype, TYPE_FIELDS))
    return etype


def ensure_can_edit_type(actor: User | None, etype: EquipmentType) -> None:
    permissions.ensure_can_manage_catalog(actor)
    if actor is None or actor.is_superuser:
        return
    if etype.owner_unit is None:
        raise permissions.PermissionDenied(
            _("Army-wide types are changed only by the system administrator."))
    permissions.ensure_can_post(actor, etype.owner_unit)


@transaction.atomic
def equipment_type_update(*, actor: User | None, etype: EquipmentType,
                          data: dict[str, Any]) -> EquipmentType:
    ensure_can_edit_type(actor, etype)
    if "symbol" in data:
        data["symbol"] = nfc(data["symbol"])
        _ensure_symbol_free(data["symbol"], exclude_pk=etype.pk)
    if "tracking" in data and data["tracking"] != etype.tracking and (
        etype.balances.exists() or etype.items.exists()
    ):
        raise ValidationError({"tracking": _("The tracking of a type cannot change once it "
                                             "has holdings.")})
    changes = model_update(instance=etype, fields=TYPE_FIELDS, data=data)
    if changes:
        audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=etype,
                     unit=etype.owner_unit, changes=changes)
    return etype


@transaction.atomic
def reference_update(*, actor: User | None, instance: models.Model, fields: list[str],
                     data: dict[str, Any]) -> models.Model:
    """Changes a row of reference data (branch, grade wording, usage group, placement, kind)."""
    if actor is not None and not actor.is_superuser:
        raise permissions.PermissionDenied(
            _("Reference data is changed only by the system administrator."))
    many = {field.name for field in type(instance)._meta.many_to_many} & set(fields)
    changes = model_update(instance=instance, fields=[f for f in fields if f not in many],
                           data={k: v for k, v in data.items() if k not in many})
    for name in sorted(many & set(data)):
        before = sorted(str(row) for row in getattr(instance, name).all())
        getattr(instance, name).set(data[name])
        after = sorted(str(row) for row in getattr(instance, name).all())
        if before != after:
            changes[name] = [", ".join(before), ", ".join(after)]
    if changes:
        audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=instance,
                     changes=changes)
    return instance


@transaction.atomic
def reference_create(*, actor: User | None, model: type[models.Model],
                     data: dict[str, Any]) -> models.Model:
    if actor is not None and not actor.is_superuser:
        raise permissions.PermissionDenied(
            _("Reference data is changed only by the system administrator."))
    many = {field.name for field in model._meta.many_to_many} & set(data)
    instance = model(**{k: v for k, v in data.items() if k not in many})
    instance.full_clean()
    instance.save()
    for name in sorted(many):
        getattr(instance, name).set(data[name])
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=instance,
                 changes=audit.snapshot(instance, [k for k in data if k not in many]))
    return instance

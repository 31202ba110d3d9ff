"""Creating and changing facilities."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.core.services import model_update
from kythuat.core.text import nfc
from kythuat.org import permissions
from kythuat.org.models import Unit, User

from ..models import Facility, FacilityKind

DETAIL_FIELDS = [
    "capacity", "capacity_uom", "standard", "safety_radius_m", "has_fire_equipment",
    "fire_equipment", "has_lightning_protection", "lightning_protection", "logs_conditions",
    "min_temperature", "max_temperature", "max_humidity",
]
FACILITY_FIELDS = ["code", "name", "kind", "location", "status", *DETAIL_FIELDS]
TEXT_FIELDS = ("name", "location", "capacity_uom", "fire_equipment", "lightning_protection")


def _ensure_code_free(code: str, exclude_pk: int | None = None) -> None:
    if Facility.objects.filter(code__iexact=code).exclude(pk=exclude_pk).exists():
        raise ValidationError({"code": _("A facility with the code %(code)s already exists.")
                               % {"code": code}}, code="duplicate_code")


def _check(facility: Facility) -> None:
    """Rules across fields, checked before the row is saved."""
    errors: dict[str, str] = {}
    if facility.capacity is not None and facility.capacity < 0:
        errors["capacity"] = _("The capacity cannot be negative.")
    if facility.capacity is not None and not facility.capacity_uom.strip():
        errors["capacity_uom"] = _("Enter the unit of the capacity, for example tấn, khẩu or m².")
    low, high, _humidity = facility.limits()
    if low is not None and high is not None and low > high:
        errors["max_temperature"] = _(
            "The maximum temperature (%(high)s °C) cannot be below the minimum temperature "
            "(%(low)s °C).") % {"high": high, "low": low}
    if errors:
        raise ValidationError(errors, code="invalid")


def _clean_text(data: dict[str, Any]) -> dict[str, Any]:
    return {key: nfc(value) if key in TEXT_FIELDS and isinstance(value, str) else value
            for key, value in data.items()}


@transaction.atomic
def facility_create(*, actor: User | None, owner_unit: Unit, kind: FacilityKind, code: str,
                    name: str, location: str = "", status: str = Facility.Status.IN_USE,
                    **details: Any) -> Facility:
    """Adds a facility; `details` are any of DETAIL_FIELDS (capacity, standard, limits …)."""
    permissions.ensure_can_post(actor, owner_unit)
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"Unknown facility fields: {sorted(unknown)}")
    code = nfc(code)
    _ensure_code_free(code)
    facility = Facility(owner_unit=owner_unit, kind=kind, code=code, status=status,
                        **_clean_text({"name": name, "location": location, **details}))
    if facility.capacity is not None:
        facility.capacity = Decimal(facility.capacity)
    _check(facility)
    facility.full_clean()
    facility.save()
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=facility,
                 unit=owner_unit, changes=audit.snapshot(facility, FACILITY_FIELDS))
    return facility


@transaction.atomic
def facility_update(*, actor: User | None, facility: Facility, data: dict[str, Any]) -> Facility:
    permissions.ensure_can_post(actor, facility.owner_unit)
    data = _clean_text(data)
    if "code" in data:
        data["code"] = nfc(data["code"])
        _ensure_code_free(data["code"], exclude_pk=facility.pk)
    # The rules are checked on a copy, so a refused change leaves the caller's object as is.
    trial = Facility.objects.select_related("kind").get(pk=facility.pk)
    for field in FACILITY_FIELDS:
        if field in data:
            setattr(trial, field, data[field])
    _check(trial)
    changes = model_update(instance=facility, fields=FACILITY_FIELDS, data=data)
    if changes:
        audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=facility,
                     unit=facility.owner_unit, changes=changes)
    return facility

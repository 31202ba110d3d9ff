"""Writes on facilities."""

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

from .models import Facility, FacilityKind

FACILITY_FIELDS = ["code", "name", "kind", "location", "status"]


def _ensure_code_free(code: str, exclude_pk: int | None = None) -> None:
    if Facility.objects.filter(code__iexact=code).exclude(pk=exclude_pk).exists():
        raise ValidationError({"code": _("A facility with the code %(code)s already exists.")
                               % {"code": code}}, code="duplicate_code")


@transaction.atomic
def facility_create(*, actor: User | None, owner_unit: Unit, kind: FacilityKind, code: str,
                    name: str, location: str = "") -> Facility:
    permissions.ensure_can_post(actor, owner_unit)
    code = nfc(code)
    _ensure_code_free(code)
    facility = Facility(owner_unit=owner_unit, kind=kind, code=code, name=nfc(name),
                        location=nfc(location))
    facility.full_clean()
    facility.save()
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=facility,
                 unit=owner_unit, changes=audit.snapshot(facility, FACILITY_FIELDS))
    return facility


@transaction.atomic
def facility_update(*, actor: User | None, facility: Facility, data: dict[str, Any]) -> Facility:
    permissions.ensure_can_post(actor, facility.owner_unit)
    if "code" in data:
        data["code"] = nfc(data["code"])
        _ensure_code_free(data["code"], exclude_pk=facility.pk)
    changes = model_update(instance=facility, fields=FACILITY_FIELDS, data=data)
    if changes:
        audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=facility,
                     unit=facility.owner_unit, changes=changes)
    return facility

"""The example row of a downloaded template, made of codes that exist for the user who
downloads it: their own unit's code ("QK1-LS", not "LS"), equipment types of the catalogue they
see, with the tracking each template needs, and a facility of their unit. Filled in as it is,
the example row passes the check."""

from kythuat.catalog.models import EquipmentType, Tracking
from kythuat.org.models import Unit, User
from kythuat.storage.models import Facility

from .models import ImportTemplate
from .specs import Template

# The tracking of the type each template's example shows.
TRACKING = {ImportTemplate.ITEMS: Tracking.SERIAL, ImportTemplate.LOTS: Tracking.LOT,
            ImportTemplate.OPENING: Tracking.BULK, ImportTemplate.DOCUMENTS: Tracking.BULK}
PREFERRED = {Tracking.SERIAL: "AK-47"}


def _unit_of(user: User) -> Unit | None:
    if user.unit_id:
        return user.unit
    return Unit.objects.filter(parent__isnull=True).order_by("path").first()


def _type(user: User, tracking: str) -> EquipmentType | None:
    types = EquipmentType.objects.visible_to(user).filter(is_active=True, tracking=tracking)
    preferred = PREFERRED.get(tracking)
    found = types.filter(symbol=preferred).first() if preferred else None
    return found or types.order_by("symbol").first()


def example_values(template: Template, user: User) -> dict[str, object]:
    """Field key → the example value for `user`; fields not named keep the template's own."""
    unit = _unit_of(user)
    if unit is None:
        return {}
    values: dict[str, object] = {}
    keys = {field.key for field in template.fields}
    for key in ("unit", "parent", "owner_unit", "to_unit"):
        if key in keys:
            values[key] = unit.code
    if template.code == ImportTemplate.UNITS:
        values["code"] = f"{unit.code}-X99"
    if template.code == ImportTemplate.DOCUMENTS:
        values["from_unit"] = ""  # a receipt has no sending unit
    tracking = TRACKING.get(template.code)
    if tracking and "type" in keys:
        etype = _type(user, tracking)
        if etype is not None:
            values["type"] = etype.symbol
            if tracking == Tracking.SERIAL:
                values["serial"] = f"{etype.symbol}-900001"
    if "facility" in keys:
        facility = (Facility.objects.filter(owner_unit=unit, status=Facility.Status.IN_USE)
                    .order_by("code").first())
        values["facility"] = facility.code if facility else ""
    return values

"""Who may do what: plain functions used by services (to refuse) and views (to hide buttons)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from .models import Role, Unit, User


def can_view_unit(user: User, unit: Unit | None) -> bool:
    if unit is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.unit_id is not None and unit.path.startswith(user.unit.path)


def can_draft(user: User, unit: Unit | None) -> bool:
    return can_view_unit(user, unit) and user.has_role(Role.CLERK)


def can_post(user: User, unit: Unit | None) -> bool:
    return can_view_unit(user, unit) and user.has_role(Role.OFFICER)


def can_manage_catalog(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.OFFICER)


def can_manage_users(user: User, unit: Unit | None = None) -> bool:
    if not user.is_authenticated or not user.has_role(Role.UNIT_ADMIN):
        return False
    return unit is None or can_view_unit(user, unit)


def ensure_can_draft(user: User | None, *units: Unit | None) -> None:
    """`user=None` is the system (commands, imports): it may do anything."""
    if user is None:
        return
    for unit in units:
        if unit is not None and not can_draft(user, unit):
            raise PermissionDenied(
                _("You may not record documents for %(unit)s.") % {"unit": unit.name}
            )


def ensure_can_post(user: User | None, *units: Unit | None) -> None:
    if user is None:
        return
    for unit in units:
        if unit is not None and not can_post(user, unit):
            raise PermissionDenied(
                _("Only an officer of %(unit)s or a unit above it may post or reverse this "
                  "document.") % {"unit": unit.name}
            )


def ensure_can_manage_catalog(user: User | None) -> None:
    if user is not None and not can_manage_catalog(user):
        raise PermissionDenied(_("Only an officer may change the catalogue."))


def ensure_can_manage_users(user: User | None, unit: Unit | None) -> None:
    if user is not None and not can_manage_users(user, unit):
        raise PermissionDenied(_("Only a unit administrator may manage the users of this unit."))


# Data that hangs off an equipment type (its maintenance plans, its fuel norm) belongs to whoever
# owns the type: army-wide types to the system administrator, a unit's own types (catalog's
# `owner_unit`) to the officers of that unit and the units above it. Otherwise an officer of
# any regiment could change the due lists and fuel figures of the whole army.


def can_edit_type_data(user: User, owner_unit: Unit | None) -> bool:
    if not can_manage_catalog(user):
        return False
    if user.is_superuser:
        return True
    return owner_unit is not None and can_post(user, owner_unit)


def ensure_can_edit_type_data(user: User | None, owner_unit: Unit | None) -> None:
    if user is None or can_edit_type_data(user, owner_unit):
        return
    if owner_unit is None:
        raise PermissionDenied(_("The maintenance plans and fuel norms of an army-wide "
                                 "equipment type are changed only by the system administrator."))
    raise PermissionDenied(
        _("Only an officer of %(unit)s or a unit above it may change the maintenance plans and "
          "fuel norms of the equipment types it defined.") % {"unit": owner_unit.name}
    )


def type_data_editable(user: User, owner_lookup: str = "owner_unit") -> Q:
    """The equipment types whose plans and norms the user may change, as a filter."""
    if user.is_superuser:
        return Q()
    if not can_manage_catalog(user) or user.unit_id is None:
        return Q(pk__in=[])
    return Q(**{f"{owner_lookup}__path__startswith": user.unit.path})


def can_assign_target(user: User, unit: Unit | None) -> bool:
    """A target is set (or split, changed, removed) by an officer of its unit or of a unit
    above it: the chain of command that carries the directive down."""
    return can_post(user, unit)


def ensure_can_assign_target(user: User | None, unit: Unit) -> None:
    if user is not None and not can_assign_target(user, unit):
        raise PermissionDenied(
            _("Only an officer of %(unit)s or a unit above it may set its targets.")
            % {"unit": unit.name})

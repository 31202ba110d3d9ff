"""Who may do what: plain functions used by services (to refuse) and views (to hide buttons)."""

from django.core.exceptions import PermissionDenied
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

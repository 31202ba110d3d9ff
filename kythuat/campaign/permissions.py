"""Who may do what in Campaign 50: plain functions used by the services (to refuse) and the
views (to show or hide buttons). `None` is the system (demo, commands)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from kythuat.org import permissions
from kythuat.org.models import Role, Unit, User

from .models import Sheet


def can_manage_criteria(user: User | None) -> bool:
    """The criteria are the campaign's reference data: the system administrator sets them."""
    return user is None or user.is_superuser


def can_assess(user: User | None, sheet: Sheet) -> bool:
    """A unit assesses itself: its own clerks and officers, not the units above it."""
    if user is None or user.is_superuser:
        return True
    return user.unit_id == sheet.unit_id and user.has_role(Role.CLERK)


def can_submit(user: User | None, sheet: Sheet) -> bool:
    if user is None or user.is_superuser:
        return True
    return user.unit_id == sheet.unit_id and user.has_role(Role.OFFICER)


def can_review(user: User | None, unit: Unit) -> bool:
    """The higher level scores: an officer of a unit above the scored one."""
    if user is None or user.is_superuser:
        return True
    return unit.parent_id is not None and user.unit_id != unit.pk and permissions.can_post(
        user, unit.parent)


def ensure(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def ensure_can_review(user: User | None, unit: Unit) -> None:
    ensure(can_review(user, unit), _(
        "Only an officer of a unit above %(unit)s may score its sheet.") % {"unit": unit.name})


def ensure_can_write_for(user: User | None, unit: Unit) -> None:
    """Committees, sheets, blocks and pledges of a unit: its officers or those above it."""
    if user is not None and not permissions.can_post(user, unit):
        raise PermissionDenied(_("Only an officer of %(unit)s or a unit above it may do this.")
                               % {"unit": unit.name})

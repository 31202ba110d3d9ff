"""Reads on the organisation, always scoped to the user."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from kythuat.core.querystring import id_param

from . import permissions
from .models import Unit, User


def unit_list(*, user: User) -> QuerySet[Unit]:
    return Unit.objects.visible_to(user).select_related("kind", "parent")


def default_unit(user: User) -> Unit:
    """The unit a user's screens start from: their own, or the top of the tree for the system
    administrator."""
    if user.unit_id is not None:
        return user.unit
    root = Unit.objects.filter(parent__isnull=True).order_by("path").first()
    if root is None or not user.is_superuser:
        raise Http404
    return root


def visible_unit(user: User, pk: object) -> Unit:
    """The unit with this id if the user may see it; 404 otherwise (never 403)."""
    return get_object_or_404(Unit.objects.visible_to(user), pk=pk)


def unit_from_request(user: User, value: object) -> Unit:
    """The `unit` parameter of a screen or report, defaulting to the user's unit; a unit
    outside the user's subtree, or a malformed id, answers 404."""
    if value in (None, ""):
        return default_unit(user)
    pk = id_param(str(value).strip())  # refuses ids past what the database stores too
    if pk is None:
        raise Http404
    return visible_unit(user, pk)


def _subtree_users(user: User) -> QuerySet[User]:
    """Users of the caller's subtree; everyone for the system administrator."""
    users = User.objects.select_related("unit")
    if user.is_superuser:
        return users
    if user.unit_id is None:
        return users.none()
    return users.filter(unit__path__startswith=user.unit.path, is_superuser=False)


def user_list(*, user: User) -> QuerySet[User]:
    """Users of the caller's subtree (everyone for the system administrator), with their API
    tokens."""
    return _subtree_users(user).select_related("auth_token", "auth_token__use").order_by(
        "unit__path", "username")


def managed_users(user: User) -> QuerySet[User]:
    """The users an administrator manages (their subtree); refuses (403) whoever may not
    manage users."""
    if not permissions.can_manage_users(user):
        raise PermissionDenied(_("Only a unit administrator may manage users."))
    return _subtree_users(user)

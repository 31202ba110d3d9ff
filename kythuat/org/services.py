"""Writes on the organisation: units and users. One action, one transaction, one audit row."""

import datetime as dt
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from kythuat.audit import services as audit
from kythuat.audit.models import AuditEvent
from kythuat.core.services import model_update

from . import permissions
from .models import Role, Unit, UnitKind, UnitMove, User

UNIT_FIELDS = ["code", "name", "short_name", "kind", "valid_from", "valid_to"]


def _ensure_code_free(code: str, exclude_pk: int | None = None) -> None:
    if Unit.objects.filter(code__iexact=code).exclude(pk=exclude_pk).exists():
        raise ValidationError(
            {"code": _("A unit with the code %(code)s already exists; choose another code.")
             % {"code": code}},
            code="duplicate_code",
        )


@transaction.atomic
def unit_create(
    *, actor: User | None, parent: Unit | None, code: str, name: str, kind: UnitKind,
    short_name: str = "", valid_from: dt.date | None = None,
) -> Unit:
    if parent is None:
        if actor is not None and not actor.is_superuser:
            raise ValidationError(_("Only the system administrator may create a top-level unit."))
    else:
        permissions.ensure_can_manage_users(actor, parent)
    code = code.strip()
    _ensure_code_free(code)
    unit = Unit(parent=parent, code=code, name=name.strip(), short_name=short_name.strip(),
                kind=kind)
    if valid_from:
        unit.valid_from = valid_from
    if parent is not None and unit.valid_from < parent.valid_from:
        raise ValidationError(
            {"valid_from": _("A unit cannot start before its parent unit (%(date)s).")
             % {"date": parent.valid_from.strftime("%d/%m/%Y")}}
        )
    unit.full_clean(exclude=["path"])
    unit.save()
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=unit, unit=unit,
                 changes=audit.snapshot(unit, UNIT_FIELDS))
    return unit


@transaction.atomic
def unit_update(*, actor: User | None, unit: Unit, data: dict[str, Any]) -> Unit:
    """Changes a unit's own attributes; its place in the tree changes with unit_move()."""
    permissions.ensure_can_manage_users(actor, unit)
    if "code" in data:
        data["code"] = data["code"].strip()
        _ensure_code_free(data["code"], exclude_pk=unit.pk)
    changes = model_update(instance=unit, fields=UNIT_FIELDS, data=data)
    if changes:
        audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=unit, unit=unit,
                     changes=changes)
    return unit


@transaction.atomic
def unit_move(*, actor: User | None, unit: Unit, new_parent: Unit, on: dt.date | None = None,
              decision: str = "") -> Unit:
    """Re-parents a unit with its whole subtree from `on` (today by default), rewriting the
    paths below it in one update. The former parent is kept (UnitMove), so a report "as the
    organisation was" before `on` still counts the subtree under it."""
    permissions.ensure_can_manage_users(actor, unit)
    permissions.ensure_can_manage_users(actor, new_parent)
    on = on or timezone.localdate()
    _ensure_move_allowed(unit, new_parent, on)
    old_parent, old_path = unit.parent, unit.path
    UnitMove.objects.create(unit=unit, old_parent=old_parent, new_parent=new_parent, on=on,
                            decision=decision.strip())
    new_path = f"{new_parent.path}{old_path[-7:]}"
    shift = new_parent.depth + 1 - unit.depth
    Unit.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + shift,
    )
    Unit.objects.filter(pk=unit.pk).update(parent=new_parent)
    unit.refresh_from_db()
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=unit, unit=unit,
                 changes={"parent": [old_parent, new_parent]},
                 note=" ".join(filter(None, [decision.strip(), on.strftime("%d/%m/%Y")])))
    return unit


def _ensure_move_allowed(unit: Unit, new_parent: Unit, on: dt.date) -> None:
    def day(value: dt.date) -> str:
        return value.strftime("%d/%m/%Y")

    if new_parent.path.startswith(unit.path):
        raise ValidationError(_("A unit cannot be moved under itself or one of its own units."))
    if unit.parent_id is None:
        raise ValidationError(_("A top-level unit cannot be put under another unit."),
                              code="top_level")
    if unit.parent_id == new_parent.pk:
        raise ValidationError({"new_parent": _("%(unit)s is already under %(parent)s; choose "
                                               "another parent unit.")
                               % {"unit": unit.name, "parent": new_parent.name}},
                              code="same_parent")
    if not unit.is_active(on) or not new_parent.is_active(on):
        gone = unit if not unit.is_active(on) else new_parent
        raise ValidationError({"on": _("%(unit)s does not exist on %(date)s; choose a date "
                                       "when both units exist.")
                               % {"unit": gone.name, "date": day(on)}}, code="inactive")
    later = UnitMove.objects.filter(unit=unit, on__gt=on).order_by("-on").first()
    if later is not None:
        raise ValidationError({"on": _("%(unit)s was already moved on %(date)s; a new move "
                                       "cannot take effect before it.")
                               % {"unit": unit.name, "date": day(later.on)}},
                              code="before_last_move")


USER_FIELDS = ["username", "first_name", "last_name", "email", "unit", "role", "position",
               "is_active"]


def _ensure_role_allowed(actor: User | None, role: str) -> None:
    if actor is not None and not actor.has_role(role):
        raise ValidationError(
            {"role": _("You cannot give a role higher than your own.")}, code="role_too_high"
        )


@transaction.atomic
def user_create(
    *, actor: User | None, username: str, password: str, unit: Unit, role: str = Role.VIEWER,
    first_name: str = "", last_name: str = "", email: str = "", position: str = "",
) -> User:
    permissions.ensure_can_manage_users(actor, unit)
    _ensure_role_allowed(actor, role)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            {"username": _("The login name %(name)s is taken; choose another.")
             % {"name": username}}
        )
    user = User(username=username, unit=unit, role=role, first_name=first_name,
                last_name=last_name, email=email, position=position)
    if actor is not None:  # a person chooses the password; the system (the demo) sets its own
        _validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=user, unit=unit,
                 changes=audit.snapshot(user, ["username", "unit", "role"]))
    return user


@transaction.atomic
def user_update(*, actor: User | None, user: User, data: dict[str, Any]) -> User:
    permissions.ensure_can_manage_users(actor, user.unit)
    if "unit" in data:
        permissions.ensure_can_manage_users(actor, data["unit"])
    if "role" in data:
        _ensure_role_allowed(actor, data["role"])
    if actor is not None and actor.pk == user.pk and data.get("is_active") is False:
        raise ValidationError(_("You cannot deactivate your own account."))
    changes = model_update(instance=user, fields=USER_FIELDS, data=data)
    if changes:
        audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=user,
                     unit=user.unit, changes=changes)
    if "is_active" in changes and not user.is_active:
        # Deleted, not kept aside: reactivating the account must not bring the old key back.
        _tokens_delete(actor=actor, user=user, note=_("API token revoked: account deactivated."))
    return user


@transaction.atomic
def user_set_password(*, actor: User | None, user: User, password: str) -> User:
    if actor is None or actor.pk != user.pk:
        permissions.ensure_can_manage_users(actor, user.unit)
    _validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(actor=actor, action=AuditEvent.Action.CHANGED, target=user, unit=user.unit,
                 note=_("Password changed."))
    # Whoever knew the old password may have issued a token with it.
    _tokens_delete(actor=actor, user=user, note=_("API token revoked: password changed."))
    return user


def _validate_password(password: str, user: User) -> None:
    """The password rules of settings (length, not like the name, not common), for the screens
    and the API alike."""
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}, code="weak_password") from None


def _tokens_delete(*, actor: User | None, user: User, note: str) -> bool:
    deleted, _rows = Token.objects.filter(user=user).delete()
    if deleted:
        audit.record(actor=actor, action=AuditEvent.Action.DELETED, target=user,
                     unit=user.unit, note=note)
    return bool(deleted)


@transaction.atomic
def token_issue(*, actor: User) -> Token:
    """Gives the user a new API token, replacing the old one. The audit row names the user,
    never the token: its key is its id."""
    Token.objects.filter(user=actor).delete()
    token = Token.objects.create(user=actor)
    audit.record(actor=actor, action=AuditEvent.Action.CREATED, target=actor, unit=actor.unit,
                 note=_("API token issued."))
    return token


@transaction.atomic
def token_obtain(*, actor: User) -> Token:
    """The user's API token for a program that signed in with the password: the current one,
    so the user's other programs keep working, or a new one (recorded as issued)."""
    token = Token.objects.filter(user=actor).first()
    return token if token is not None else token_issue(actor=actor)


@transaction.atomic
def token_revoke(*, actor: User | None, user: User | None = None) -> bool:
    """Revokes the API token of `user` (by default the actor's own): a unit administrator may
    revoke the tokens of the users of their subtree."""
    user = user or actor
    if user is None:
        raise ValueError("token_revoke needs a user")
    if actor is not None and actor.pk != user.pk:
        if user.unit is None and not actor.is_superuser:  # the system administrator's own
            raise PermissionDenied(_("Only a unit administrator may manage the users of this "
                                     "unit."))
        permissions.ensure_can_manage_users(actor, user.unit)
    return _tokens_delete(actor=actor, user=user, note=_("API token revoked."))

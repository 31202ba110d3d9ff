import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from kythuat.core import api

from ..forms import move_date
from ..models import Role, Unit, UnitKind, User


class UnitOut(serializers.ModelSerializer):
    kind_name = serializers.CharField(source="kind.name", read_only=True)

    class Meta:
        model = Unit
        fields = [
            "id",
            "code",
            "name",
            "short_name",
            "kind",
            "kind_name",
            "parent",
            "depth",
            "valid_from",
            "valid_to",
        ]
        read_only_fields = fields


class UserOut(serializers.ModelSerializer):
    """A user of the caller's subtree, as a unit administrator sees it (no password, no key)."""

    unit_name = serializers.CharField(source="unit.name", read_only=True, default=None)
    has_token = serializers.SerializerMethodField()
    token_created_at = serializers.SerializerMethodField()
    token_last_used_at = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "unit", "unit_name", "role",
                  "position", "is_active", "last_login", "has_token", "token_created_at",
                  "token_last_used_at"]
        read_only_fields = fields

    def _token(self, user: User):
        return getattr(user, "auth_token", None)

    def get_has_token(self, user: User) -> bool:
        return self._token(user) is not None

    def get_token_created_at(self, user: User) -> dt.datetime | None:
        token = self._token(user)
        return token.created if token else None

    def get_token_last_used_at(self, user: User) -> dt.datetime | None:
        token = self._token(user)
        use = getattr(token, "use", None) if token else None
        return use.last_used_at if use else None


class UnitCreateIn(api.InSerializer):
    parent = api.VisibleRelatedField(
        Unit.objects.all(), required=False, allow_null=True, default=None,
        help_text=_("Empty for a top-level unit, which only the system administrator creates."))
    code = api.CharField(max_length=50)
    name = api.CharField(max_length=200)
    short_name = api.CharField(max_length=60, required=False, allow_blank=True, default="")
    kind = api.VisibleRelatedField(UnitKind.objects.all(), shared=True,
                                   help_text=_("An id of /api/v1/reference/unit-kind/."))
    valid_from = api.DateField(required=False, allow_null=True, default=None,
                               help_text=_("Today if omitted."))


class UnitUpdateIn(api.InSerializer):
    """Renaming and the other attributes of a unit; only the fields sent change."""

    code = api.CharField(max_length=50, required=False)
    name = api.CharField(max_length=200, required=False)
    short_name = api.CharField(max_length=60, required=False, allow_blank=True)
    kind = api.VisibleRelatedField(UnitKind.objects.all(), shared=True, required=False)
    valid_from = api.DateField(required=False)
    valid_to = api.DateField(required=False, allow_null=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("valid_from"), attrs.get("valid_to")
        if start and end and end < start:
            raise serializers.ValidationError(
                {"valid_to": _("The end of validity must not be before its start.")})
        return attrs


class UnitMoveIn(api.InSerializer):
    """A move kept in the unit's history: reports "as the organisation was" before `on` still
    count the unit under its former parent."""

    new_parent = api.VisibleRelatedField(Unit.objects.all())
    on = api.DateField(required=False, allow_null=True, default=None,
                       help_text=_("First day under the new parent; today if omitted. Not in "
                                   "the future: a change announced for a later day is a "
                                   "reorganisation decision."))
    decision = api.CharField(max_length=120, required=False, allow_blank=True, default="",
                             help_text=_("Number and date of the decision that moves the unit."))

    def validate_on(self, value: dt.date | None) -> dt.date:
        try:
            return move_date(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None


class UserCreateIn(api.InSerializer):
    username = api.CharField(max_length=150)
    password = api.CharField(max_length=128, trim_whitespace=False,
                             help_text=_("Checked against the password rules."))
    unit = api.VisibleRelatedField(Unit.objects.all())
    role = api.ChoiceField(Role.choices, required=False, default=Role.VIEWER)
    first_name = api.CharField(max_length=150, required=False, allow_blank=True, default="")
    last_name = api.CharField(max_length=150, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="", max_length=254,
                                   error_messages={"invalid": _("Enter a valid email address.")})
    position = api.CharField(max_length=150, required=False, allow_blank=True, default="")

    def validate_username(self, value: str) -> str:
        return value.strip()


class UserUpdateIn(api.InSerializer):
    """Only the fields sent change; `is_active: false` disables the account (and deletes its
    API token)."""

    unit = api.VisibleRelatedField(Unit.objects.all(), required=False)
    role = api.ChoiceField(Role.choices, required=False)
    first_name = api.CharField(max_length=150, required=False, allow_blank=True)
    last_name = api.CharField(max_length=150, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True, max_length=254,
                                   error_messages={"invalid": _("Enter a valid email address.")})
    position = api.CharField(max_length=150, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)


class PasswordIn(api.InSerializer):
    password = api.CharField(max_length=128, trim_whitespace=False,
                             help_text=_("Checked against the password rules."))


class TokenIn(api.InSerializer):
    username = api.CharField(max_length=150)
    password = api.CharField(max_length=128, trim_whitespace=False)


class TokenOut(serializers.Serializer):
    token = serializers.CharField(help_text=_("Send it as the header “Authorization: Token "
                                              "<token>”."))
    user = serializers.IntegerField()
    created = serializers.DateTimeField()

import datetime as dt

from rest_framework import serializers

from ..models import Unit, User


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

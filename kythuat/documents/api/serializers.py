from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from kythuat.core import api
from kythuat.org.models import Unit

from ..models import DocumentType, FormatProfile, IssuedNumber, Issuer


class IssuerOut(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    profile = serializers.CharField(source="profile.code", read_only=True)

    class Meta:
        model = Issuer
        fields = ["id", "unit", "unit_name", "profile", "name", "abbreviation", "parent_name",
                  "place", "valid_from", "valid_to", "term_start", "term_end", "predecessor"]
        read_only_fields = fields


class IssuedNumberOut(serializers.ModelSerializer):
    issuer_name = serializers.CharField(source="issuer.name", read_only=True)
    document_type = serializers.CharField(source="document_type.code", read_only=True)
    issued_by = serializers.CharField(source="issued_by.username", read_only=True,
                                      default=None)

    class Meta:
        model = IssuedNumber
        fields = ["id", "issuer", "issuer_name", "document_type", "number", "symbol", "date",
                  "subject", "reference", "issued_by"]
        read_only_fields = fields


class _Reference(serializers.SlugRelatedField):
    default_error_messages = {**api.REQUIRED,
                              "does_not_exist": _("“{value}” is not a known code."),
                              "invalid": _("“{value}” is not a known code.")}


class IssuerIn(api.InSerializer):
    """A new issuer; with `predecessor`, the new name of an existing one."""

    unit = api.VisibleRelatedField(Unit.objects.all())
    profile = _Reference(slug_field="code", queryset=FormatProfile.objects.all())
    name = api.CharField(max_length=200)
    abbreviation = api.CharField(max_length=30)
    parent_name = api.CharField(max_length=200, required=False, allow_blank=True, default="")
    place = api.CharField(max_length=100)
    valid_from = api.DateField()
    valid_to = api.DateField(required=False, allow_null=True, default=None)
    term_start = api.DateField(required=False, allow_null=True, default=None)
    term_end = api.DateField(required=False, allow_null=True, default=None)
    predecessor = api.VisibleRelatedField(Issuer.objects.all(), required=False,
                                          allow_null=True, default=None)


class IssuerUpdateIn(api.InSerializer):
    name = api.CharField(max_length=200, required=False)
    abbreviation = api.CharField(max_length=30, required=False)
    parent_name = api.CharField(max_length=200, required=False, allow_blank=True)
    place = api.CharField(max_length=100, required=False)
    valid_from = api.DateField(required=False)
    valid_to = api.DateField(required=False, allow_null=True)
    term_start = api.DateField(required=False, allow_null=True)
    term_end = api.DateField(required=False, allow_null=True)


class NumberIssueIn(api.InSerializer):
    issuer = api.VisibleRelatedField(Issuer.objects.all())
    document_type = _Reference(slug_field="code", queryset=DocumentType.objects.all())
    date = api.DateField()
    subject = api.CharField(max_length=500)
    reference = api.CharField(max_length=60, required=False, allow_blank=True, default="")
    # A key the client chooses for the document (a UUID): the same key again answers the
    # number already taken, so a retry after a lost answer takes no second number.
    once_key = api.CharField(max_length=36, required=False, allow_blank=True, default="")


class NumberFilterIn(api.InSerializer):
    q = api.CharField(required=False, help_text=_("Part of the number and symbol or subject."))
    year = api.IntegerField(required=False, min_value=1945, max_value=2100)
    date_from = api.DateField(required=False)
    date_to = api.DateField(required=False)

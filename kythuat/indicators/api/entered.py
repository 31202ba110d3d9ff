"""Entered figures over the API: the same services as the screens (entry, correction,
confirmation, return), scoped to the caller's subtree; the entered indicators are read only."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from kythuat.core import api
from kythuat.org.models import Role, Unit

from .. import services
from ..filters import EnteredValueFilter, entered_value_list
from ..forms import check_evidence
from ..models import EnteredIndicator, EnteredValue


def _one_of(choices) -> str:
    return "One of: " + ", ".join(value for value, _label in choices) + "."


class EnteredIndicatorOut(serializers.ModelSerializer):
    registry_code = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True,
                                 help_text=_one_of(EnteredIndicator.Kind.choices))
    direction = serializers.CharField(read_only=True,
                                      help_text=_one_of(EnteredIndicator.Direction.choices))
    entered_by = serializers.CharField(read_only=True, help_text=_one_of(Role.choices))

    class Meta:
        model = EnteredIndicator
        fields = ["id", "code", "registry_code", "name", "definition", "unit_of_measure", "kind",
                  "direction", "entered_by", "order", "is_active"]
        read_only_fields = fields


class EnteredValueOut(serializers.ModelSerializer):
    indicator_name = serializers.CharField(source="indicator.name", read_only=True)
    unit_of_measure = serializers.CharField(source="indicator.unit_of_measure", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    value = api.QuantityField(read_only=True)
    status = serializers.CharField(read_only=True,
                                   help_text=_one_of(EnteredValue.Status.choices))
    entered_by = serializers.CharField(source="entered_by.username", read_only=True,
                                       allow_null=True)
    confirmed_by = serializers.CharField(source="confirmed_by.username", read_only=True,
                                         allow_null=True)
    evidence_url = serializers.SerializerMethodField()

    class Meta:
        model = EnteredValue
        fields = ["id", "indicator", "indicator_name", "unit", "unit_name", "period_start",
                  "period_end", "value", "unit_of_measure", "note", "status", "entered_by",
                  "confirmed_by", "confirmed_at", "return_reason", "evidence_url"]
        read_only_fields = fields

    def get_evidence_url(self, entered: EnteredValue) -> str | None:
        """The address that downloads the evidence file (signed-in session), if there is one."""
        if not entered.evidence:
            return None
        return reverse("dashboard:entered-evidence", args=[entered.pk])


class EnteredValueIn(api.InSerializer):
    """A figure of a unit for a period; in a PATCH only the period, the figure, the note and the
    evidence may change. Send JSON, or multipart/form-data to attach an evidence file (PDF, JPG,
    PNG, DOCX or XLSX, at most 10 MB)."""

    indicator = api.VisibleRelatedField(EnteredIndicator.objects.all(), shared=True)
    unit = api.VisibleRelatedField(Unit.objects.all())
    period_start = api.DateField()
    period_end = api.DateField()
    value = api.QuantityField()
    note = api.CharField(required=False, allow_blank=True, max_length=2000)
    evidence = serializers.FileField(required=False, allow_null=True)

    def validate_evidence(self, upload):
        try:
            return check_evidence(upload)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages, code="invalid") from None


class ReturnIn(api.InSerializer):
    reason = api.CharField(max_length=300)


@extend_schema_view(
    create=extend_schema(request=EnteredValueIn, responses={201: EnteredValueOut}),
    partial_update=extend_schema(request=EnteredValueIn, responses=EnteredValueOut),
)
class EnteredValueViewSet(api.ListFilterMixin, mixins.ListModelMixin,
                          mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Figures entered by the units of the caller's subtree; only confirmed ones count in the
    indicators "entered.<code>"."""

    queryset = EnteredValue.objects.none()
    serializer_class = EnteredValueOut
    filterset_class = EnteredValueFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[EnteredValue]:
        return entered_value_list(user=self.request.user)

    def _payload(self, serializer_class, *, partial: bool = False) -> dict:
        payload = serializer_class(data=self.request.data, partial=partial,
                                   context={"request": self.request})
        payload.is_valid(raise_exception=True)
        return dict(payload.validated_data)

    def _answer(self, entered: EnteredValue, code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=entered.pk)).data,
                        status=code)

    def create(self, request: Request) -> Response:
        entered = services.entered_value_create(actor=request.user,
                                                **self._payload(EnteredValueIn))
        return self._answer(entered, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        entered = self.get_object()
        data = self._payload(EnteredValueIn, partial=True)
        data.pop("indicator", None)  # a figure of the wrong indicator or unit is returned
        data.pop("unit", None)
        return self._answer(services.entered_value_update(actor=request.user, entered=entered,
                                                          data=data))

    @extend_schema(request=None, responses=EnteredValueOut)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str) -> Response:
        """An officer of the unit or a unit above it, not the person who entered the figure,
        confirms it: from then on it counts."""
        entered = self.get_object()
        return self._answer(services.entered_value_confirm(actor=request.user, entered=entered))

    @extend_schema(request=ReturnIn, responses=EnteredValueOut)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request: Request, pk: str) -> Response:
        """Returns the figure to its unit with a reason (also a confirmed one found wrong)."""
        entered = self.get_object()
        reason = self._payload(ReturnIn)["reason"]
        return self._answer(services.entered_value_return(actor=request.user, entered=entered,
                                                          reason=reason))


class EnteredIndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """Which entered indicators exist, who enters them (reference data, army-wide)."""

    queryset = EnteredIndicator.objects.all()
    serializer_class = EnteredIndicatorOut

"""REST helpers shared by every app: pagination, structured Vietnamese errors and the input
fields whose messages come from our catalogue (DRF's Vietnamese catalogue is nearly empty)."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.db.models import QuerySet
from django.http import Http404
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_filters import ModelChoiceFilter, ModelMultipleChoiceFilter
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, pagination, serializers, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler


class Pagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 1000
    invalid_page_message = _("There is no page {page_number}: pages are numbered from 1 to "
                             "the last page of the list (see count and next).")


class ListFilterMixin:
    """Query filters narrow lists only: a detail URL answers for any object the user may see
    (ItemFilter, for one, shows held items unless asked otherwise)."""

    action: str

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)  # type: ignore[misc]


# Input fields. Their messages are our own msgids (or Django's, which ship in Vietnamese), so
# every error a client sees is translated by locale/vi; DRF's Vietnamese catalogue is nearly
# empty.

REQUIRED = {"required": _("This field is required."), "null": _("This field is required.")}


class InSerializer(serializers.Serializer):
    """Base of the `<Action>In` serializers."""

    default_error_messages = {
        "invalid": _("Send the data as a JSON object with the fields the API documentation lists."),
    }


class VisibleRelatedField(serializers.PrimaryKeyRelatedField):
    """An id among the rows the requesting user may see (`Model.objects.visible_to(user)`).

    Any other id, existing or not, gets the same "does not exist" answer, so the message
    never confirms that a record outside the user's subtree exists. A model without scoping
    shows nothing — forgetting the scoping hides data rather than leaking it — unless the
    field is declared `shared=True` (army-wide reference data) or given its own `scope`
    (a function of the queryset and the user, e.g. users of the caller's subtree).
    """

    default_error_messages = REQUIRED

    def __init__(self, queryset: QuerySet, *, shared: bool = False,
                 scope: Callable[[QuerySet, Any], QuerySet] | None = None, **kwargs: Any) -> None:
        self.shared = shared
        self.scope = scope
        super().__init__(queryset=queryset, **kwargs)

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset()
        if self.shared:
            return queryset
        request = self.context.get("request")
        if request is None:
            return queryset.none()
        if self.scope is not None:
            return self.scope(queryset, request.user)
        if not hasattr(queryset, "visible_to"):
            return queryset.none()
        return queryset.visible_to(request.user)

    def to_internal_value(self, data: Any) -> Any:
        try:
            if isinstance(data, bool):  # True would otherwise match the row with id 1
                raise TypeError
            return self.get_queryset().get(pk=data)
        except (ObjectDoesNotExist, TypeError, ValueError):
            model = self.queryset.model
            raise serializers.ValidationError(
                gettext("There is no %(record)s with id %(id)s among the records you can see.")
                % {"record": model._meta.verbose_name, "id": str(data)[:40]},
                code="does_not_exist",
            ) from None


class DateField(serializers.DateField):
    default_error_messages = {
        **REQUIRED,
        "invalid": _("Enter a valid date as YYYY-MM-DD or DD/MM/YYYY."),
    }


class QuantityField(serializers.DecimalField):
    """A quantity as the ledger stores it, sent and received as a string ("12.500") so no
    precision is lost."""

    default_error_messages = {
        **REQUIRED,
        "invalid": _("Enter a number."),
        "max_digits": _("Enter a number with at most 15 digits before the decimal point."),
        "max_whole_digits": _("Enter a number with at most 15 digits before the decimal point."),
        "max_decimal_places": _("Enter a number with at most 3 decimal places."),
        "min_value": _("Enter a number of at least {min_value}."),
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_digits=18, decimal_places=3, **kwargs)


class IntegerField(serializers.IntegerField):
    default_error_messages = {
        **REQUIRED,
        "invalid": _("Enter a whole number."),
        "min_value": _("Enter a whole number of at least {min_value}."),
        "max_value": _("Enter a whole number of at most {max_value}."),
    }


class ChoiceField(serializers.ChoiceField):
    default_error_messages = {
        **REQUIRED,
        "invalid_choice": _("“{input}” is not one of the allowed values."),
    }


class CharField(serializers.CharField):
    default_error_messages = {
        **REQUIRED,
        "blank": _("This field is required."),
        "max_length": _("Enter at most {max_length} characters."),
    }


LIST_ERRORS = {"not_a_list": _("Send a list.")}


def query_params(serializer_class: type[serializers.Serializer], request: Any) -> dict:
    """The validated query string of a GET endpoint; bad values answer 400, a unit outside
    the caller's reach 404."""
    payload = serializer_class(data=request.query_params, context={"request": request})
    if not payload.is_valid():
        fields = payload.fields
        if any(_names_a_unit(fields[name]) for name in payload.errors if name in fields):
            raise Http404
        raise exceptions.ValidationError(payload.errors)
    return dict(payload.validated_data)


def _is_unit_model(model: Any) -> bool:
    # core imports no app: the unit model is known by its label
    return model is not None and model._meta.label == "org.Unit"


def _names_a_unit(field: Any) -> bool:
    queryset = getattr(field, "queryset", None)
    return isinstance(field, serializers.RelatedField) and queryset is not None and \
        _is_unit_model(queryset.model)


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend with one convention for every list: a `unit` (or any unit
    filter) naming a unit outside the caller's reach, or no unit at all, answers 404 as a
    detail URL would, never a 400 that tells the unit exists; other bad values answer 400."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            for name in filterset.errors:
                spec = filterset.filters.get(name)
                if isinstance(spec, ModelChoiceFilter | ModelMultipleChoiceFilter) and \
                        _is_unit_model(getattr(spec.queryset, "model", None)):
                    raise Http404
            if self.raise_exception:
                raise exceptions.ValidationError(filterset.errors)
            return queryset.none()
        return filterset.qs


# Errors

# DRF's own messages for these are English only.
FIXED_MESSAGES = {
    exceptions.NotAuthenticated: _(
        "Sign in first: send the header “Authorization: Token "
        "<your token>” or use a signed-in session."
    ),
    exceptions.AuthenticationFailed: _(
        "The API token or the session is not valid; sign in again or ask for a new token."
    ),
    exceptions.ParseError: _("The request body is not valid JSON; check it and send it again."),
    exceptions.UnsupportedMediaType: _(
        "Send the request body as JSON (Content-Type: application/json)."
    ),
}


def exception_handler(exc, context):
    """Every error is `{"detail": "...", "errors": {...}, "code": "..."}` in the user's language.

    Django's ValidationError (raised by services) becomes a 400; without this DRF answers 500.
    """
    if isinstance(exc, RequestDataTooBig):
        # Django's own answer is its HTML "400 Bad Request" page.
        message = gettext("The request body is larger than %(size)s MB; send less data per "
                          "request (split the lines over several documents).") % {
            "size": formats.number_format(settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1048576, 1)}
        return Response({"detail": message, "errors": {}, "code": "too_large"},
                        status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, IntegrityError | DataError):
        # A rule the database enforces and no service checked first: the request is refused
        # with a message, not a 500 (the transaction of the request is already rolled back).
        exc = exceptions.ValidationError({"non_field_errors": [
            gettext("The data breaks a rule of the records (a required value is missing or a "
                    "value is already used); check the fields and send it again.")]})
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(exc, exceptions.ValidationError):
        errors = data if isinstance(data, dict) else {"non_field_errors": data}
        body = {"detail": _first_message(errors), "errors": errors, "code": "invalid"}
    else:
        detail = data.get("detail", "") if isinstance(data, dict) else str(data)
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        for exc_class, message in FIXED_MESSAGES.items():
            if isinstance(exc, exc_class):
                detail = message
        body = {"detail": str(detail), "errors": {}, "code": code}
    return Response(body, status=response.status_code, headers=response.headers)


def _first_message(errors: Any) -> str:
    """The first message of a nested error structure ({"lines": [{"quantity": [...]}]})."""
    if isinstance(errors, dict):
        for value in errors.values():
            message = _first_message(value)
            if message:
                return message
        return ""
    if isinstance(errors, list):
        for value in errors:
            message = _first_message(value)
            if message:
                return message
        return ""
    return str(errors)


# Reference lists


def reference_viewset(model: type, fields: list[str], *, doc: str = "") -> type:
    """A read-only list of a reference table (kinds, classes, levels: the same for the whole
    army), so every id an input field asks for can be looked up. Rows keep the table's order;
    `q` is not offered: these lists are short."""
    names = ["id", *(name for name in fields if name != "id")]
    meta = type("Meta", (), {"model": model, "fields": names, "read_only_fields": names})
    # A coded value is given as it is stored, without an enum in the schema (the same choice
    # sets are named by the resources that take them).
    plain = {field.name: (serializers.IntegerField if field.get_internal_type().endswith(
        "IntegerField") else serializers.CharField)(read_only=True)
        for field in model._meta.fields if field.name in names and field.choices}
    out = type(f"{model.__name__}RefOut", (serializers.ModelSerializer,), {"Meta": meta, **plain})
    # Imported here: DRF's generic views read DEFAULT_FILTER_BACKENDS, which is in this module.
    from rest_framework import mixins, viewsets

    class ReferenceViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
        queryset = model._default_manager.all()
        serializer_class = out
        filter_backends: list = []
        pagination_class = None

    ReferenceViewSet.__name__ = f"{model.__name__}ReferenceViewSet"
    ReferenceViewSet.__doc__ = doc or str(model._meta.verbose_name_plural).capitalize()
    return ReferenceViewSet

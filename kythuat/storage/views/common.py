"""Helpers shared by the storage screens."""

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kythuat.core.forms import add_service_error, filters_in_words
from kythuat.core.htmx import redirect_after_post
from kythuat.core.xlsx import Column, export_response
from kythuat.org.models import Unit, User
from kythuat.org.selectors import default_unit, unit_from_request

from ..models import Facility


def visible_facility(user: User, pk: int) -> Facility:
    facilities = Facility.objects.visible_to(user).select_related("owner_unit", "kind",
                                                                  "standard")
    return get_object_or_404(facilities, pk=pk)


def visible(queryset: QuerySet, user: User, pk: int) -> Model:
    return get_object_or_404(queryset.visible_to(user), pk=pk)


def checked_unit(request: HttpRequest) -> Unit | None:
    """The `unit` filter of a list: 404 when it names a unit outside the user's subtree."""
    value = request.GET.get("unit")
    return unit_from_request(request.user, value) if value else None  # type: ignore[arg-type]


def export_info(request: HttpRequest, form, count: int) -> list[tuple[str, Any]]:
    unit = checked_unit(request) or default_unit(request.user)  # type: ignore[arg-type]
    return [
        (_("Unit"), unit.name),
        (_("Date"), timezone.localdate().strftime("%d/%m/%Y")),
        (_("Filters"), filters_in_words(form, exclude=("unit",)) or _("none")),
        (_("Number of rows"), count),
    ]


def xlsx_response(*, title: str, name: str, info: Sequence[tuple[str, Any]],
                  columns: Sequence[Column], rows: Iterable[Sequence[Any]]) -> FileResponse:
    return export_response("xlsx", title=title, name=name, info=info, columns=columns,
                           rows=rows)


def list_query(request: HttpRequest) -> str:
    """The request's query without its page, for export links and pagination."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def record_form(request: HttpRequest, *, form, facility: Facility, save: Callable[[dict], Any],
                success: str, **context: Any) -> HttpResponse:
    """A facility's record form: a valid form goes to `save` (a service call); its errors show
    under the fields, success returns to the facility's page."""
    if form.is_valid():
        try:
            save(dict(form.cleaned_data))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, success)
            return redirect_after_post(request, facility.get_absolute_url())
    return render(request, "storage/record_form.html",
                  {"form": form, "facility": facility, **context})

"""Helpers shared by the storage screens."""

import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Model, QuerySet
from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kythuat.core.xlsx import XLSX_TYPE, Column, list_xlsx
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


def filters_in_words(form, *, exclude: tuple[str, ...] = ("unit",)) -> str:
    """The filters a form applied, as "Label: value; …" for the header of an export."""
    if not form.is_valid():
        return ""
    parts = []
    for name, value in form.cleaned_data.items():
        if name in exclude or value in (None, "", [], ()):
            continue
        field = form.fields[name]
        if hasattr(value, "strftime"):
            shown = value.strftime("%d/%m/%Y")
        elif hasattr(field, "choices") and not hasattr(field, "queryset"):
            shown = str(dict(field.choices).get(value, value))
        else:
            shown = str(value)
        parts.append(f"{field.label}: {shown}")
    return "; ".join(parts)


def export_info(request: HttpRequest, form, count: int) -> list[tuple[str, Any]]:
    unit = checked_unit(request) or default_unit(request.user)  # type: ignore[arg-type]
    return [
        (_("Unit"), unit.name),
        (_("Date"), timezone.localdate().strftime("%d/%m/%Y")),
        (_("Filters"), filters_in_words(form) or _("none")),
        (_("Number of rows"), count),
    ]


def xlsx_response(*, title: str, name: str, info: Sequence[tuple[str, Any]],
                  columns: Sequence[Column], rows: Iterable[Sequence[Any]]) -> FileResponse:
    data = list_xlsx(title=title, info=info, columns=columns, rows=rows)
    stem = slugify(name.replace("đ", "d").replace("Đ", "D"))
    filename = f"{stem}-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=filename,
                        content_type=XLSX_TYPE)


def list_query(request: HttpRequest) -> str:
    """The request's query without its page, for export links and pagination."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()

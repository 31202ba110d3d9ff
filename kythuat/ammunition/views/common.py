"""Helpers shared by the ammunition screens."""

import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from kythuat.core.forms import filters_in_words
from kythuat.core.text import file_slug
from kythuat.core.types import AuthedRequest
from kythuat.core.xlsx import XLSX_TYPE, Column, list_xlsx
from kythuat.holdings.models import Lot
from kythuat.org.models import Unit
from kythuat.org.selectors import unit_from_request


def visible_lot(request: AuthedRequest, pk: int) -> Lot:
    lots = Lot.objects.visible_to(request.user).select_related("type", "type__branch")
    return get_object_or_404(lots, pk=pk)


def screen_unit(request: AuthedRequest) -> Unit:
    """The `unit` parameter (404 outside the user's subtree), else the user's unit."""
    return unit_from_request(request.user, request.GET.get("unit"))


def cleaned(form) -> dict:
    return form.cleaned_data if form.is_valid() else {}


def qty(value: Decimal | None) -> Any:
    if value is None:
        return 0
    return int(value) if value == value.to_integral_value() else value.normalize()


def xlsx_response(*, title: str, unit: Unit, form, count: int, columns: Sequence[Column],
                  rows: Iterable[Sequence[Any]], stem: str) -> FileResponse:
    info = [
        (_("Unit"), unit.name),
        (_("Date"), timezone.localdate().strftime("%d/%m/%Y")),
        (_("Filters"), filters_in_words(form, exclude=("unit",)) or _("none")),
        (_("Number of rows"), count),
    ]
    data = list_xlsx(title=title, info=info, columns=columns, rows=rows)
    name = f"{file_slug(stem)}-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=name,
                        content_type=XLSX_TYPE)

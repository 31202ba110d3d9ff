"""Helpers shared by the maintenance screens."""

import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import FileResponse
from django.utils import timezone

from kythuat.core.text import file_slug
from kythuat.core.xlsx import XLSX_TYPE, Column, list_xlsx
from kythuat.org.models import Unit
from kythuat.org.selectors import default_unit, unit_from_request


def chosen_unit(request, form) -> Unit:
    """The unit of the screen: the filter's (404 outside the subtree), else the user's."""
    if request.GET.get("unit"):
        return unit_from_request(request.user, request.GET["unit"])
    return default_unit(request.user)


def xlsx_response(*, name: str, title: str, info: Sequence[tuple[str, Any]],
                  columns: Sequence[Column], rows: Iterable[Sequence[Any]]) -> FileResponse:
    data = list_xlsx(title=title, info=info, columns=columns, rows=rows)
    filename = f"{file_slug(name)}-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=filename,
                        content_type=XLSX_TYPE)

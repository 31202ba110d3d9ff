"""Helpers shared by the vehicle screens."""

import io
from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.http import FileResponse
from django.utils import timezone

from kythuat.core.forms import filters_in_words
from kythuat.core.text import file_slug
from kythuat.core.types import AuthedRequest
from kythuat.core.xlsx import XLSX_TYPE, Column, list_xlsx
from kythuat.org.models import Unit
from kythuat.org.selectors import unit_from_request


def request_unit(request: AuthedRequest) -> Unit:
    """The `unit` parameter (404 outside the user's subtree), defaulting to the user's unit."""
    return unit_from_request(request.user, request.GET.get("unit"))


def bound(form: forms.Form) -> dict:
    """The valid part of a GET form."""
    if not form.is_bound:
        return {}
    form.is_valid()
    return getattr(form, "cleaned_data", {})


def today_text() -> str:
    return timezone.localdate().strftime("%d/%m/%Y")


def xlsx_response(*, title: str, filename: str, unit: Unit, form: forms.Form | None,
                  columns: Sequence[str], rows: Iterable[Sequence[Any]],
                  extra: Sequence[tuple[str, Any]] = ()) -> FileResponse:
    from django.utils.translation import gettext as _

    info = [(_("Unit"), unit.name), (_("Date"), today_text()), *extra]
    if form is not None:
        info.append((_("Filters"), filters_in_words(form, exclude=("unit",)) or _("none")))
    data = list_xlsx(title=title, info=info, columns=[Column(str(c)) for c in columns],
                     rows=rows)
    name = f"{file_slug(filename)}-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=name,
                        content_type=XLSX_TYPE)

"""A work order's technicians (named on its page, with the staffing warning) and the work
order printed as its phiếu công việc in Word."""

import io

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from kythuat.core.htmx import redirect_after_post
from kythuat.core.text import file_slug
from kythuat.core.types import AuthedRequest
from kythuat.org import permissions
from kythuat.people.models import Person

from ..models import WorkOrder
from ..services import technician_warnings, work_order_technicians_set
from ..services.technicians import eligible_technicians
from ..word import technician_rows, work_order_docx

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class TechniciansForm(forms.Form):
    technicians = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Technicians"), queryset=Person.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=gettext_lazy("People of the unit or of the facility doing the work."))

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["technicians"].queryset = queryset
        self.fields["technicians"].label_from_instance = lambda p: f"{p} — {p.unit.name}"


def technicians_context(request: AuthedRequest, order: WorkOrder) -> dict:
    """The part of the work order page about its technicians."""
    can_edit = permissions.can_draft(request.user, order.unit)
    form = None
    if can_edit:
        form = TechniciansForm(queryset=eligible_technicians(user=request.user,
                                                             work_order=order),
                               initial={"technicians": list(order.technicians.all())})
    return {"technicians": technician_rows(order), "staffing_warnings":
            technician_warnings(order), "technicians_form": form}


def _visible(request: AuthedRequest, pk: int) -> WorkOrder:
    return get_object_or_404(WorkOrder.objects.visible_to(request.user).select_related(
        "unit", "facility__owner_unit__parent", "repair_level", "maintenance_kind",
        "created_by"), pk=pk)


@login_required
@require_POST
def work_order_technicians(request: AuthedRequest, pk: int) -> HttpResponse:
    order = _visible(request, pk)
    if not permissions.can_draft(request.user, order.unit):
        raise PermissionDenied(_("You may not change this work order."))
    form = TechniciansForm(request.POST, queryset=eligible_technicians(
        user=request.user, work_order=order))
    if not form.is_valid():
        messages.error(request, _("Choose the technicians from the list."))
        return redirect_after_post(request, order.get_absolute_url())
    try:
        work_order_technicians_set(actor=request.user, work_order=order,
                                   technicians=form.cleaned_data["technicians"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Technicians saved."))
        for warning in technician_warnings(order):
            messages.warning(request, warning.message)
    return redirect_after_post(request, order.get_absolute_url())


@login_required
@require_GET
def work_order_word(request: AuthedRequest, pk: int) -> FileResponse:
    order = _visible(request, pk)
    data = work_order_docx(order)
    name = f"{file_slug(_('work order'))}-{file_slug(order.number)}.docx"
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=name,
                        content_type=DOCX_TYPE)


urlpatterns = [
    path("work-orders/<int:pk>/technicians/", work_order_technicians,
         name="work-order-technicians"),
    path("work-orders/<int:pk>/word/", work_order_word, name="work-order-word"),
]

"""Inspections of facilities: the list, and a facility's forms to record, change and close."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from kythuat.core.pagination import paginate
from kythuat.core.types import AuthedRequest
from kythuat.core.xlsx import Column
from kythuat.org import permissions
from kythuat.org.models import User

from .. import selectors, services
from ..filters import InspectionFilter
from ..forms import InspectionCloseForm, InspectionForm
from ..models import Facility, Inspection
from .common import (
    checked_unit,
    export_info,
    list_query,
    record_form,
    visible,
    visible_facility,
    xlsx_response,
)


def _ensure_can_write(user: User, facility: Facility) -> None:
    if not permissions.can_post(user, facility.owner_unit):
        raise PermissionDenied(
            _("Only an officer of %(unit)s or a unit above it may record and close the "
              "inspections of its facilities.") % {"unit": facility.owner_unit.name})


def _visible_inspection(user: User, pk: int) -> Inspection:
    return visible(Inspection.objects.select_related("facility__owner_unit", "facility__kind"),
                   user, pk)


@login_required
@vary_on_headers("HX-Request")
@require_http_methods(["GET"])
def inspection_list(request: AuthedRequest) -> HttpResponse:
    checked_unit(request)
    filterset = InspectionFilter(request.GET, user=request.user)
    inspections = selectors.inspection_list(user=request.user, filters=request.GET)
    context = {"form": filterset.form, "page": paginate(request, inspections),
               "today": timezone.localdate(), "query": list_query(request)}
    template = "storage/_inspection_rows.html" if request.htmx else "storage/inspection_list.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET"])
def inspection_export(request: AuthedRequest) -> FileResponse:
    checked_unit(request)
    filterset = InspectionFilter(request.GET, user=request.user)
    inspections = selectors.inspection_list(user=request.user, filters=request.GET)
    today = timezone.localdate()

    def state(inspection: Inspection) -> str:
        if inspection.is_overdue(today):
            return _("overdue for fixes")
        return _("open (fixes pending)") if inspection.is_open else _("closed (fixed)")

    rows = ([i.inspected_on, i.facility.code, i.facility.name, i.facility.owner_unit.name,
             i.inspector, i.findings, i.fix_deadline, state(i), i.closed_on,
             i.closed_by.get_full_name() or i.closed_by.username if i.closed_by else "",
             i.closing_note] for i in inspections.iterator(chunk_size=2000))
    columns = [Column(_("Inspection date")), Column(_("Facility code")), Column(_("Facility")),
               Column(_("Owner unit")), Column(_("Inspector")), Column(_("Findings"), width=50),
               Column(_("Deadline for fixes")), Column(_("State")), Column(_("Closing date")),
               Column(_("Fixes confirmed by")), Column(_("Closing note"))]
    return xlsx_response(title=_("Facility inspections"), name=_("inspections"),
                         info=export_info(request, filterset.form, inspections.count()),
                         columns=columns, rows=rows)


@login_required
@require_http_methods(["GET", "POST"])
def inspection_create(request: AuthedRequest, pk: int) -> HttpResponse:
    facility = visible_facility(request.user, pk)
    _ensure_can_write(request.user, facility)
    form = InspectionForm(request.POST or None, initial={"inspected_on": timezone.localdate()})
    return record_form(
        request, form=form, facility=facility, title=_("New inspection"),
        save=lambda data: services.inspection_create(actor=request.user, facility=facility,
                                                     **data),
        success=_("The inspection was recorded."))


@login_required
@require_http_methods(["GET", "POST"])
def inspection_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    inspection = _visible_inspection(request.user, pk)
    facility = inspection.facility
    _ensure_can_write(request.user, facility)
    initial = {name: getattr(inspection, name) for name in services.inspections.INSPECTION_FIELDS}
    form = InspectionForm(request.POST or None, initial=initial)
    return record_form(
        request, form=form, facility=facility, title=_("Edit inspection"),
        save=lambda data: services.inspection_update(actor=request.user, inspection=inspection,
                                                     data=data),
        success=_("The inspection was saved."))


@login_required
@require_http_methods(["GET", "POST"])
def inspection_close(request: AuthedRequest, pk: int) -> HttpResponse:
    inspection = _visible_inspection(request.user, pk)
    facility = inspection.facility
    _ensure_can_write(request.user, facility)
    form = InspectionCloseForm(request.POST or None)
    return record_form(
        request, form=form, facility=facility, inspection=inspection,
        title=_("Close the inspection of %(date)s") % {
            "date": f"{inspection.inspected_on:%d/%m/%Y}"},
        save=lambda data: services.inspection_close(actor=request.user, inspection=inspection,
                                                    **data),
        success=_("The inspection was closed."))

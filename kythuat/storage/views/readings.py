"""Storage-condition readings: the log, recording a reading, acknowledging one out of limits."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from kythuat.core.forms import add_service_error
from kythuat.core.htmx import redirect_after_post
from kythuat.core.pagination import paginate
from kythuat.core.types import AuthedRequest
from kythuat.core.xlsx import Column
from kythuat.org import permissions
from kythuat.org.models import Role

from .. import selectors, services
from ..filters import ReadingFilter
from ..forms import AcknowledgeForm, ReadingForm
from ..models import ConditionReading
from .common import checked_unit, export_info, list_query, visible, visible_facility, xlsx_response


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


@login_required
@vary_on_headers("HX-Request")
@require_http_methods(["GET"])
def reading_list(request: AuthedRequest) -> HttpResponse:
    checked_unit(request)
    filterset = ReadingFilter(request.GET, user=request.user)
    readings = selectors.reading_list(user=request.user, filters=request.GET)
    context = {"form": filterset.form, "page": paginate(request, readings),
               "query": list_query(request),
               "can_acknowledge": request.user.has_role(Role.OFFICER)}
    template = "storage/_reading_rows.html" if request.htmx else "storage/reading_list.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET"])
def reading_export(request: AuthedRequest) -> FileResponse:
    checked_unit(request)
    filterset = ReadingFilter(request.GET, user=request.user)
    readings = selectors.reading_list(user=request.user, filters=request.GET)
    yes, no = _("yes"), _("no")
    rows = ([timezone.localtime(r.taken_at).strftime("%d/%m/%Y %H:%M"), r.facility.code,
             r.facility.name, r.facility.owner_unit.name, r.temperature, r.humidity,
             r.min_temperature, r.max_temperature, r.max_humidity,
             yes if r.is_out_of_limits else no, _name(r.recorded_by), r.note,
             timezone.localtime(r.acknowledged_at).strftime("%d/%m/%Y %H:%M")
             if r.acknowledged_at else "", _name(r.acknowledged_by), r.acknowledgement_note]
            for r in readings.iterator(chunk_size=2000))
    columns = [Column(_("Taken at")), Column(_("Facility code")), Column(_("Facility")),
               Column(_("Owner unit")), Column(_("Temperature (°C)")), Column(_("Humidity (%)")),
               Column(_("Min. temperature (°C)")), Column(_("Max. temperature (°C)")),
               Column(_("Max. humidity (%)")), Column(_("Out of limits")),
               Column(_("Recorded by")), Column(_("Note")), Column(_("Acknowledged at")),
               Column(_("Acknowledged by")), Column(_("What was done"))]
    return xlsx_response(title=_("Storage condition log"), name=_("condition readings"),
                         info=export_info(request, filterset.form, readings.count()),
                         columns=columns, rows=rows)


@login_required
@require_http_methods(["GET", "POST"])
def reading_create(request: AuthedRequest, pk: int) -> HttpResponse:
    facility = visible_facility(request.user, pk)
    if not permissions.can_draft(request.user, facility.owner_unit):
        raise PermissionDenied(_("Only a clerk or an officer of %(unit)s or a unit above it may "
                                 "record readings.") % {"unit": facility.owner_unit.name})
    form = ReadingForm(request.POST or None)
    if form.is_valid():
        try:
            reading = services.reading_record(actor=request.user, facility=facility,
                                              **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if reading.is_out_of_limits:
                messages.warning(request, _("The reading was recorded. It is out of the "
                                            "facility's limits: an officer must acknowledge it."))
            else:
                messages.success(request, _("The reading was recorded."))
            return redirect_after_post(request, facility.get_absolute_url())
    context = {"form": form, "facility": facility, "title": _("New reading"),
               "limits": facility.limits()}
    return render(request, "storage/record_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def reading_acknowledge(request: AuthedRequest, pk: int) -> HttpResponse:
    reading = visible(ConditionReading.objects.select_related("facility__owner_unit"),
                      request.user, pk)
    facility = reading.facility
    if not permissions.can_post(request.user, facility.owner_unit):
        raise PermissionDenied(_("Only an officer of %(unit)s or a unit above it may acknowledge "
                                 "readings.") % {"unit": facility.owner_unit.name})
    form = AcknowledgeForm(request.POST or None)
    if form.is_valid():
        try:
            services.reading_acknowledge(actor=request.user, reading=reading,
                                         **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The reading was acknowledged."))
            target = request.POST.get("next", "")
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = facility.get_absolute_url()
            return redirect_after_post(request, target)
    context = {"form": form, "facility": facility, "reading": reading,
               "next": request.GET.get("next") or request.POST.get("next", ""),
               "title": _("Acknowledge a reading out of limits")}
    return render(request, "storage/record_form.html", context)

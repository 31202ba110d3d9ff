"""The facility list, its export, a facility's page and its forms."""

from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, Sum
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from kythuat.core.forms import add_service_error
from kythuat.core.htmx import redirect_after_post
from kythuat.core.pagination import paginate
from kythuat.core.quick_select import quick_filters
from kythuat.core.types import AuthedRequest
from kythuat.core.xlsx import Column
from kythuat.org import permissions
from kythuat.org.models import Role

from .. import selectors, services
from ..filters import FacilityFilter, overdue, unacknowledged
from ..forms import FacilityForm
from ..models import Facility
from ..sections import FACILITY_PAGE
from .common import export_info, list_query, visible_facility, xlsx_response

EMBED_LIMIT = 20  # facilities shown on a unit's page; the rest are one click away
DETAIL_ROWS = 10  # records of each kind shown on a facility's page


def _quantity(value: Decimal) -> Any:
    return int(value) if value == value.to_integral_value() else value.normalize()


@login_required
@vary_on_headers("HX-Request")
def facility_list(request: AuthedRequest) -> HttpResponse:
    filterset = FacilityFilter(request.GET, user=request.user)
    facilities = selectors.facility_list(user=request.user, filters=request.GET)
    form = quick_filters(filterset.form, request.user)  # not every unit as an option
    context = {"form": form, "can_create": request.user.has_role(Role.OFFICER),
               "query": list_query(request)}
    if request.htmx and request.GET.get("embed"):
        unit = form.cleaned_data.get("unit") if form.is_valid() else None
        context.update(
            {
                "facilities": facilities[:EMBED_LIMIT],
                "count": facilities.count(),
                "unit": unit,
                "create_url": f"{reverse('storage:facility-create')}?unit={unit.pk}"
                if permissions.can_post(request.user, unit)
                else "",
            }
        )
        return render(request, "storage/_facility_embed.html", context)
    context["page"] = paginate(request, facilities)
    template = "storage/_facility_rows.html" if request.htmx else "storage/facility_list.html"
    return render(request, template, context)


def _number(value: Decimal | None) -> Any:
    return None if value is None else _quantity(value)


@login_required
@require_http_methods(["GET"])
def facility_export(request: AuthedRequest) -> FileResponse:
    filterset = FacilityFilter(request.GET, user=request.user)
    facilities = selectors.facility_list(user=request.user, filters=request.GET)
    yes, no = _("yes"), _("no")
    rows = (
        [f.code, f.name, f.kind.name, f.owner_unit.name, f.location, f.get_status_display(),
         _number(f.capacity), f.capacity_uom, f.standard.name if f.standard else "",
         f.safety_radius_m, yes if f.has_fire_equipment else no, f.fire_equipment,
         yes if f.has_lightning_protection else no, f.lightning_protection]
        for f in facilities.iterator(chunk_size=2000)
    )
    columns = [Column(_("Code")), Column(_("Name")), Column(_("Facility kind")),
               Column(_("Owner unit")),
               Column(_("Location")), Column(_("Status")), Column(_("Capacity")),
               Column(_("Capacity unit")), Column(_("Standard met")),
               Column(_("Safety radius (m)")), Column(_("Fire-fighting equipment")),
               Column(_("Details")), Column(_("Lightning protection")), Column(_("Details"))]
    return xlsx_response(title=_("Facilities"), name=_("facilities"),
                         info=export_info(request, filterset.form, facilities.count()),
                         columns=columns, rows=rows)


def _links(facility: Facility) -> dict[str, str]:
    """The lists filtered to this facility."""
    owner = {"unit": facility.owner_unit_id, "facility": facility.pk}
    only = {"facility": facility.pk}
    return {
        "items": f"{reverse('holdings:item-list')}?{urlencode(only)}",
        "balances": f"{reverse('holdings:balance-list')}?{urlencode(owner)}",
        "investments": f"{reverse('storage:investment-list')}?{urlencode(only)}",
        "inspections": f"{reverse('storage:inspection-list')}?{urlencode(only)}",
        "readings": f"{reverse('storage:reading-list')}?{urlencode(only)}",
    }


@login_required
def facility_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    facility = visible_facility(request.user, pk)
    investments = facility.investments.select_related("funding_source")
    inspections = facility.inspections.select_related("closed_by")
    readings = facility.readings.select_related("recorded_by", "acknowledged_by")
    can_edit = permissions.can_post(request.user, facility.owner_unit)
    context = {
        "facility": facility,
        "sections": FACILITY_PAGE.build(facility, request),
        "can_edit": can_edit,
        "can_record": permissions.can_draft(request.user, facility.owner_unit),
        "limits": facility.limits(),
        "links": _links(facility),
        "investments": investments[:DETAIL_ROWS],
        "invested": investments.aggregate(total=Sum("cost_vnd"), n=Count("pk")),
        "inspections": inspections[:DETAIL_ROWS],
        "inspection_counts": inspections.aggregate(
            open=Count("pk", filter=Q(closed_on__isnull=True)),
            overdue=Count("pk", filter=Q(pk__in=overdue(inspections).values("pk")))),
        "readings": readings[:DETAIL_ROWS],
        "unacknowledged": unacknowledged(readings).count(),
    }
    return render(request, "storage/facility_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def facility_create(request: AuthedRequest) -> HttpResponse:
    if not request.user.has_role(Role.OFFICER):
        raise PermissionDenied(_("Only an officer may add facilities."))
    initial = {"owner_unit": request.GET.get("unit") or request.user.unit_id,
               "status": Facility.Status.IN_USE, "logs_conditions": True}
    form = FacilityForm(request.POST or None, initial=initial, user=request.user, creating=True)
    if form.is_valid():
        try:
            facility = services.facility_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Facility %(name)s created.") % {"name": facility.name})
            return redirect_after_post(request, facility.get_absolute_url())
    return render(request, "storage/facility_form.html", {"form": form, "title": _("New facility")})


@login_required
@require_http_methods(["GET", "POST"])
def facility_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    facility = visible_facility(request.user, pk)
    if not permissions.can_post(request.user, facility.owner_unit):
        raise PermissionDenied(
            _("Only an officer of %(unit)s or a unit above it may change its facilities.")
            % {"unit": facility.owner_unit.name}
        )
    # The form works on its own copy: the service compares the stored row with the new data.
    form = FacilityForm(
        request.POST or None,
        instance=visible_facility(request.user, pk),
        user=request.user,
        creating=False,
    )
    if form.is_valid():
        try:
            services.facility_update(
                actor=request.user, facility=facility, data=dict(form.cleaned_data)
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Facility %(name)s saved.") % {"name": facility.name})
            return redirect_after_post(request, facility.get_absolute_url())
    context = {
        "form": form,
        "facility": facility,
        "title": _("Edit %(name)s") % {"name": facility.name},
    }
    return render(request, "storage/facility_form.html", context)

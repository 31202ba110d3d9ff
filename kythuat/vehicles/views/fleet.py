"""Vehicle list and page (registration, drivers), and the driver screens."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Subquery
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from kythuat.core.forms import add_service_error
from kythuat.core.htmx import redirect_after_post
from kythuat.core.pagination import paginate
from kythuat.core.quick_select import quick_filters
from kythuat.core.types import AuthedRequest
from kythuat.holdings.kept import paginate_kept_order
from kythuat.holdings.models import Item
from kythuat.org import permissions
from kythuat.org.models import Role, User

from .. import selectors, services
from ..forms import (
    AssignmentForm,
    DriverFilterForm,
    DriverForm,
    RegistrationForm,
    VehicleFilterForm,
)
from ..models import Accident, Conversion, Driver, DriverAssignment, Registration, Trip
from .common import bound, request_unit, xlsx_response

RECENT = 10  # rows of each history shown on the vehicle page


def _vehicles(request: AuthedRequest):
    unit = request_unit(request)
    form = VehicleFilterForm(request.GET or None, user=request.user, initial={"unit": unit.pk})
    data = bound(form)
    items = selectors.vehicle_list(user=request.user, unit=data.get("unit") or unit,
                                   q=data.get("q", ""), plate_type=data.get("plate_type"),
                                   type=data.get("type"))
    driver = DriverAssignment.objects.filter(item=OuterRef("pk"), ended_on__isnull=True)
    items = items.annotate(driver_name=Subquery(driver.values("driver__person__full_name")[:1]),
                           driver_expires=Subquery(driver.values("driver__licence_expires_on")[:1]))
    return unit, form, items


@login_required
@vary_on_headers("HX-Request")
def vehicle_list(request: AuthedRequest) -> HttpResponse:
    unit, form, items = _vehicles(request)
    quick_filters(form, request.user)  # not every unit of the subtree as an option
    # The order (each unit's registered vehicles first) needs every vehicle of the subtree:
    # kept until the next write, so a page of a military region reads its 50 rows by id.
    page = paginate_kept_order(request, items, "vehicles",
                               lambda ids: items.filter(pk__in=ids))
    context = {"form": form, "unit": unit, "page": page, "today": timezone.localdate()}
    template = "vehicles/_vehicle_rows.html" if request.htmx else "vehicles/vehicle_list.html"
    return render(request, template, context)


@login_required
@require_GET
def vehicle_export(request: AuthedRequest):
    unit, form, items = _vehicles(request)
    columns = [_("Plate number"), _("Plate type"), _("Model"), _("Serial number"),
               _("Year of manufacture"), _("Unit"), _("Grade"), _("Status"), _("Driver")]
    rows = ([v.plate or "", v.plate_type_name or "", v.type.symbol, v.serial,
             v.manufactured_year, v.unit.name, v.grade, v.get_status_display(),
             v.driver_name or ""] for v in items.iterator(chunk_size=2000))
    return xlsx_response(title=_("Vehicles"), filename=_("vehicles"), unit=unit, form=form,
                         columns=columns, rows=rows)


def visible_vehicle(user: User, pk: int) -> Item:
    items = selectors.vehicles(Item.objects.visible_to(user)).select_related("type", "unit")
    return get_object_or_404(items, pk=pk)


def _vehicle_context(request: AuthedRequest, item: Item, **forms) -> dict:
    user = request.user
    today = timezone.localdate()
    year_start = dt.date(today.year, 1, 1)
    usage = selectors.usage_by_vehicle(user=user, unit=item.unit, start=year_start, end=today,
                                       item=item)
    can_post = permissions.can_post(user, item.unit)
    can_draft = permissions.can_draft(user, item.unit)
    context = {
        "item": item,
        "registrations": Registration.objects.filter(item=item).select_related("plate_type"),
        "assignments": DriverAssignment.objects.filter(item=item).select_related(
            "driver__licence_class", "driver__person")[:RECENT],
        "trips": Trip.objects.visible_to(user).filter(item=item).select_related(
            "driver__person")[:RECENT],
        "accidents": Accident.objects.visible_to(user).filter(item=item).select_related(
            "driver__person")[:RECENT],
        "conversions": Conversion.objects.visible_to(user).filter(item=item).select_related(
            "programme", "facility"),
        "norm": getattr(item.type, "fuel_norm", None),
        "usage": usage[0] if usage else None,
        "year": today.year,
        "today": today,
        "can_post": can_post,
        "can_draft": can_draft,
        "registration_form": forms.get("registration_form") or (
            RegistrationForm(initial={"registered_on": today}) if can_post else None),
        "assignment_form": forms.get("assignment_form") or (
            AssignmentForm(user=user, initial={"started_on": today}) if can_draft else None),
    }
    current = [r for r in context["registrations"] if r.ended_on is None]
    context["registration"] = current[0] if current else None
    return context


@login_required
def vehicle_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    item = visible_vehicle(request.user, pk)
    return render(request, "vehicles/vehicle_detail.html", _vehicle_context(request, item))


@login_required
@require_POST
def registration_create(request: AuthedRequest, pk: int) -> HttpResponse:
    item = visible_vehicle(request.user, pk)
    if not permissions.can_post(request.user, item.unit):
        raise PermissionDenied(_("Only an officer of the unit may register its vehicles."))
    form = RegistrationForm(request.POST)
    if form.is_valid():
        try:
            services.registration_create(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Vehicle registered."))
            return redirect_after_post(request, _url(item))
    context = _vehicle_context(request, item, registration_form=form)
    return render(request, "vehicles/vehicle_detail.html", context, status=400)


@login_required
@require_POST
def assignment_create(request: AuthedRequest, pk: int) -> HttpResponse:
    item = visible_vehicle(request.user, pk)
    if not permissions.can_draft(request.user, item.unit):
        raise PermissionDenied(_("You may not assign drivers to this vehicle."))
    form = AssignmentForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.assignment_create(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Driver assigned."))
            return redirect_after_post(request, _url(item))
    context = _vehicle_context(request, item, assignment_form=form)
    return render(request, "vehicles/vehicle_detail.html", context, status=400)


def _url(item: Item) -> str:
    from django.urls import reverse

    return reverse("vehicles:vehicle-detail", args=[item.pk])


# Drivers -------------------------------------------------------------------------------------

def _drivers(request: AuthedRequest):
    unit = request_unit(request)
    form = DriverFilterForm(request.GET or None, user=request.user, initial={"unit": unit.pk})
    data = bound(form)
    drivers = selectors.driver_list(user=request.user, unit=data.get("unit") or unit,
                                    q=data.get("q", ""), expired=data.get("expired", False))
    return unit, form, drivers


@login_required
@vary_on_headers("HX-Request")
def driver_list(request: AuthedRequest) -> HttpResponse:
    unit, form, drivers = _drivers(request)
    context = {"form": form, "unit": unit, "page": paginate(request, drivers),
               "can_create": request.user.has_role(Role.CLERK)}
    template = "vehicles/_driver_rows.html" if request.htmx else "vehicles/driver_list.html"
    return render(request, template, context)


@login_required
@require_GET
def driver_export(request: AuthedRequest):
    unit, form, drivers = _drivers(request)
    columns = [_("Full name"), _("Rank"), _("Unit"), _("Licence number"), _("Licence class"),
               _("Licence issued on"), _("Licence expires on"), _("Licence"), _("Active")]
    rows = ([d.full_name, d.rank, d.unit.name, d.licence_number, d.licence_class.code,
             d.licence_issued_on, d.licence_expires_on,
             _("expired") if d.licence_expired else _("valid"), _("yes") if d.is_active
             else _("no")] for d in drivers.iterator(chunk_size=2000))
    return xlsx_response(title=_("Drivers"), filename=_("drivers"), unit=unit, form=form,
                         columns=columns, rows=rows)


def _visible_driver(user: User, pk: int) -> Driver:
    return get_object_or_404(Driver.objects.visible_to(user).select_related(
        "unit", "licence_class", "person"), pk=pk)


@login_required
def driver_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    driver = _visible_driver(request.user, pk)
    context = {
        "driver": driver,
        "assignments": driver.assignments.filter(item__in=Item.objects.visible_to(
            request.user)).select_related("item__type"),
        "trips": Trip.objects.visible_to(request.user).filter(driver=driver).select_related(
            "item__type")[:20],
        "accidents": Accident.objects.visible_to(request.user).filter(
            driver=driver).select_related("item__type"),
        "can_edit": permissions.can_draft(request.user, driver.unit),
    }
    return render(request, "vehicles/driver_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def driver_create(request: AuthedRequest) -> HttpResponse:
    if not request.user.has_role(Role.CLERK):
        raise PermissionDenied(_("Only a clerk or an officer may add drivers."))
    initial = {"unit": request.GET.get("unit") or request.user.unit_id}
    form = DriverForm(request.POST or None, initial=initial, user=request.user, creating=True)
    if form.is_valid():
        try:
            driver = services.driver_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Driver %(name)s added.") % {"name": driver.full_name})
            return redirect_after_post(request, driver.get_absolute_url())
    return render(request, "vehicles/form.html", {"form": form, "title": _("New driver"),
                                                  "back": "vehicles:driver-list"})


@login_required
@require_http_methods(["GET", "POST"])
def driver_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    driver = _visible_driver(request.user, pk)
    if not permissions.can_draft(request.user, driver.unit):
        raise PermissionDenied(_("You may not change this driver."))
    form = DriverForm(request.POST or None, instance=_visible_driver(request.user, pk),
                      user=request.user, creating=False)
    if form.is_valid():
        try:
            services.driver_update(actor=request.user, driver=driver,
                                   data=dict(form.cleaned_data))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Driver %(name)s saved.") % {"name": driver.full_name})
            return redirect_after_post(request, driver.get_absolute_url())
    return render(request, "vehicles/form.html", {
        "form": form, "title": _("Edit %(name)s") % {"name": driver.full_name},
        "back": "vehicles:driver-list"})

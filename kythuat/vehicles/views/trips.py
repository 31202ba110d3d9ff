"""Trip log, fuel against norm and km an toàn, fuel norms."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from kythuat.core.forms import add_service_error
from kythuat.core.htmx import redirect_after_post
from kythuat.core.pagination import paginate
from kythuat.core.querystring import id_param
from kythuat.core.text import fold
from kythuat.core.types import AuthedRequest
from kythuat.holdings.models import Item
from kythuat.org import permissions
from kythuat.org.models import Role
from kythuat.org.querysets import subtree_ids

from .. import selectors, services
from ..forms import FuelNormForm, TripFilterForm, TripForm, UsageForm, vehicle_types
from ..models import FuelNorm, Trip
from .common import bound, request_unit, xlsx_response


def _trips(request: AuthedRequest):
    unit = request_unit(request)
    form = TripFilterForm(request.GET or None, user=request.user, initial={"unit": unit.pk})
    data = bound(form)
    trips = Trip.objects.visible_to(request.user).filter(
        unit__in=subtree_ids(data.get("unit") or unit))
    if data.get("start"):
        trips = trips.filter(trip_date__gte=data["start"])
    if data.get("end"):
        trips = trips.filter(trip_date__lte=data["end"])
    if vehicle := request.GET.get("vehicle", "").strip():
        trips = trips.filter(item_id=int(vehicle) if vehicle.isdigit() else 0)
    if text := data.get("q", "").strip():
        folded = fold(text)
        trips = trips.filter(Q(order_number__icontains=text) | Q(route__icontains=text)
                             | Q(item__search_text__contains=folded))
    trips = trips.select_related("item__type", "driver__person", "unit")
    return unit, form, trips


@login_required
@vary_on_headers("HX-Request")
def trip_list(request: AuthedRequest) -> HttpResponse:
    unit, form, trips = _trips(request)
    totals = trips.aggregate(km=Sum("km"), fuel=Sum("fuel_litres"))
    context = {"form": form, "unit": unit, "page": paginate(request, trips), "totals": totals,
               "can_create": request.user.has_role(Role.CLERK)}
    template = "vehicles/_trip_rows.html" if request.htmx else "vehicles/trip_list.html"
    return render(request, template, context)


@login_required
@require_GET
def trip_export(request: AuthedRequest):
    unit, form, trips = _trips(request)
    columns = [_("Dispatch order number"), _("Trip date"), _("Model"), _("Serial number"),
               _("Unit"), _("Driver"), _("Route"), _("Km driven"), _("Fuel issued (litres)"),
               _("Note")]
    rows = ([t.order_number, t.trip_date, t.item.type.symbol, t.item.serial, t.unit.name,
             str(t.driver), t.route, t.km, t.fuel_litres, t.note]
            for t in trips.iterator(chunk_size=2000))
    return xlsx_response(title=_("Trip log"), filename=_("trips"), unit=unit, form=form,
                         columns=columns, rows=rows)


@login_required
@require_http_methods(["GET", "POST"])
def trip_create(request: AuthedRequest) -> HttpResponse:
    if not request.user.has_role(Role.CLERK):
        raise PermissionDenied(_("Only a clerk or an officer may record trips."))
    initial: dict = {"item": request.GET.get("vehicle")}
    if (vehicle := request.GET.get("vehicle", "")).isdigit():
        item = selectors.vehicles(Item.objects.visible_to(request.user)).filter(
            pk=int(vehicle)).first()
        driver = selectors.current_driver(item) if item else None
        if driver is not None and not driver.licence_expired:
            initial["driver"] = driver.pk
    form = TripForm(request.POST or None, user=request.user, initial=initial)
    if form.is_valid():
        try:
            trip = services.trip_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Trip %(number)s recorded.")
                             % {"number": trip.order_number})
            return redirect_after_post(request, reverse("vehicles:vehicle-detail",
                                                        args=[trip.item_id]))
    return render(request, "vehicles/form.html", {"form": form, "title": _("New trip"),
                                                  "back": "vehicles:trip-list"})


# Fuel against norm and km an toàn ---------------------------------------------------------------

def _usage(request: AuthedRequest):
    unit = request_unit(request)
    form = UsageForm(request.GET or None, user=request.user, initial={"unit": unit.pk})
    data = bound(form)
    unit = data.get("unit") or unit
    start, end = form.period()
    if not form.is_bound:
        form = UsageForm(user=request.user, initial={"unit": unit.pk, "start": start, "end": end})
    by = data.get("by") or "vehicle"
    chooser = selectors.usage_by_unit if by == "unit" else selectors.usage_by_vehicle
    rows = chooser(user=request.user, unit=unit, start=start, end=end)
    return unit, form, rows, start, end, by


@login_required
def usage_report(request: AuthedRequest) -> HttpResponse:
    unit, form, rows, start, end, by = _usage(request)
    context = {"form": form, "unit": unit, "rows": rows, "start": start, "end": end, "by": by,
               "total": selectors.usage_total(rows, unit)}
    return render(request, "vehicles/usage_report.html", context)


@login_required
@require_GET
def usage_export(request: AuthedRequest):
    unit, _form, rows, start, end, by = _usage(request)
    columns = [_("Vehicle") if by == "vehicle" else _("Unit"), _("Unit"), _("Trips"),
               _("Km driven"), _("Fuel issued (litres)"), _("Fuel by norm (litres)"),
               _("Difference (litres)"), _("Difference (%)"), _("Litres per 100 km"),
               _("Accidents"), _("Safe km")]
    total = selectors.usage_total(rows, unit)
    lines = [[r.label, r.unit.name, r.trips, r.km, r.fuel, r.norm_fuel, r.deviation,
              r.deviation_percent, r.rate, r.accidents, r.safe_km] for r in rows]
    lines.append([_("Total"), unit.name, total.trips, total.km, total.fuel, total.norm_fuel,
                  total.deviation, total.deviation_percent, total.rate, total.accidents,
                  total.safe_km])
    period = f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"
    return xlsx_response(title=_("Fuel against norm and safe km"), filename=_("fuel-safe-km"),
                         unit=unit, form=None, columns=columns, rows=lines,
                         extra=[(_("Period"), period)])


# Fuel norms ------------------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def norm_list(request: AuthedRequest) -> HttpResponse:
    """The norms of the vehicle types the user sees; officers set them on the same page."""
    can_edit = permissions.can_manage_catalog(request.user)
    types = vehicle_types(request.user)
    norms = FuelNorm.objects.filter(type__in=types).select_related("type__owner_unit")
    if request.method == "POST" and not can_edit:
        raise PermissionDenied(_("Only an officer may change the fuel norms."))
    editable = set(types.filter(permissions.type_data_editable(request.user)).values_list(
        "pk", flat=True)) if can_edit else set()
    initial = {}
    if (chosen := id_param(request.GET.get("type"))) is not None:
        norm = norms.filter(type_id=chosen).first()
        initial = {"type": chosen} | ({"litres_per_100km": norm.litres_per_100km,
                                            "tank_litres": norm.tank_litres,
                                            "source": norm.source} if norm else {})
    form = FuelNormForm(request.POST or None, user=request.user, initial=initial) \
        if can_edit else None
    if form is not None and request.method == "POST":
        # The form validates the fields only: the service creates or updates the row.
        chosen_type = request.POST.get("type", "")
        form.instance = (norms.filter(type_id=int(chosen_type)).first()
                         if chosen_type.isdigit() else None) or FuelNorm()
        if form.is_valid():
            data = {k: form.cleaned_data[k] for k in ("type", "litres_per_100km", "tank_litres",
                                                      "source")}
            try:
                services.fuel_norm_set(actor=request.user, **data)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Fuel norm of %(type)s saved.")
                                 % {"type": data["type"].symbol})
                return redirect_after_post(request, reverse("vehicles:norm-list"))
    without = types.exclude(pk__in=norms.values("type_id"))
    return render(request, "vehicles/norm_list.html", {
        "norms": norms, "without": without, "form": form, "can_edit": can_edit,
        "editable": editable})


class DeleteForm(forms.Form):
    reason = forms.CharField(label=_lazy("Reason"), max_length=300,
                             help_text=_lazy("Why the record is wrong, e.g. entered twice."))


@login_required
@require_http_methods(["GET", "POST"])
def trip_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    trip = get_object_or_404(Trip.objects.visible_to(request.user).select_related(
        "item__type", "unit", "driver__person"), pk=pk)
    if not permissions.can_post(request.user, trip.unit):
        raise PermissionDenied(_("Only an officer of the unit may delete its records."))
    form = DeleteForm(request.POST or None)
    if form.is_valid():
        try:
            services.trip_delete(actor=request.user, trip=trip, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Trip %(number)s deleted.")
                             % {"number": trip.order_number})
            return redirect_after_post(request, reverse("vehicles:vehicle-detail",
                                                        args=[trip.item_id]))
    return render(request, "vehicles/confirm_delete.html", {
        "form": form, "record": f"{trip} — {trip.item} — {trip.route}",
        "back": reverse("vehicles:vehicle-detail", args=[trip.item_id]),
        "title": _("Delete trip %(number)s") % {"number": trip.order_number}})

"""Facility screens: depots, stations, workshops, gun cabinets … of the user's subtree."""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from kythuat.core.forms import add_service_error
from kythuat.core.htmx import redirect_after_post
from kythuat.core.pagination import paginate
from kythuat.core.text import fold
from kythuat.core.types import AuthedRequest
from kythuat.holdings.models import Balance
from kythuat.org import permissions
from kythuat.org.models import Role, User
from kythuat.org.querysets import subtree_ids

from . import services
from .forms import FacilityFilterForm, FacilityForm
from .models import Facility

EMBED_LIMIT = 20  # facilities shown on a unit's page; the rest are one click away


def _quantity(value: Decimal) -> Any:
    return int(value) if value == value.to_integral_value() else value.normalize()


def _visible_facility(user: User, pk: int) -> Facility:
    facilities = Facility.objects.visible_to(user).select_related("owner_unit", "kind")
    return get_object_or_404(facilities, pk=pk)


@login_required
@vary_on_headers("HX-Request")
def facility_list(request: AuthedRequest) -> HttpResponse:
    facilities = Facility.objects.visible_to(request.user).select_related("owner_unit", "kind")
    form = FacilityFilterForm(request.GET, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        if text := fold(data["q"]):
            facilities = facilities.filter(search_text__contains=text)
        if data["unit"]:
            facilities = facilities.filter(owner_unit__in=subtree_ids(data["unit"]))
        if data["kind"]:
            facilities = facilities.filter(kind=data["kind"])
        if data["status"]:
            facilities = facilities.filter(status=data["status"])
    context = {"form": form, "can_create": request.user.has_role(Role.OFFICER)}
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


@login_required
def facility_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    facility = _visible_facility(request.user, pk)
    held = (
        Balance.objects.visible_to(request.user)
        .filter(facility=facility, quantity__gt=0)
        .values("type_id", "type__symbol", "type__name", "type__uom", "grade")
        .annotate(total=Sum("quantity"))
        .order_by("type__name", "grade")
    )
    page = paginate(request, held)
    for row in page.object_list:
        row["total"] = _quantity(row["total"])
    context = {
        "facility": facility,
        "page": page,
        "can_edit": permissions.can_post(request.user, facility.owner_unit),
    }
    return render(request, "storage/facility_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def facility_create(request: AuthedRequest) -> HttpResponse:
    if not request.user.has_role(Role.OFFICER):
        raise PermissionDenied(_("Only an officer may add facilities."))
    initial = {"owner_unit": request.GET.get("unit") or request.user.unit_id}
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
    facility = _visible_facility(request.user, pk)
    if not permissions.can_post(request.user, facility.owner_unit):
        raise PermissionDenied(
            _("Only an officer of %(unit)s or a unit above it may change its facilities.")
            % {"unit": facility.owner_unit.name}
        )
    # The form works on its own copy: the service compares the stored row with the new data.
    form = FacilityForm(
        request.POST or None,
        instance=_visible_facility(request.user, pk),
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

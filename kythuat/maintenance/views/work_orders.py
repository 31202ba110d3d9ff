"""Work orders: list, export, open, page, close."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from kythuat.core.forms import add_service_error, filters_in_words
from kythuat.core.htmx import redirect_after_post
from kythuat.core.pagination import paginate
from kythuat.core.quick_select import quick_filters
from kythuat.core.types import AuthedRequest
from kythuat.core.xlsx import Column
from kythuat.holdings.models import Item
from kythuat.org import permissions
from kythuat.org.models import Role
from kythuat.org.querysets import subtree_ids

from .. import services
from ..forms import PartFormSet, WorkOrderCloseForm, WorkOrderFilterForm, WorkOrderOpenForm
from ..models import WorkOrder
from .common import chosen_unit, xlsx_response
from .technicians import technicians_context


def _orders(request: AuthedRequest) -> tuple[WorkOrderFilterForm, QuerySet[WorkOrder]]:
    form = WorkOrderFilterForm(request.GET or None, user=request.user)
    unit = chosen_unit(request, form)
    orders = (WorkOrder.objects.visible_to(request.user)
              .select_related("unit", "facility", "maintenance_kind", "repair_level")
              .annotate(line_count=Count("lines")))
    if request.GET.get("unit"):
        orders = orders.filter(unit__in=subtree_ids(unit))
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            orders = orders.filter(number__icontains=data["q"].strip())
        for field in ("status", "category", "repair_level"):
            if data[field]:
                orders = orders.filter(**{field: data[field]})
        if data["opened_from"]:
            orders = orders.filter(opened_on__gte=data["opened_from"])
        if data["opened_to"]:
            orders = orders.filter(opened_on__lte=data["opened_to"])
    return form, orders.order_by("-opened_on", "-id")


@login_required
@vary_on_headers("HX-Request")
@require_http_methods(["GET"])
def work_order_list(request: AuthedRequest) -> HttpResponse:
    form, orders = _orders(request)
    quick_filters(form, request.user)  # not every unit of the subtree as an option
    context = {"form": form, "page": paginate(request, orders),
               "can_open": request.user.has_role(Role.CLERK)}
    template = ("maintenance/_work_order_rows.html" if request.htmx
                else "maintenance/work_order_list.html")
    return render(request, template, context)


@login_required
@require_http_methods(["GET"])
def work_order_export(request: AuthedRequest):
    form, orders = _orders(request)
    columns = [Column(_("Number")), Column(_("Unit holding the equipment")),
               Column(_("Facility doing the work")), Column(_("Work")),
               Column(_("Opened on")), Column(_("Closed on")), Column(_("Status")),
               Column(_("Equipment lines")), Column(_("Labour hours")), Column(_("Cost (VND)")),
               Column(_("Result"))]

    def values():
        for order in orders.iterator(chunk_size=2000):
            yield [order.number, order.unit.name, order.facility.name, order.work_label,
                   order.opened_on, order.closed_on, order.get_status_display(),
                   order.line_count, order.labour_hours, order.cost, order.result]

    info = [(_("Unit"), chosen_unit(request, form).name),
            (_("Date"), timezone.localdate().strftime("%d/%m/%Y")),
            (_("Filters"), filters_in_words(form, exclude=("unit",)) or _("none")),
            (_("Rows"), orders.count())]
    return xlsx_response(name=_("work orders"), title=_("Work orders"), info=info,
                         columns=columns, rows=values())


@login_required
@require_http_methods(["GET", "POST"])
def work_order_create(request: AuthedRequest) -> HttpResponse:
    if not request.user.has_role(Role.CLERK):
        raise PermissionDenied(_("Your role does not allow opening work orders."))
    initial = {"unit": request.user.unit_id}
    if request.GET.get("item"):
        item = get_object_or_404(Item.objects.visible_to(request.user), pk=request.GET["item"])
        initial = {"unit": item.unit_id, "type": item.type_id, "serials": item.serial}
    form = WorkOrderOpenForm(request.POST or None, initial=initial, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        lines = [services.WorkLine(type=item.type, item=item) for item in data["items"]]
        try:
            order = services.work_order_open(
                actor=request.user, unit=data["unit"], facility=data["facility"],
                category=data["category"], maintenance_kind=data["maintenance_kind"],
                repair_level=data["repair_level"], opened_on=data["opened_on"],
                description=data["description"], lines=lines)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Work order %(number)s opened.")
                             % {"number": order.number})
            return redirect_after_post(request, order.get_absolute_url())
    return render(request, "maintenance/work_order_form.html", {"form": form})


def _visible_order(request: AuthedRequest, pk: int) -> WorkOrder:
    orders = WorkOrder.objects.visible_to(request.user).select_related(
        "unit", "facility", "facility__kind", "facility__owner_unit", "maintenance_kind",
        "repair_level", "consumption", "created_by", "closed_by", "parts_facility")
    return get_object_or_404(orders, pk=pk)


@login_required
@require_http_methods(["GET"])
def work_order_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    order = _visible_order(request, pk)
    lines = order.lines.select_related("type", "item", "lot", "grade_change", "usage_group")
    parts = order.parts.select_related("type", "lot", "usage_group")
    context = {"order": order, "lines": lines, "parts": parts,
               "can_close": order.is_open and permissions.can_post(request.user, order.unit),
               **technicians_context(request, order)}
    return render(request, "maintenance/work_order_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def work_order_close(request: AuthedRequest, pk: int) -> HttpResponse:
    order = _visible_order(request, pk)
    if not permissions.can_post(request.user, order.unit):
        raise PermissionDenied(_("Only an officer of %(unit)s or a unit above it may close this "
                                 "work order.") % {"unit": order.unit.name})
    data = request.POST if request.method == "POST" else None
    form = WorkOrderCloseForm(data, work_order=order)
    parts = PartFormSet(data, prefix="parts", form_kwargs={"user": request.user})
    if request.method == "POST" and form.is_valid() and parts.is_valid():
        cleaned = form.cleaned_data
        specs = [services.PartSpec(type=p["type"], quantity=p["quantity"], grade=p["grade"],
                                   usage_group=p["usage_group"])
                 for p in parts.cleaned_data if p.get("type")]
        try:
            services.work_order_close(
                actor=request.user, work_order=order, closed_on=cleaned["closed_on"],
                labour_hours=cleaned["labour_hours"] or 0, cost=cleaned["cost"] or 0,
                result=cleaned["result"], grades=form.grades(), parts=specs,
                parts_facility=cleaned["parts_facility"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Work order %(number)s closed.")
                             % {"number": order.number})
            return redirect_after_post(request, order.get_absolute_url())
    return render(request, "maintenance/work_order_close.html",
                  {"order": order, "form": form, "parts": parts})


urlpatterns = [
    path("work-orders/", work_order_list, name="work-order-list"),
    path("work-orders/export.xlsx", work_order_export, name="work-order-export"),
    path("work-orders/new/", work_order_create, name="work-order-create"),
    path("work-orders/<int:pk>/", work_order_detail, name="work-order-detail"),
    path("work-orders/<int:pk>/close/", work_order_close, name="work-order-close"),
]

"""The due and overdue list, the item page's maintenance panel, meter readings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
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
from kythuat.core.quick_select import near_units, quicken
from kythuat.core.types import AuthedRequest
from kythuat.core.xlsx import Column
from kythuat.holdings.models import Item
from kythuat.org import permissions

from .. import selectors, services
from ..forms import DueFilterForm, MeterReadingForm
from ..models import Meter
from .common import chosen_unit, xlsx_response


def _due(request: AuthedRequest):
    form = DueFilterForm(request.GET or None, user=request.user)
    near_units(form, request.user)  # not the 15,000 units of the army as options
    quicken(form)
    unit = chosen_unit(request, form)
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {"state": data["state"] or selectors.DueState.DUE, "q": data["q"],
                   "kind_id": data["kind"].pk if data["kind"] else None,
                   "type_id": data["type"].pk if data["type"] else None,
                   "branch_id": data["branch"].pk if data["branch"] else None}
    today = timezone.localdate()
    return form, unit, today, selectors.due_list(unit, today, **filters)


@login_required
@vary_on_headers("HX-Request")
@require_http_methods(["GET"])
def due_list(request: AuthedRequest) -> HttpResponse:
    form, unit, today, rows = _due(request)
    context = {"form": form, "unit": unit, "today": today, "page": paginate(request, rows)}
    template = "maintenance/_due_rows.html" if request.htmx else "maintenance/due_list.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET"])
def due_export(request: AuthedRequest):
    form, unit, today, rows = _due(request)
    columns = [Column(_("Unit")), Column(_("Equipment type")), Column(_("Symbol")),
               Column(_("Serial number")), Column(_("Grade")), Column(_("Maintenance kind")),
               Column(_("Last done")), Column(_("Due on")), Column(_("Days late")),
               Column(_("Used on the meter")), Column(_("Interval on the meter")),
               Column(_("Meter unit")), Column(_("Status"))]

    def values():
        for row in rows:
            yield [row.unit_name, row.type_name, row.symbol, row.serial, row.grade,
                   row.kind_name, row.last_done_on, row.due_on, row.days_late, row.meter_used,
                   row.interval_meter, row.meter_uom or "",
                   _("overdue") if row.is_overdue else _("due") if row.is_due else _("not due")]

    info = [(_("Unit"), unit.name), (_("Date"), today.strftime("%d/%m/%Y")),
            (_("Filters"), filters_in_words(form, exclude=("unit",)) or _("none")),
            (_("Rows"), rows.count())]
    return xlsx_response(name=_("maintenance due"), title=_("Maintenance due and overdue"),
                         info=info, columns=columns, rows=values())


def _visible_item(request: AuthedRequest, pk: int) -> Item:
    items = Item.objects.visible_to(request.user).select_related("type", "unit")
    return get_object_or_404(items, pk=pk)


@login_required
@require_http_methods(["GET"])
def item_panel(request: AuthedRequest, pk: int) -> HttpResponse:
    """The maintenance panel of an item's page (loaded by htmx)."""
    item = _visible_item(request, pk)
    context = {"item": item, "today": timezone.localdate(),
               "can_draft": permissions.can_draft(request.user, item.unit),
               **selectors.item_panel(user=request.user, item=item, today=timezone.localdate())}
    return render(request, "maintenance/_item_panel.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meter_reading_create(request: AuthedRequest, pk: int) -> HttpResponse:
    item = _visible_item(request, pk)
    if not permissions.can_draft(request.user, item.unit):
        raise PermissionDenied(_("Your role does not allow recording readings for %(unit)s.")
                               % {"unit": item.unit.name})
    form = MeterReadingForm(request.POST or None, initial={"kind": request.GET.get("kind")})
    if form.is_valid():
        try:
            services.meter_reading_record(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The reading was recorded."))
            return redirect_after_post(request, item.get_absolute_url())
    meters = Meter.objects.filter(item=item).select_related("kind")
    return render(request, "maintenance/meter_reading_form.html",
                  {"form": form, "item": item, "meters": meters})


@login_required
@require_http_methods(["GET"])
def meter_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    meter = get_object_or_404(Meter.objects.visible_to(request.user).select_related(
        "item", "item__type", "item__unit", "kind"), pk=pk)
    readings = meter.readings.select_related("recorded_by").order_by("-read_on", "-id")
    return render(request, "maintenance/meter_detail.html",
                  {"meter": meter, "page": paginate(request, readings),
                   "can_draft": permissions.can_draft(request.user, meter.item.unit)})


urlpatterns = [
    path("", due_list, name="due-list"),
    path("due/export.xlsx", due_export, name="due-export"),
    path("items/<int:pk>/panel/", item_panel, name="item-panel"),
    path("items/<int:pk>/readings/new/", meter_reading_create, name="meter-reading-create"),
    path("meters/<int:pk>/", meter_detail, name="meter-detail"),
]

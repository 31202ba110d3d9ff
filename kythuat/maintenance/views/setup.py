"""Maintenance plans per equipment type and the units' technical calendars."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kythuat.catalog.models import EquipmentType
from kythuat.core.forms import add_service_error, filters_in_words
from kythuat.core.htmx import redirect_after_post
from kythuat.core.pagination import paginate
from kythuat.core.text import fold
from kythuat.core.types import AuthedRequest
from kythuat.core.xlsx import Column
from kythuat.org import permissions
from kythuat.org.selectors import unit_from_request

from .. import selectors, services
from ..forms import CalendarEntryForm, PlanFilterForm, PlanForm, UnitPickForm
from ..models import CalendarEntry, MaintenancePlan
from .common import xlsx_response


def _plans(request: AuthedRequest) -> tuple[PlanFilterForm, QuerySet[MaintenancePlan]]:
    form = PlanFilterForm(request.GET or None)
    plans = MaintenancePlan.objects.filter(
        type__in=EquipmentType.objects.visible_to(request.user)).select_related(
        "type", "type__branch", "type__owner_unit", "kind", "meter_kind")
    if form.is_valid():
        data = form.cleaned_data
        if text := fold(data["q"]):
            plans = plans.filter(type__search_text__contains=text)
        if data["kind"]:
            plans = plans.filter(kind=data["kind"])
        if data["branch"]:
            plans = plans.filter(type__branch=data["branch"])
    return form, plans.order_by("type__name", "kind__order")


@login_required
@require_http_methods(["GET"])
def plan_list(request: AuthedRequest) -> HttpResponse:
    form, plans = _plans(request)
    page = paginate(request, plans)
    for plan in page.object_list:
        plan.can_edit = permissions.can_edit_type_data(request.user, plan.type.owner_unit)
    return render(request, "maintenance/plan_list.html", {
        "form": form, "page": page, "can_edit": permissions.can_manage_catalog(request.user)})


@login_required
@require_http_methods(["GET"])
def plan_export(request: AuthedRequest):
    form, plans = _plans(request)
    columns = [Column(_("Equipment type")), Column(_("Symbol")), Column(_("Technical branch")),
               Column(_("Maintenance kind")), Column(_("Every … months")),
               Column(_("Every … days")), Column(_("Every … on the meter")), Column(_("Meter")),
               Column(_("In use")), Column(_("Note"))]
    rows = ([p.type.name, p.type.symbol, p.type.branch.name, p.kind.name, p.interval_months,
             p.interval_days, p.interval_meter, p.meter_kind.uom if p.meter_kind else "",
             _("yes") if p.is_active else _("no"), p.note] for p in plans)
    info = [(_("Date"), timezone.localdate().strftime("%d/%m/%Y")),
            (_("Filters"), filters_in_words(form) or _("none"))]
    return xlsx_response(name=_("maintenance plans"), title=_("Maintenance plans"), info=info,
                         columns=columns, rows=rows)


def _ensure_catalog(request: AuthedRequest) -> None:
    if not permissions.can_manage_catalog(request.user):
        raise PermissionDenied(_("Only an officer may change the maintenance plans."))


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: AuthedRequest) -> HttpResponse:
    _ensure_catalog(request)
    form = PlanForm(request.POST or None, user=request.user,
                    initial={"type": request.GET.get("type")})
    if form.is_valid():
        try:
            services.plan_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The maintenance plan was saved."))
            return redirect_after_post(request, reverse("maintenance:plan-list"))
    return render(request, "maintenance/plan_form.html", {"form": form,
                                                          "title": _("New maintenance plan")})


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    _ensure_catalog(request)
    visible = MaintenancePlan.objects.filter(type__in=EquipmentType.objects.visible_to(
        request.user))
    plan = get_object_or_404(visible.select_related("type__owner_unit"), pk=pk)
    permissions.ensure_can_edit_type_data(request.user, plan.type.owner_unit)
    # The form gets its own copy: validating a ModelForm writes into its instance, and the
    # service must compare the new values with the stored ones to audit the changes.
    form = PlanForm(request.POST or None, instance=get_object_or_404(visible, pk=pk),
                    user=request.user)
    if form.is_valid():
        try:
            services.plan_update(actor=request.user, plan=plan, data=dict(form.cleaned_data))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The maintenance plan was saved."))
            return redirect_after_post(request, reverse("maintenance:plan-list"))
    return render(request, "maintenance/plan_form.html",
                  {"form": form, "plan": plan, "title": str(plan)})


# Technical calendar


@login_required
@require_http_methods(["GET"])
def calendar(request: AuthedRequest) -> HttpResponse:
    unit = unit_from_request(request.user, request.GET.get("unit"))
    today = timezone.localdate()
    entries = selectors.calendar_next(unit, today)
    upcoming = sorted({day for _entry, days in entries for day in days})[:10]
    agenda = [(day, [entry for entry, days in entries if day in days]) for day in upcoming]
    return render(request, "maintenance/calendar.html", {
        "unit": unit, "entries": entries, "agenda": agenda, "today": today,
        "unit_form": UnitPickForm(initial={"unit": unit.pk}, user=request.user),
        "can_edit": permissions.can_post(request.user, unit)})


@login_required
@require_http_methods(["GET", "POST"])
def calendar_create(request: AuthedRequest) -> HttpResponse:
    unit = unit_from_request(request.user, request.GET.get("unit") or request.POST.get("unit"))
    if not permissions.can_post(request.user, unit):
        raise PermissionDenied(_("Only an officer may change the technical calendar."))
    form = CalendarEntryForm(request.POST or None)
    if form.is_valid():
        try:
            services.calendar_entry_create(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The calendar entry was saved."))
            return redirect_after_post(request, f"{reverse('maintenance:calendar')}?unit={unit.pk}")
    return render(request, "maintenance/calendar_form.html",
                  {"form": form, "unit": unit, "title": _("New calendar entry")})


def _visible_entry(request: AuthedRequest, pk: int) -> CalendarEntry:
    return get_object_or_404(CalendarEntry.objects.visible_to(request.user).select_related(
        "unit"), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def calendar_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    entry = _visible_entry(request, pk)
    if not permissions.can_post(request.user, entry.unit):
        raise PermissionDenied(_("Only an officer may change the technical calendar."))
    form = CalendarEntryForm(request.POST or None, instance=_visible_entry(request, pk))
    if form.is_valid():
        try:
            services.calendar_entry_update(actor=request.user, entry=entry,
                                           data=dict(form.cleaned_data))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The calendar entry was saved."))
            return redirect_after_post(
                request, f"{reverse('maintenance:calendar')}?unit={entry.unit_id}")
    return render(request, "maintenance/calendar_form.html",
                  {"form": form, "unit": entry.unit, "entry": entry, "title": entry.name})


@login_required
@require_POST
def calendar_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    entry = _visible_entry(request, pk)
    unit_id = entry.unit_id
    services.calendar_entry_delete(actor=request.user, entry=entry)
    messages.success(request, _("The calendar entry was deleted."))
    return redirect(f"{reverse('maintenance:calendar')}?unit={unit_id}")


urlpatterns = [
    path("plans/", plan_list, name="plan-list"),
    path("plans/export.xlsx", plan_export, name="plan-export"),
    path("plans/new/", plan_create, name="plan-create"),
    path("plans/<int:pk>/edit/", plan_edit, name="plan-edit"),
    path("calendar/", calendar, name="calendar"),
    path("calendar/new/", calendar_create, name="calendar-create"),
    path("calendar/<int:pk>/edit/", calendar_edit, name="calendar-edit"),
    path("calendar/<int:pk>/delete/", calendar_delete, name="calendar-delete"),
]

"""The target screens: my unit's and my subordinates' targets with their progress, a target's
page (baseline, goal, actual, expected, status, chart, allocation, history), the Excel export
and the forms to assign, allocate, change and remove targets."""

import json
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from kythuat.core.forms import add_service_error, filters_in_words
from kythuat.core.htmx import redirect_after_post
from kythuat.core.pagination import paginate
from kythuat.core.types import AuthedRequest
from kythuat.core.xlsx import Column, export_info, export_response
from kythuat.org import permissions
from kythuat.org.models import Role
from kythuat.org.selectors import default_unit, unit_from_request

from . import selectors, services
from .filters import TargetFilter
from .forms import TargetAllocateForm, TargetAssignForm, TargetEditForm, visible_clauses
from .models import Target

EXPORT_LIMIT = 2000  # targets measured for one export (the nearest deadlines first)


def number(value: Decimal | None) -> Any:
    """A Decimal without its trailing zeros: 12.0000 → 12, 2.5000 → 2.5."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value.normalize()


def visible_target(request: AuthedRequest, pk: int) -> Target:
    targets = Target.objects.visible_to(request.user).select_related(
        "unit", "parent", "parent__unit", "clause", "clause__directive", "assigned_by")
    return get_object_or_404(targets, pk=pk)


def _list_query(request: AuthedRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
@vary_on_headers("HX-Request")
def target_list(request: AuthedRequest) -> HttpResponse:
    if request.GET.get("unit"):
        unit_from_request(request.user, request.GET["unit"])  # 404 outside the subtree
    filterset = TargetFilter(request.GET, user=request.user)
    targets = selectors.target_list(user=request.user, filters=request.GET)
    page = paginate(request, targets)
    page.object_list = selectors.with_progress(page.object_list)
    context = {"form": filterset.form, "page": page, "query": _list_query(request),
               "can_assign": request.user.has_role(Role.OFFICER)}
    template = "targets/_target_rows.html" if request.htmx else "targets/target_list.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET"])
def target_export(request: AuthedRequest) -> FileResponse:
    unit = (unit_from_request(request.user, request.GET["unit"]) if request.GET.get("unit")
            else default_unit(request.user))
    filterset = TargetFilter(request.GET, user=request.user)
    targets = selectors.target_list(user=request.user, filters=request.GET)
    rows = [
        [row.target.clause.directive.number_symbol, row.target.clause.number,
         row.indicator_name, row.target.unit.name,
         row.target.parent.unit.name if row.target.parent else "",
         row.target.start, row.target.deadline, row.unit_of_measure, number(row.target.baseline),
         number(row.target.goal), number(row.progress.actual), number(row.progress.percent),
         number(row.progress.expected_percent), row.progress.status_label]
        for row in selectors.with_progress(targets[:EXPORT_LIMIT])
    ]
    columns = [Column(_("Directive")), Column(_("Clause")), Column(_("Indicator")),
               Column(_("Assigned unit")), Column(_("Allocated from")), Column(_("Start")),
               Column(_("Deadline")), Column(_("Unit of measure")), Column(_("Baseline")),
               Column(_("Goal")), Column(_("Actual")), Column(_("Progress (%)")),
               Column(_("Expected by today (%)")), Column(_("Status"))]
    info = export_info(unit=unit.name, filters=filters_in_words(filterset.form,
                                                                exclude=("unit",)),
                       count=len(rows))
    return export_response("xlsx", title=_("Targets"), name=_("targets"), info=info,
                           columns=columns, rows=rows)


def _chart(target: Target) -> str:
    points = selectors.target_chart(target)
    if len(points) < 2:
        return ""
    goal = float(target.goal)
    config = {
        "type": "line",
        "data": {
            "labels": [point.day.strftime("%d/%m/%Y") for point in points],
            "datasets": [
                {"label": _("Actual"),
                 "data": [None if p.actual is None else float(p.actual) for p in points]},
                {"label": _("Expected (straight line)"),
                 "data": [float(p.expected) for p in points], "borderDash": [6, 4]},
                {"label": _("Goal"), "data": [goal] * len(points), "pointRadius": 0},
            ],
        },
        "options": {"plugins": {"legend": {"display": True}}, "responsive": True},
    }
    return json.dumps(config)


def _history(request: AuthedRequest, target: Target) -> list[tuple[Any, list[tuple]]]:
    """Audit events with the changed fields named as on the screen."""
    rows = []
    for event in selectors.target_history(user=request.user, target=target):
        changes = []
        if event.action == event.Action.CHANGED:
            for name, (old, new) in (event.changes or {}).items():
                try:
                    label = Target._meta.get_field(name).verbose_name
                except FieldDoesNotExist:
                    label = name
                changes.append((label, old, new))
        rows.append((event, changes))
    return rows


def _directive_url(target: Target) -> str:
    try:
        return target.clause.directive.get_absolute_url()
    except NoReverseMatch:  # the directive screens are not installed
        return ""


@login_required
def target_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    target = visible_target(request, pk)
    row = selectors.target_row(target)
    can_edit = permissions.can_assign_target(request.user, target.unit)
    context = {
        "target": target,
        "row": row,
        "progress": row.progress,
        "baseline_url": selectors.baseline_url(target) if row.indicator else "",
        "allocation": selectors.target_allocation(target),
        "chart": _chart(target),
        "events": _history(request, target),
        "directive_url": _directive_url(target),
        "can_edit": can_edit,
        "can_allocate": can_edit and target.unit.children.exists(),
        "can_delete": can_edit and not target.children.exists(),
        "today": timezone.localdate(),
        "parent_visible": target.parent is not None
        and permissions.can_view_unit(request.user, target.parent.unit),
    }
    return render(request, "targets/target_detail.html", context)


def _form_page(request: AuthedRequest, form, *, title: str, target: Target | None = None,
               partial: str = "targets/target_form.html") -> HttpResponse:
    return render(request, partial, {"form": form, "title": title, "target": target})


@login_required
@require_http_methods(["GET", "POST"])
def target_create(request: AuthedRequest) -> HttpResponse:
    if not request.user.has_role(Role.OFFICER):
        raise PermissionDenied(_("Only an officer may set targets."))
    initial = {"unit": request.GET.get("unit") or request.user.unit_id,
               "form": Target.Form.ABSOLUTE}
    clause = request.GET.get("clause")
    if clause and clause.isdigit() and visible_clauses(request.user).filter(pk=clause).exists():
        initial["clause"] = clause
    form = TargetAssignForm(request.POST or None, initial=initial, user=request.user)
    if form.is_valid():
        try:
            target = services.target_assign(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Target set for %(unit)s.") % {"unit": target.unit.name})
            return redirect_after_post(request, target.get_absolute_url())
    return _form_page(request, form, title=_("New target"))


@login_required
@require_http_methods(["GET", "POST"])
def target_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    target = visible_target(request, pk)
    permissions.ensure_can_assign_target(request.user, target.unit)
    form = TargetEditForm(request.POST or None, target=target)
    if form.is_valid():
        try:
            services.target_update(actor=request.user, target=visible_target(request, pk),
                                   data=form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Target saved."))
            return redirect_after_post(request, target.get_absolute_url())
    return _form_page(request, form, title=_("Change the target"), target=target)


@login_required
@require_http_methods(["GET", "POST"])
def target_allocate(request: AuthedRequest, pk: int) -> HttpResponse:
    target = visible_target(request, pk)
    permissions.ensure_can_assign_target(request.user, target.unit)
    form = TargetAllocateForm(request.POST or None, target=target)
    if form.is_valid():
        try:
            children = services.target_allocate(actor=request.user, target=target,
                                                shares=form.shares(),
                                                note=form.cleaned_data["note"])
        except ValidationError as error:
            add_service_error(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Target split among %(count)s subordinate units.")
                             % {"count": len(children)})
            return redirect_after_post(request, target.get_absolute_url())
    indicator = selectors.indicator_of(target)
    return render(request, "targets/target_allocate.html", {
        "form": form, "target": target, "title": _("Split the target among subordinates"),
        "unit_of_measure": indicator.unit if indicator else ""})


@login_required
@require_POST
def target_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    target = visible_target(request, pk)
    back = (target.parent.get_absolute_url()
            if target.parent and permissions.can_view_unit(request.user, target.parent.unit)
            else reverse("targets:target-list"))
    try:
        services.target_delete(actor=request.user, target=target)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect_after_post(request, target.get_absolute_url())
    messages.success(request, _("Target removed."))
    return redirect_after_post(request, back)

"""Disposal batches: list, create, the batch page with its lots and write-offs, approval."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from kythuat.core.forms import add_service_error
from kythuat.core.htmx import redirect_after_post
from kythuat.core.pagination import paginate
from kythuat.core.types import AuthedRequest
from kythuat.core.xlsx import Column
from kythuat.holdings.choices import LotStatus, MovementKind
from kythuat.holdings.models import Movement
from kythuat.org import permissions
from kythuat.org.models import Role
from kythuat.org.querysets import subtree_ids

from .. import selectors, services
from ..forms import BatchFilterForm, BatchForm, BatchLineForm, LinkForm, WriteOffForm
from ..models import DisposalBatch, DisposalLine
from ..services.disposal import covered_quantities, held_in
from .common import cleaned, qty, screen_unit, xlsx_response


def _batches(request: AuthedRequest):
    unit = screen_unit(request)
    form = BatchFilterForm(request.GET, user=request.user)
    batches = DisposalBatch.objects.within(unit).select_related("unit").annotate(
        lot_count=Count("lines"))
    if status := cleaned(form).get("status"):
        batches = batches.filter(status=status)
    return unit, form, batches.order_by("-decided_on", "-id")


@login_required
@vary_on_headers("HX-Request")
def batch_list(request: AuthedRequest) -> HttpResponse:
    unit, form, batches = _batches(request)
    context = {"form": form, "page": paginate(request, batches), "unit": unit,
               "query": request.GET.urlencode(),
               "can_create": request.user.has_role(Role.OFFICER)}
    template = "ammunition/_batch_rows.html" if request.htmx else "ammunition/batch_list.html"
    return render(request, template, context)


@login_required
@require_GET
def batch_export(request: AuthedRequest) -> FileResponse:
    unit, form, batches = _batches(request)
    columns = [Column(_("Decision date")), Column(_("Title")), Column(_("Decision")),
               Column(_("Unit")), Column(_("Lots")), Column(_("Status"))]
    rows = ([b.decided_on, b.title, b.decision_ref, b.unit.name, b.lot_count,
             b.get_status_display()] for b in batches.iterator(chunk_size=500))
    return xlsx_response(title=_("Disposal batches"), unit=unit, form=form,
                         count=batches.count(), columns=columns, rows=rows, stem="dot-tieu-huy")


def _visible_batch(request: AuthedRequest, pk: int) -> DisposalBatch:
    return get_object_or_404(DisposalBatch.objects.visible_to(request.user)
                             .select_related("unit", "approved_by"), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def batch_create(request: AuthedRequest) -> HttpResponse:
    if not request.user.has_role(Role.OFFICER):
        raise PermissionDenied(_("Only an officer may create a disposal batch."))
    initial = {"unit": request.GET.get("unit") or request.user.unit_id,
               "decided_on": timezone.localdate()}
    form = BatchForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.disposal_batch_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Disposal batch created; add its lots."))
            return redirect_after_post(request, batch.get_absolute_url())
    return render(request, "ammunition/batch_form.html",
                  {"form": form, "title": _("New disposal batch")})


@login_required
def batch_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    batch = _visible_batch(request, pk)
    lines = list(batch.lines.select_related("lot", "lot__type"))
    links = list(batch.write_offs.select_related("movement", "movement__from_unit")
                 .prefetch_related("movement__reversal"))
    covered = covered_quantities(batch, posted_only=True)
    for line in lines:
        line.shown = qty(line.quantity)
        line.done = qty(covered.get(line.lot_id, 0))
    can_edit = permissions.can_post(request.user, batch.unit)
    candidates = []
    if can_edit and batch.status == DisposalBatch.Status.DRAFT:
        in_batch = {line.lot_id for line in lines}
        pool = selectors.held_lots(batch.unit).filter(
            status__in=[LotStatus.ISOLATED, LotStatus.NORMAL]).select_related("type")
        expired = pool.filter(expiry_date__lt=timezone.localdate())
        for lot in (pool.filter(status=LotStatus.ISOLATED) | expired).distinct()[:30]:
            if lot.pk not in in_batch:
                lot.held = qty(held_in(batch.unit, lot))
                candidates.append(lot)
    context = {
        "batch": batch, "lines": lines, "links": links, "candidates": candidates,
        "can_edit": can_edit,
        "line_form": BatchLineForm(batch=batch) if can_edit else None,
        "write_off_form": WriteOffForm(batch=batch, user=request.user,
                                       initial={"unit": batch.unit.pk,
                                                "effective_date": timezone.localdate()}),
        "link_form": LinkForm(),
    }
    return render(request, "ammunition/batch_detail.html", context)


def _act(request: AuthedRequest, batch: DisposalBatch, action, success: str) -> HttpResponse:
    try:
        action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect_after_post(request, batch.get_absolute_url())


@login_required
@require_POST
def batch_approve(request: AuthedRequest, pk: int) -> HttpResponse:
    batch = _visible_batch(request, pk)
    return _act(request, batch,
                lambda: services.disposal_batch_approve(actor=request.user, batch=batch),
                _("Disposal batch approved; its lots may no longer be issued."))


@login_required
@require_POST
def batch_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    batch = _visible_batch(request, pk)
    try:
        services.disposal_batch_delete(actor=request.user, batch=batch)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect_after_post(request, batch.get_absolute_url())
    messages.success(request, _("Draft disposal batch deleted."))
    return redirect_after_post(request, reverse("ammunition:batch-list"))


@login_required
@require_POST
def batch_line_add(request: AuthedRequest, pk: int) -> HttpResponse:
    batch = _visible_batch(request, pk)
    form = BatchLineForm(request.POST, batch=batch)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect_after_post(request, batch.get_absolute_url())
    return _act(request, batch,
                lambda: services.disposal_line_add(actor=request.user, batch=batch,
                                                   **form.cleaned_data),
                _("Lot added to the batch."))


@login_required
@require_POST
def batch_line_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    lines = DisposalLine.objects.filter(batch__in=DisposalBatch.objects.visible_to(
        request.user).values("pk")).select_related("batch", "lot")
    line = get_object_or_404(lines, pk=pk)
    return _act(request, line.batch,
                lambda: services.disposal_line_remove(actor=request.user, line=line),
                _("Lot removed from the batch."))


@login_required
@require_POST
def batch_write_off(request: AuthedRequest, pk: int) -> HttpResponse:
    batch = _visible_batch(request, pk)
    form = WriteOffForm(request.POST, batch=batch, user=request.user)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect_after_post(request, batch.get_absolute_url())
    return _act(request, batch,
                lambda: services.disposal_write_off_create(actor=request.user, batch=batch,
                                                           **form.cleaned_data),
                _("Write-off drafted; check it and post it to carry out the disposal."))


@login_required
@require_POST
def batch_link(request: AuthedRequest, pk: int) -> HttpResponse:
    batch = _visible_batch(request, pk)
    form = LinkForm(request.POST)
    number = form.data.get("number", "").strip()
    movement = (Movement.objects.visible_to(request.user)
                .filter(kind=MovementKind.WRITE_OFF, number=number,
                        from_unit__in=subtree_ids(batch.unit)).first() if number else None)
    if movement is None:
        messages.error(request, _("No write-off numbered %(number)s in the batch's units.")
                       % {"number": number or "—"})
        return redirect_after_post(request, batch.get_absolute_url())
    return _act(request, batch,
                lambda: services.disposal_write_off_link(actor=request.user, batch=batch,
                                                         movement=movement),
                _("Write-off %(number)s linked to the batch.") % {"number": number})

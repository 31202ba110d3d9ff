"""Stocktake screens: list, create and edit, detail (committee, sheets, progress), start,
finish, approve, cancel, variances and downloads. Sheet entry is in sheet_views.py."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from kythuat.core.forms import add_service_error
from kythuat.core.htmx import redirect_after_post
from kythuat.core.pagination import paginate
from kythuat.core.text import file_slug
from kythuat.core.types import AuthedRequest
from kythuat.core.xlsx import XLSX_TYPE, Column, list_xlsx
from kythuat.jobs.services import job_submit
from kythuat.org import permissions
from kythuat.org.models import User
from kythuat.org.selectors import default_unit, unit_from_request

from . import jobs, selectors, services
from .forms import ApproveForm, MemberForm, StocktakeFilterForm, StocktakeForm
from .models import ROLE_ORDER, CommitteeMember, Stocktake
from .renderers import render_variance_xlsx

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def visible_stocktake(user: User, pk: int) -> Stocktake:
    return get_object_or_404(Stocktake.objects.visible_to(user).select_related(
        "unit", "unit__parent", "created_by", "approved_by"), pk=pk)


def file_response(content: bytes, name: str, content_type: str) -> FileResponse:
    return FileResponse(io.BytesIO(content), as_attachment=True, filename=name,
                        content_type=content_type)


def flash_errors(request: AuthedRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _filtered(request: AuthedRequest):
    unit = unit_from_request(request.user, request.GET.get("unit"))
    form = StocktakeFilterForm(request.GET or None, user=request.user,
                               initial={"unit": unit.pk})
    filters = form.cleaned_data if form.is_valid() else {}
    stocktakes = selectors.stocktake_list(user=request.user, filters=filters, unit=unit)
    return unit, form, stocktakes


@login_required
@vary_on_headers("HX-Request")
def stocktake_list(request: AuthedRequest) -> HttpResponse:
    unit, form, stocktakes = _filtered(request)
    context = {"form": form, "page": paginate(request, stocktakes), "unit": unit,
               "can_create": permissions.can_draft(request.user, unit)}
    template = "stocktake/_stocktake_rows.html" if request.htmx else \
        "stocktake/stocktake_list.html"
    return render(request, template, context)


@login_required
def stocktake_export(request: AuthedRequest) -> FileResponse:
    unit, _form, stocktakes = _filtered(request)
    columns = [Column(_("As at 0h of"), 12), Column(_("Title")), Column(_("Unit")),
               Column(_("Stocktake kind")), Column(_("Status")), Column(_("Decision")),
               Column(_("Lines counted")), Column(_("Lines"))]
    rows = ((s.as_of, s.title, s.unit.name, s.get_kind_display(), s.get_status_display(),
             s.decision_ref, s.counted_count, s.line_count) for s in stocktakes)
    data = list_xlsx(title=_("Stocktakes"), info=[(_("Unit"), unit.name),
                                                  (_("Date"), timezone.localdate().strftime(
                                                      "%d/%m/%Y"))],
                     columns=columns, rows=rows)
    return file_response(data, file_slug(_("stocktakes")) + ".xlsx", XLSX_TYPE)


@login_required
@require_http_methods(["GET", "POST"])
def stocktake_create(request: AuthedRequest) -> HttpResponse:
    unit = default_unit(request.user)
    if not permissions.can_draft(request.user, unit):
        raise PermissionDenied(_("Only a clerk or an officer may set up a stocktake."))
    today = timezone.localdate()
    initial = {"unit": request.GET.get("unit") or unit.pk, "kind": Stocktake.Kind.PERIODIC,
               "as_of": today.replace(month=1, day=1)}
    form = StocktakeForm(request.POST or None, initial=initial, user=request.user,
                         creating=True)
    if form.is_valid():
        try:
            stocktake = services.stocktake_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Stocktake created; now name its committee."))
            return redirect_after_post(request, stocktake.get_absolute_url())
    return render(request, "stocktake/stocktake_form.html",
                  {"form": form, "title": _("New stocktake")})


@login_required
@require_http_methods(["GET", "POST"])
def stocktake_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    stocktake = visible_stocktake(request.user, pk)
    if not permissions.can_draft(request.user, stocktake.unit):
        raise PermissionDenied(_("You may not change this stocktake."))
    locked = stocktake.status != Stocktake.Status.DRAFT
    form = StocktakeForm(request.POST or None, instance=visible_stocktake(request.user, pk),
                         user=request.user, creating=False, locked=locked)
    if form.is_valid():
        try:
            services.stocktake_update(actor=request.user, stocktake=stocktake,
                                      data=dict(form.cleaned_data))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Stocktake saved."))
            return redirect_after_post(request, stocktake.get_absolute_url())
    return render(request, "stocktake/stocktake_form.html",
                  {"form": form, "stocktake": stocktake, "title": _("Edit stocktake")})


def _detail_context(request: AuthedRequest, stocktake: Stocktake) -> dict:
    user, unit = request.user, stocktake.unit
    status = stocktake.status
    members = sorted(stocktake.members.all(), key=lambda m: (ROLE_ORDER[m.role], m.pk))
    is_open = status in (Stocktake.Status.DRAFT, Stocktake.Status.COUNTING,
                         Stocktake.Status.COUNTED)
    return {
        "stocktake": stocktake, "members": members,
        "sheets": selectors.sheet_list(user=user, stocktake=stocktake),
        "progress": selectors.progress(stocktake),
        "documents": stocktake.documents.order_by("kind", "number"),
        "member_form": MemberForm(user=request.user),
        "can_edit": is_open and permissions.can_draft(user, unit),
        "can_start": status == Stocktake.Status.DRAFT and permissions.can_post(user, unit),
        "can_finish": status == Stocktake.Status.COUNTING and permissions.can_draft(user, unit),
        "can_reopen": status == Stocktake.Status.COUNTED and permissions.can_draft(user, unit),
        "can_approve": status == Stocktake.Status.COUNTED and permissions.can_post(user, unit),
        "can_cancel": is_open and permissions.can_post(user, unit),
        "has_sheets": stocktake.sheets.exists(),
    }


@login_required
def stocktake_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    stocktake = visible_stocktake(request.user, pk)
    return render(request, "stocktake/stocktake_detail.html",
                  _detail_context(request, stocktake))


def _action(request: AuthedRequest, pk: int, service, done: str, **kwargs) -> HttpResponse:
    stocktake = visible_stocktake(request.user, pk)
    try:
        service(actor=request.user, stocktake=stocktake, **kwargs)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, done)
    return redirect_after_post(request, stocktake.get_absolute_url())


@login_required
@require_POST
def stocktake_start(request: AuthedRequest, pk: int) -> HttpResponse:
    stocktake = visible_stocktake(request.user, pk)
    if (stocktake.status == Stocktake.Status.DRAFT
            and jobs.expected_lines(stocktake) > jobs.background_lines()):
        permissions.ensure_can_post(request.user, stocktake.unit)
        # Thousands of count lines: made in the background, with a progress page.
        job = job_submit(actor=request.user, kind="stocktake.start", unit=stocktake.unit,
                         params={"stocktake": stocktake.pk},
                         title=_("Count sheets of %(title)s") % {"title": stocktake.title})
        return redirect_after_post(request, job.get_absolute_url())
    return _action(request, pk, services.stocktake_start,
                   _("Counting started: the count sheets are ready and postings in the scope "
                     "wait until the stocktake is approved."))


@login_required
@require_POST
def stocktake_finish(request: AuthedRequest, pk: int) -> HttpResponse:
    return _action(request, pk, services.stocktake_finish,
                   _("Counting finished; an officer can now approve the stocktake."))


@login_required
@require_POST
def stocktake_reopen(request: AuthedRequest, pk: int) -> HttpResponse:
    return _action(request, pk, services.stocktake_reopen, _("Counting reopened."))


@login_required
@require_POST
def stocktake_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    return _action(request, pk, services.stocktake_cancel, _("Stocktake cancelled."),
                   reason=request.POST.get("reason", "")[:300])


@login_required
@require_http_methods(["GET", "POST"])
def stocktake_approve(request: AuthedRequest, pk: int) -> HttpResponse:
    stocktake = visible_stocktake(request.user, pk)
    if not permissions.can_post(request.user, stocktake.unit):
        raise PermissionDenied(_("Only an officer may approve a stocktake."))
    form = ApproveForm(request.POST or None, initial={"conclusion": stocktake.conclusion})
    if request.method == "POST" and form.is_valid():
        try:
            services.stocktake_approve(actor=request.user, stocktake=stocktake,
                                       conclusion=form.cleaned_data["conclusion"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Stocktake approved; the adjustment documents are "
                                        "posted."))
            return redirect_after_post(request, stocktake.get_absolute_url())
    report = selectors.variance_report(selectors.stocktake_lines(stocktake),
                                       only_variances=True)
    return render(request, "stocktake/stocktake_approve.html",
                  {"stocktake": stocktake, "form": form, "report": report})


@login_required
@require_POST
def member_add(request: AuthedRequest, pk: int) -> HttpResponse:
    stocktake = visible_stocktake(request.user, pk)
    form = MemberForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.member_add(actor=request.user, stocktake=stocktake, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
    if form.errors:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect_after_post(request, stocktake.get_absolute_url())


@login_required
@require_POST
def member_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(CommitteeMember.objects.visible_to(request.user)
                               .select_related("stocktake"), pk=pk)
    try:
        services.member_remove(actor=request.user, member=member)
    except ValidationError as error:
        flash_errors(request, error)
    return redirect_after_post(request, member.stocktake.get_absolute_url())


def _hides_books(stocktake: Stocktake) -> bool:
    """A blind count shows the booked figures only once counting is finished."""
    return stocktake.is_blind and stocktake.status in (Stocktake.Status.DRAFT,
                                                       Stocktake.Status.COUNTING)


@login_required
def stocktake_variances(request: AuthedRequest, pk: int) -> HttpResponse:
    stocktake = visible_stocktake(request.user, pk)
    if _hides_books(stocktake):
        return render(request, "stocktake/stocktake_variances.html",
                      {"stocktake": stocktake, "hidden": True})
    only = request.GET.get("only") == "1"
    report = selectors.variance_report(selectors.stocktake_lines(stocktake),
                                       only_variances=only)
    return render(request, "stocktake/stocktake_variances.html",
                  {"stocktake": stocktake, "report": report, "only": only})


@login_required
def stocktake_variance_export(request: AuthedRequest, pk: int) -> FileResponse:
    stocktake = visible_stocktake(request.user, pk)
    if _hides_books(stocktake):
        raise Http404
    report = selectors.variance_report(selectors.stocktake_lines(stocktake),
                                       only_variances=request.GET.get("only") == "1")
    info = [(_("Unit"), stocktake.unit.name),
            (_("As at"), f"0h {stocktake.as_of:%d/%m/%Y}"),
            (_("Status"), stocktake.get_status_display())]
    data = render_variance_xlsx(report, title=_("Stocktake variances: %(title)s") % {
        "title": stocktake.title}, info=info)
    return file_response(data, file_slug(_("stocktake variances")) + f"-{stocktake.pk}.xlsx",
                         XLSX_TYPE)


@login_required
def stocktake_record(request: AuthedRequest, pk: int) -> FileResponse:
    stocktake = visible_stocktake(request.user, pk)
    if stocktake.status == Stocktake.Status.DRAFT or _hides_books(stocktake):
        raise Http404
    from .record import render_record_docx

    return file_response(render_record_docx(stocktake),
                         file_slug(_("stocktake record")) + f"-{stocktake.pk}.docx", DOCX_TYPE)

"""Count sheet screens: a sheet with htmx row editing, finds, printable sheets and their
import back."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kythuat.core.forms import add_service_error
from kythuat.core.htmx import redirect_after_post
from kythuat.core.text import file_slug
from kythuat.core.types import AuthedRequest
from kythuat.core.xlsx import XLSX_TYPE
from kythuat.holdings.renderers import qty
from kythuat.org import permissions
from kythuat.org.models import User

from . import selectors, services
from .forms import CountForm, FindForm, ImportForm
from .models import CountLine, CountSheet, Stocktake
from .renderers import SheetFileError, SheetPrint, SheetRow, read_sheets_xlsx, render_sheets_xlsx
from .services.counting import ImportedFind
from .views import file_response, flash_errors, visible_stocktake


def _visible_sheet(user: User, pk: int) -> CountSheet:
    return get_object_or_404(CountSheet.objects.visible_to(user).select_related(
        "stocktake", "stocktake__unit", "unit", "facility"), pk=pk)


def _visible_line(user: User, pk: int) -> CountLine:
    return get_object_or_404(CountLine.objects.visible_to(user).select_related(
        "sheet", "sheet__stocktake", "sheet__unit", "type", "item", "lot", "usage_group"),
        pk=pk)


def _can_count(user: User, sheet: CountSheet) -> bool:
    return (sheet.stocktake.status == Stocktake.Status.COUNTING
            and permissions.can_draft(user, sheet.unit))


def _ordered_lines(lines):
    return lines.select_related("type", "item", "lot", "usage_group").order_by(
        "is_unexpected", "type__name", "serial", "grade", "id")


def _sheet_context(request: AuthedRequest, sheet: CountSheet, find_form=None) -> dict:
    lines = list(_ordered_lines(sheet.lines))
    can_count = _can_count(request.user, sheet)
    if find_form is None and can_count:
        find_form = FindForm(user=request.user)
    return {"sheet": sheet, "stocktake": sheet.stocktake, "lines": lines,
            "can_count": can_count, "blind": sheet.stocktake.is_blind,
            "counted": sum(1 for line in lines if line.is_counted), "find_form": find_form}


@login_required
def sheet_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    sheet = _visible_sheet(request.user, pk)
    return render(request, "stocktake/sheet_detail.html", _sheet_context(request, sheet))


def _row_context(request: AuthedRequest, line: CountLine, **extra) -> dict:
    return {"line": line, "can_count": _can_count(request.user, line.sheet),
            "blind": line.sheet.stocktake.is_blind, **extra}


@login_required
@require_http_methods(["GET", "POST"])
def line_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """GET: the row as a form (htmx); POST: saves it and answers the row as text."""
    line = _visible_line(request.user, pk)
    if not _can_count(request.user, line.sheet):
        raise Http404
    if request.method == "GET" and request.GET.get("cancel"):
        return render(request, "stocktake/_line_row.html", _row_context(request, line))
    initial = {"counted": qty(line.counted), "grade_found": line.grade_found,
               "regraded": qty(line.regraded) or None, "note": line.note}
    form = CountForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            line = services.line_count(actor=request.user, line=line, count=services.LineCount(
                counted=data["counted"], grade_found=data["grade_found"],
                regraded=data["regraded"], note=data["note"]))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            line = _visible_line(request.user, pk)
            if not request.htmx:
                return redirect_after_post(request, line.sheet.get_absolute_url())
            return render(request, "stocktake/_line_row.html", _row_context(request, line))
    return render(request, "stocktake/_line_form.html", _row_context(request, line, form=form))


@login_required
@require_POST
def line_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    line = _visible_line(request.user, pk)
    try:
        services.line_delete(actor=request.user, line=line)
    except ValidationError as error:
        flash_errors(request, error)
    return redirect_after_post(request, line.sheet.get_absolute_url())


@login_required
@require_POST
def sheet_line_add(request: AuthedRequest, pk: int) -> HttpResponse:
    sheet = _visible_sheet(request.user, pk)
    form = FindForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.line_add(actor=request.user, sheet=sheet, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Find recorded."))
            return redirect_after_post(request, sheet.get_absolute_url())
    context = {**_sheet_context(request, sheet, find_form=form), "find_open": True}
    return render(request, "stocktake/sheet_detail.html", context, status=400)


@login_required
@require_POST
def sheet_fill(request: AuthedRequest, pk: int) -> HttpResponse:
    sheet = _visible_sheet(request.user, pk)
    try:
        count = services.sheet_fill_booked(actor=request.user, sheet=sheet)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("%(count)s lines counted as booked.") % {"count": count})
    return redirect_after_post(request, sheet.get_absolute_url())


def _print(sheets, blind: bool) -> list[SheetPrint]:
    grouped = selectors.by_sheet(_ordered_lines(CountLine.objects.filter(sheet__in=sheets)))
    return [SheetPrint(
        sheet_id=sheet.pk, number=sheet.number, unit=sheet.unit.name,
        parent=sheet.unit.parent.name if sheet.unit.parent_id else "",
        facility=sheet.facility.name if sheet.facility_id else "",
        rows=[SheetRow(line_id=line.pk, type_name=line.type.name, symbol=line.type.symbol,
                       uom=line.type.uom, detail=line.serial or line.lot_label,
                       grade=line.grade, usage_group=line.usage_group.name,
                       booked=None if blind else line.booked, counted=line.counted,
                       grade_found=line.grade_found, regraded=line.regraded, note=line.note)
              for line in grouped.get(sheet.pk, [])])
        for sheet in sheets]


def _sheets_file(stocktake: Stocktake, sheets) -> bytes:
    return render_sheets_xlsx(_print(sheets, stocktake.is_blind), title=stocktake.title,
                              as_of=stocktake.as_of, blind=stocktake.is_blind)


@login_required
def sheet_export(request: AuthedRequest, pk: int) -> FileResponse:
    sheet = _visible_sheet(request.user, pk)
    sheets = CountSheet.objects.filter(pk=sheet.pk).select_related("unit", "unit__parent",
                                                                   "facility")
    data = _sheets_file(sheet.stocktake, sheets)
    return file_response(data, f"{file_slug(_('count sheet'))}-{sheet.stocktake_id}-"
                               f"{sheet.number}.xlsx", XLSX_TYPE)


@login_required
def stocktake_sheets_export(request: AuthedRequest, pk: int) -> FileResponse:
    stocktake = visible_stocktake(request.user, pk)
    sheets = stocktake.sheets.select_related("unit", "unit__parent", "facility")
    if not sheets.exists():
        raise Http404
    return file_response(_sheets_file(stocktake, sheets),
                         f"{file_slug(_('count sheets'))}-{stocktake.pk}.xlsx", XLSX_TYPE)


@login_required
@require_http_methods(["GET", "POST"])
def stocktake_import(request: AuthedRequest, pk: int) -> HttpResponse:
    stocktake = visible_stocktake(request.user, pk)
    if not permissions.can_draft(request.user, stocktake.unit):
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            counts, finds, problems = read_sheets_xlsx(form.cleaned_data["file"].read())
            if problems:
                raise ValidationError(problems[:30])
            if not counts and not finds:
                raise ValidationError(_("The file holds no count sheet of this system; "
                                        "download the sheets, fill them in and import them."))
            changed = services.sheet_import(
                actor=request.user, stocktake=stocktake,
                counts={line_id: (read.row, services.LineCount(
                    counted=read.counted, grade_found=read.grade_found,
                    regraded=read.regraded, note=read.note))
                    for line_id, read in counts.items()},
                finds=[ImportedFind(sheet_id=f.sheet_id, row=f.row, symbol=f.symbol,
                                    serial=f.detail, lot_number=f.detail, grade=f.grade,
                                    counted=f.counted, note=f.note, group=f.group)
                       for f in finds])
        except SheetFileError as error:
            form.add_error("file", str(error))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("%(count)s lines imported from the filled sheets.")
                             % {"count": changed})
            return redirect_after_post(request, stocktake.get_absolute_url())
    return render(request, "stocktake/stocktake_import.html",
                  {"stocktake": stocktake, "form": form})

"""The score sheets: my unit's and my subordinates' sheets, a sheet with its three columns
(computed, self, higher level), the self-assessment form, the scoring screen, the Excel of the
scoring table, the annual report in Word and the evidence files."""

import io
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from kythuat.core.forms import add_service_error
from kythuat.core.htmx import redirect_after_post
from kythuat.core.pagination import paginate
from kythuat.core.types import AuthedRequest
from kythuat.core.xlsx import export_info, export_response
from kythuat.documents.compose import render_docx
from kythuat.org.models import Role
from kythuat.org.selectors import unit_from_request

from .. import permissions, reports, selectors, services
from ..filters import SheetFilter
from ..forms import AssessForm, ReviewForm, SheetOpenForm
from ..models import Score, Sheet


def visible_sheet(request: AuthedRequest, pk: int) -> Sheet:
    sheets = Sheet.objects.visible_to(request.user).select_related(
        "unit", "unit__kind", "unit__parent", "phase", "phase__campaign", "submitted_by",
        "scored_by")
    return get_object_or_404(sheets, pk=pk)


def _query(request: AuthedRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
@vary_on_headers("HX-Request")
def sheet_list(request: AuthedRequest) -> HttpResponse:
    if request.GET.get("unit"):
        unit_from_request(request.user, request.GET["unit"])  # 404 outside the subtree
    filterset = SheetFilter(request.GET, user=request.user)
    page = paginate(request, selectors.sheet_list(user=request.user, filters=request.GET))
    context = {"form": filterset.form, "page": page, "query": _query(request),
               "can_open": request.user.has_role(Role.OFFICER)}
    template = "campaign/_sheet_rows.html" if request.htmx else "campaign/sheet_list.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def sheet_create(request: AuthedRequest) -> HttpResponse:
    initial = {"unit": request.GET.get("unit") or request.user.unit_id,
               "phase": request.GET.get("phase"), "year": request.GET.get("year")}
    form = SheetOpenForm(request.POST or None, initial=initial, user=request.user)
    if form.is_valid():
        try:
            sheet = services.sheet_open(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Sheet opened for %(unit)s, %(year)s.")
                             % {"unit": sheet.unit.name, "year": sheet.year})
            return redirect_after_post(request, sheet.get_absolute_url())
    return render(request, "campaign/sheet_form.html", {"form": form,
                                                        "title": _("Open a score sheet")})


def _sheet_context(request: AuthedRequest, sheet: Sheet) -> dict:
    user = request.user
    status = sheet.status
    return {
        "sheet": sheet,
        "sections": selectors.sheet_sections(sheet),
        "can_assess": status == Sheet.Status.SELF and permissions.can_assess(user, sheet),
        "can_submit": status == Sheet.Status.SELF and permissions.can_submit(user, sheet),
        "can_review": status == Sheet.Status.SUBMITTED and permissions.can_review(
            user, sheet.unit),
    }


@login_required
def sheet_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    sheet = visible_sheet(request, pk)
    return render(request, "campaign/sheet_detail.html", _sheet_context(request, sheet))


def _scores(sheet: Sheet) -> list[Score]:
    return list(sheet.scores.select_related("criterion__group__objective"))


@login_required
@require_http_methods(["GET", "POST"])
def sheet_assess(request: AuthedRequest, pk: int) -> HttpResponse:
    sheet = visible_sheet(request, pk)
    if not permissions.can_assess(request.user, sheet):
        raise PermissionDenied(_("Only the clerks and officers of %(unit)s assess its own "
                                 "sheet.") % {"unit": sheet.unit.name})
    if sheet.status != Sheet.Status.SELF:
        messages.info(request, _("The sheet has been submitted; the unit can no longer change "
                                 "its self-assessment."))
        return redirect_after_post(request, sheet.get_absolute_url())
    form = AssessForm(request.POST or None, request.FILES or None, scores=_scores(sheet))
    if request.method == "POST" and form.is_valid():
        try:
            services.sheet_assess(actor=request.user, sheet=sheet, entries=form.entries())
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Self-assessment saved."))
            return redirect_after_post(request, sheet.get_absolute_url())
    context = {**_sheet_context(request, sheet), "form": form}
    return render(request, "campaign/sheet_assess.html", context)


@login_required
@require_POST
def sheet_submit(request: AuthedRequest, pk: int) -> HttpResponse:
    sheet = visible_sheet(request, pk)
    try:
        services.sheet_submit(actor=request.user, sheet=sheet)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Sheet submitted to the higher level."))
    return redirect_after_post(request, sheet.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def sheet_review(request: AuthedRequest, pk: int) -> HttpResponse:
    sheet = visible_sheet(request, pk)
    permissions.ensure_can_review(request.user, sheet.unit)
    if sheet.status != Sheet.Status.SUBMITTED:
        messages.info(request, _("Only a submitted sheet that is not closed can be scored by "
                                 "the higher level."))
        return redirect_after_post(request, sheet.get_absolute_url())
    form = ReviewForm(request.POST or None, scores=_scores(sheet))
    if request.method == "POST" and form.is_valid():
        close = "close" in request.POST
        try:
            services.sheet_review(actor=request.user, sheet=sheet, entries=form.entries(),
                                  close=close)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Sheet scored and closed; its computed scores are "
                                        "frozen.") if close else _("Scores saved."))
            return redirect_after_post(request, sheet.get_absolute_url())
    context = {**_sheet_context(request, sheet), "form": form}
    return render(request, "campaign/sheet_review.html", context)


@login_required
def sheet_export(request: AuthedRequest, pk: int) -> FileResponse:
    sheet = visible_sheet(request, pk)
    rows = reports.sheet_rows(selectors.sheet_sections(sheet))
    info = [*export_info(unit=sheet.unit.name, filters=""),
            (_("Year"), sheet.year), (_("Phase"), sheet.phase.label),
            (_("Status"), str(sheet.get_status_display()))]
    return export_response("xlsx", title=_("Campaign 50 scoring table"),
                           name=_("campaign-50-%(year)s") % {"year": sheet.year}, info=info,
                           columns=reports.sheet_columns(), rows=rows)


@login_required
def sheet_report(request: AuthedRequest, pk: int) -> FileResponse:
    sheet = visible_sheet(request, pk)
    document = reports.annual_report(sheet, selectors.sheet_sections(sheet))
    name = f"bao-cao-cvd50-{sheet.year}-{sheet.unit.code}".replace("/", "-")
    return FileResponse(io.BytesIO(render_docx(document)), as_attachment=True,
                        filename=f"{name}.docx")


@login_required
def score_evidence(request: AuthedRequest, pk: int) -> FileResponse:
    score = get_object_or_404(Score.objects.visible_to(request.user), pk=pk)
    if not score.evidence_file:
        raise Http404(_("This criterion has no evidence file."))
    try:
        handle = score.evidence_file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The attached file is missing from the server.")) from None
    return FileResponse(handle, as_attachment=True,
                        filename=Path(score.evidence_file.name).name)


"""The report screens: a report's page (sections with their figures, the automatic tables, the
annexes, the traceability annex), its header form, a section's text, the figures, issuing with
a confirmation step, the comparison with the records today and the Word document."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from kythuat.core.forms import add_service_error
from kythuat.core.htmx import redirect_after_post
from kythuat.core.pagination import paginate
from kythuat.core.types import AuthedRequest
from kythuat.org import permissions

from .. import report_selectors as selectors
from ..models import Report, Review
from ..report_forms import FigureForm, IssueForm, ReportCreateForm, ReportEditForm, SectionForm
from ..services import figures as figure_services
from ..services import reports as services

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _messages_of(request: AuthedRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _rights(user, report: Report) -> dict:
    draft = report.status == Report.Status.DRAFT
    return {"can_write": draft and permissions.can_draft(user, report.unit),
            "can_issue": services.can_issue(user, report)}


@login_required
@vary_on_headers("HX-Request")
def report_list(request: AuthedRequest) -> HttpResponse:
    reports = selectors.report_list(user=request.user, filters=request.GET)
    context = {"page": paginate(request, reports), "count": reports.count(),
               "statuses": Report.Status.choices, "status": request.GET.get("status", "")}
    template = "reviews/_report_rows.html" if request.htmx else "reviews/report_list.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request: AuthedRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(Review.objects.visible_to(request.user), pk=pk)
    form = ReportCreateForm(request.POST or None, review=review, user=request.user,
                            initial={"unit": request.GET.get("unit")})
    if form.is_valid():
        try:
            report = services.report_create(actor=request.user, review=review,
                                            unit=form.cleaned_data["unit"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Report created; write its sections and insert the "
                                        "figures."))
            return redirect_after_post(request, report.get_absolute_url())
    return render(request, "reviews/report_create.html", {"form": form, "review": review})


@login_required
@require_GET
def report_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    report = selectors.visible_report(request.user, pk)
    context = selectors.report_context(report)
    return render(request, "reviews/report_detail.html", {
        "report": report, "ctx": context, **_rights(request.user, report),
        "figure_form": FigureForm(report=report),
        "large": len(context.figures) > selectors.LARGE_REPORT})


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    report = selectors.visible_report(request.user, pk)
    services.ensure_can_write(request.user, report)
    form = ReportEditForm(request.POST or None, instance=Report.objects.get(pk=report.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.report_update(actor=request.user, report=report,
                                   data=dict(form.cleaned_data))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Report saved."))
            return redirect_after_post(request, report.get_absolute_url())
    return render(request, "reviews/report_form.html", {"form": form, "report": report})


@login_required
@require_http_methods(["GET", "POST"])
def section_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    section = selectors.visible_section(request.user, pk)
    report = section.report
    services.ensure_can_write(request.user, report)
    form = SectionForm(request.POST or None, initial={"text": section.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.section_update(actor=request.user, section=section,
                                    text=form.cleaned_data["text"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if request.htmx:
                # The form was swapped into the section: the saved text, with its figures,
                # takes its place (a redirect to the same page with only "#s-…" changed would
                # not reload it, and the form would stay on screen).
                context = selectors.report_context(report)
                saved = next(v for v in context.sections if v.section.pk == section.pk)
                return HttpResponse(saved.html or _("Not written yet."))
            messages.success(request, _("Section “%(part)s” saved.")
                             % {"part": section.get_part_display()})
            return redirect_after_post(request, f"{report.get_absolute_url()}#s-{section.pk}")
    context = {"form": form, "section": section, "report": report,
               "figures": selectors.report_context(report).inserted}
    template = ("reviews/_report_section_form.html" if request.htmx
                else "reviews/report_section_form.html")
    return render(request, template, context)


@login_required
@require_GET
def report_figures(request: AuthedRequest, pk: int) -> HttpResponse:
    report = selectors.visible_report(request.user, pk)
    context = selectors.report_context(report)
    return render(request, "reviews/report_figures.html", {
        "report": report, "ctx": context, **_rights(request.user, report)})


@login_required
@require_http_methods(["GET", "POST"])
def figure_add(request: AuthedRequest, pk: int) -> HttpResponse:
    report = selectors.visible_report(request.user, pk)
    services.ensure_can_write(request.user, report)
    form = FigureForm(request.POST or None, report=report)
    if request.method == "POST" and form.is_valid():
        try:
            figure = figure_services.figure_add(actor=request.user, report=report,
                                                **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Figure added: paste %(token)s into the text where the "
                                        "number goes.") % {"token": figure.token})
            return redirect_after_post(request, f"{report.get_absolute_url()}#figures")
    template = ("reviews/_figure_form.html" if request.htmx
                else "reviews/report_figure_form.html")
    return render(request, template, {"form": form, "report": report})


@login_required
@require_POST
def figure_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    figure = selectors.visible_figure(request.user, pk)
    report = figure.report
    try:
        figure_services.figure_delete(actor=request.user, figure=figure)
    except ValidationError as error:
        _messages_of(request, error)
    else:
        messages.success(request, _("Figure deleted."))
    return redirect_after_post(request, f"{report.get_absolute_url()}#figures")


@login_required
@require_POST
def report_refresh(request: AuthedRequest, pk: int) -> HttpResponse:
    report = selectors.visible_report(request.user, pk)
    try:
        changed = services.figures_refresh(actor=request.user, report=report)
    except ValidationError as error:
        _messages_of(request, error)
    else:
        messages.success(request, _("Automatic tables brought up to date (%(count)s figures "
                                    "added or removed).") % {"count": changed})
    return redirect_after_post(request, report.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def report_issue(request: AuthedRequest, pk: int) -> HttpResponse:
    """GET: the confirmation step (what issuing does, the missing reports); POST: issue."""
    report = selectors.visible_report(request.user, pk)
    if report.status == Report.Status.ISSUED:
        messages.info(request, _("This report has already been issued."))
        return redirect_after_post(request, report.get_absolute_url())
    if not services.can_issue(request.user, report):
        raise PermissionDenied(_("Only an officer of %(unit)s or a unit above it may issue "
                                 "its report.") % {"unit": report.unit.name})
    form = IssueForm(request.POST or None, report=report)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_issue(actor=request.user, report=report,
                                           date=form.cleaned_data["date"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Report issued as %(symbol)s; its figures are frozen.")
                             % {"symbol": report.number.symbol})
            return redirect_after_post(request, report.get_absolute_url())
    return render(request, "reviews/report_issue.html", {
        "form": form, "report": report, "missing": services.missing_reports(report),
        "figure_count": report.figures.count()})


@login_required
@require_GET
def report_compare(request: AuthedRequest, pk: int) -> HttpResponse:
    report = selectors.visible_report(request.user, pk)
    differences = (selectors.report_compare(report)
                   if report.status == Report.Status.ISSUED else [])
    return render(request, "reviews/report_compare.html", {
        "report": report, "differences": differences,
        "figure_count": report.figures.filter(frozen=True).count()})


@login_required
@require_GET
def report_docx(request: AuthedRequest, pk: int) -> HttpResponse:
    """The issued document as kept; `?regenerate=1` rebuilds it from the frozen figures (the
    same figures). A draft is written now, or in the background when it has many figures."""
    report = selectors.visible_report(request.user, pk)
    name = selectors.docx_filename(report)
    if (report.status == Report.Status.ISSUED and report.issued_file
            and not request.GET.get("regenerate")):
        return FileResponse(report.issued_file.open("rb"), as_attachment=True, filename=name,
                            content_type=DOCX_TYPE)
    if report.status == Report.Status.DRAFT and (
            report.figures.count() > selectors.LARGE_REPORT or request.GET.get("background")):
        from kythuat.jobs.services import job_submit

        job = job_submit(actor=request.user, kind="reviews.report_docx", unit=report.unit,
                         params={"report": report.pk},
                         title=_("Word document of %(report)s") % {"report": report.title})
        return redirect(job.get_absolute_url())
    return FileResponse(io.BytesIO(selectors.report_docx_bytes(report)), as_attachment=True,
                        filename=name, content_type=DOCX_TYPE)


def section_url(section) -> str:
    return reverse("reviews:report-section-edit", args=[section.pk])

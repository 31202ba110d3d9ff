"""Construction and investment records: the list, a facility's forms, and the summary by
funding source and year."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from kythuat.core.htmx import redirect_after_post
from kythuat.core.pagination import paginate
from kythuat.core.types import AuthedRequest
from kythuat.core.xlsx import Column
from kythuat.org import permissions
from kythuat.org.models import User
from kythuat.org.selectors import unit_from_request

from .. import selectors, services
from ..filters import InvestmentFilter
from ..forms import InvestmentForm, SummaryForm
from ..models import Facility, Investment
from ..money import vnd_words
from ..selectors import SUMMARY_YEARS
from .common import (
    checked_unit,
    export_info,
    list_query,
    record_form,
    visible,
    visible_facility,
    xlsx_response,
)


def _ensure_can_write(user: User, facility: Facility) -> None:
    if not permissions.can_post(user, facility.owner_unit):
        raise PermissionDenied(
            _("Only an officer of %(unit)s or a unit above it may record the investments of "
              "its facilities.") % {"unit": facility.owner_unit.name})


@login_required
@vary_on_headers("HX-Request")
@require_http_methods(["GET"])
def investment_list(request: AuthedRequest) -> HttpResponse:
    checked_unit(request)
    filterset = InvestmentFilter(request.GET, user=request.user)
    investments = selectors.investment_list(user=request.user, filters=request.GET)
    context = {
        "form": filterset.form,
        "page": paginate(request, investments),
        "total": investments.aggregate(total=Sum("cost_vnd"))["total"] or 0,
        "query": list_query(request),
    }
    template = "storage/_investment_rows.html" if request.htmx else "storage/investment_list.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET"])
def investment_export(request: AuthedRequest) -> FileResponse:
    checked_unit(request)
    filterset = InvestmentFilter(request.GET, user=request.user)
    investments = selectors.investment_list(user=request.user, filters=request.GET)
    rows = ([i.year, i.facility.code, i.facility.name, i.facility.owner_unit.name,
             i.get_kind_display(), i.description, i.cost_vnd, i.funding_source.name,
             i.decision_ref, i.note] for i in investments.iterator(chunk_size=2000))
    columns = [Column(_("Year"), number_format="0"), Column(_("Facility code")),
               Column(_("Facility")), Column(_("Owner unit")), Column(_("Kind of work")),
               Column(_("What was built or upgraded")), Column(_("Cost (VND)")),
               Column(_("Funding source")), Column(_("Investment decision")), Column(_("Note"))]
    return xlsx_response(title=_("Construction and investment"), name=_("investments"),
                         info=export_info(request, filterset.form, investments.count()),
                         columns=columns, rows=rows)


@login_required
@require_http_methods(["GET", "POST"])
def investment_create(request: AuthedRequest, pk: int) -> HttpResponse:
    facility = visible_facility(request.user, pk)
    _ensure_can_write(request.user, facility)
    form = InvestmentForm(request.POST or None)
    return record_form(
        request, form=form, facility=facility, title=_("New investment record"),
        save=lambda data: services.investment_create(actor=request.user, facility=facility,
                                                     **data),
        success=_("The investment was recorded."))


@login_required
@require_http_methods(["GET", "POST"])
def investment_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    investment = visible(Investment.objects.select_related("facility__owner_unit"),
                         request.user, pk)
    facility = investment.facility
    _ensure_can_write(request.user, facility)
    initial = {name: getattr(investment, name) for name in services.investments.INVESTMENT_FIELDS}
    form = InvestmentForm(request.POST or None, initial=initial)
    return record_form(
        request, form=form, facility=facility, title=_("Edit investment record"),
        delete_url=reverse("storage:investment-delete", args=[investment.pk]),
        save=lambda data: services.investment_update(actor=request.user, investment=investment,
                                                     data=data),
        success=_("The investment record was saved."))


@login_required
@require_http_methods(["POST"])
def investment_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    investment = visible(Investment.objects.select_related("facility__owner_unit"),
                         request.user, pk)
    facility = investment.facility
    _ensure_can_write(request.user, facility)
    services.investment_delete(actor=request.user, investment=investment)
    messages.success(request, _("The investment record was deleted."))
    return redirect_after_post(request, facility.get_absolute_url())


def _summary(request: AuthedRequest) -> dict:
    unit = unit_from_request(request.user, request.GET.get("unit"))
    this_year = timezone.localdate().year
    initial = {"unit": unit.pk, "year_from": this_year - SUMMARY_YEARS + 1, "year_to": this_year}
    # The form always shows the unit and years the figures are for.
    query = request.GET.copy()
    for name, value in initial.items():
        if not query.get(name):
            query[name] = str(value)
    form = SummaryForm(query, user=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    first = data.get("year_from") or initial["year_from"]
    last = data.get("year_to") or initial["year_to"]
    if last < first:
        first, last = last, first
    summary = selectors.investment_summary(unit=unit, year_from=first, year_to=last)
    return {"unit": unit, "form": form, "summary": summary, "query": list_query(request)}


@login_required
@require_http_methods(["GET"])
def investment_summary(request: AuthedRequest) -> HttpResponse:
    context = _summary(request)
    summary = context["summary"]
    context["rows"] = [
        {"row": row, "cells": row.cells(summary.years), "share": summary.share(row),
         "words": vnd_words(row.total)}
        for row in summary.rows
    ]
    context["total_words"] = vnd_words(summary.total)
    return render(request, "storage/investment_summary.html", context)


@login_required
@require_http_methods(["GET"])
def investment_summary_export(request: AuthedRequest) -> FileResponse:
    context = _summary(request)
    summary = context["summary"]
    years = summary.years
    columns = [Column(_("Funding source")), *(Column(str(year)) for year in years),
               Column(_("Total (VND)")), Column(_("Share (%)")), Column(_("Records"))]
    rows = [[row.source.name, *row.cells(years), row.total, summary.share(row), row.records]
            for row in summary.rows]
    rows.append([_("Total"), *summary.year_cells(), summary.total,
                 100.0 if summary.total else 0.0, summary.records])
    rows.append([])
    rows.append([_("Facility kind"), _("Facilities built"), _("Facilities invested in"),
                 _("Total (VND)")])
    rows.extend([kind.name, kind.facilities_built, kind.facilities_invested, kind.total]
                for kind in summary.kinds)
    info = [
        (_("Unit"), summary.unit.name),
        (_("Years"), f"{summary.year_from}–{summary.year_to}"),
        (_("Facilities built"), summary.facilities_built),
        (_("Total invested"), vnd_words(summary.total)),
    ]
    width = len(columns)
    rows = [[*row, *([None] * (width - len(row)))] for row in rows]
    return xlsx_response(title=_("Investment in facilities by funding source"),
                         name=_("investment summary"), info=info, columns=columns, rows=rows)

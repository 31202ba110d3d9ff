"""Due lists of a unit subtree: lots expiring, re-tests due, and the tests recorded."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from kythuat.core.pagination import paginate
from kythuat.core.types import AuthedRequest
from kythuat.core.xlsx import Column
from kythuat.org.querysets import subtree_ids

from .. import selectors
from ..forms import ExpiryFilterForm, LotFilterForm, RetestFilterForm
from ..models import LotTest
from .common import cleaned, qty, screen_unit, xlsx_response


def _with_defaults(request: AuthedRequest, form_class, window: str):
    data = request.GET.copy()
    data.setdefault("window", window)
    return form_class(data, user=request.user)


def _expiry(request: AuthedRequest):
    unit = screen_unit(request)
    form = _with_defaults(request, ExpiryFilterForm, "180")
    return unit, form, selectors.expiry_list(unit=unit, filters=cleaned(form))


def _retest(request: AuthedRequest):
    unit = screen_unit(request)
    form = _with_defaults(request, RetestFilterForm, "overdue")
    return unit, form, selectors.retest_list(unit=unit, filters=cleaned(form))


def _page(request: AuthedRequest, *, unit, form, lots, template: str, rows_template: str,
          title: str, export: str) -> HttpResponse:
    page = paginate(request, lots)
    page.object_list = selectors.with_state(page.object_list)
    context = {"form": form, "page": page, "unit": unit, "title": title,
               "export_url": export, "query": request.GET.urlencode(),
               "rows_template": rows_template}
    return render(request, rows_template if request.htmx else template, context)


@login_required
@vary_on_headers("HX-Request")
def expiry_list(request: AuthedRequest) -> HttpResponse:
    unit, form, lots = _expiry(request)
    return _page(request, unit=unit, form=form, lots=lots, template="ammunition/due_list.html",
                 rows_template="ammunition/_expiry_rows.html", title=_("Lots by expiry date"),
                 export="ammunition:expiry-export")


@login_required
@vary_on_headers("HX-Request")
def retest_list(request: AuthedRequest) -> HttpResponse:
    unit, form, lots = _retest(request)
    return _page(request, unit=unit, form=form, lots=lots, template="ammunition/due_list.html",
                 rows_template="ammunition/_retest_rows.html", title=_("Re-tests due"),
                 export="ammunition:retest-export")


def _lot_columns() -> list[Column]:
    return [Column(_("Equipment type")), Column(_("Lot number")), Column(_("Manufacturer")),
            Column(_("Year of manufacture"), number_format="0"), Column(_("Status")),
            Column(_("On hand")), Column(_("Unit of measure"))]


def _lot_cells(lot) -> list:
    return [lot.type.name, lot.lot_number, lot.manufacturer, lot.manufactured_year,
            lot.get_status_display(), qty(lot.on_hand), lot.type.uom]


@login_required
@require_GET
def expiry_export(request: AuthedRequest) -> FileResponse:
    unit, form, lots = _expiry(request)
    columns = [*_lot_columns(), Column(_("Expiry date")), Column(_("Days left"))]

    def rows():
        for lot in lots.iterator(chunk_size=500):
            yield [*_lot_cells(lot), lot.expiry_date, selectors.lot_state(lot).days_left]

    return xlsx_response(title=_("Lots by expiry date"), unit=unit, form=form,
                         count=lots.count(), columns=columns, rows=rows(), stem="lo-dan-het-han")


@login_required
@require_GET
def retest_export(request: AuthedRequest) -> FileResponse:
    unit, form, lots = _retest(request)
    columns = [*_lot_columns(), Column(_("Last test")), Column(_("Interval (months)")),
               Column(_("Next re-test")), Column(_("Days left"))]

    def rows():
        for lot in lots.iterator(chunk_size=500):
            state = selectors.lot_state(lot)
            yield [*_lot_cells(lot), lot.last_tested, lot.months, state.next_retest,
                   state.retest_days]

    return xlsx_response(title=_("Re-tests due"), unit=unit, form=form, count=lots.count(),
                         columns=columns, rows=rows(), stem="lo-dan-den-han-kiem-tra")


def _tests(request: AuthedRequest):
    unit = screen_unit(request)
    form = LotFilterForm(request.GET, user=request.user)
    del form.fields["status"]
    filters = cleaned(form)
    tests = LotTest.objects.filter(unit__in=subtree_ids(unit)).select_related(
        "lot", "lot__type", "kind", "conclusion", "unit", "facility")
    if filters.get("type"):
        tests = tests.filter(lot__type=filters["type"])
    if filters.get("branch"):
        tests = tests.filter(lot__type__branch=filters["branch"])
    if filters.get("q"):
        tests = tests.filter(lot__in=selectors.lot_register(unit=unit, filters={
            "q": filters["q"]}).values("pk"))
    return unit, form, tests.order_by("-tested_on", "-id")


@login_required
@vary_on_headers("HX-Request")
def test_list(request: AuthedRequest) -> HttpResponse:
    unit, form, tests = _tests(request)
    context = {"form": form, "page": paginate(request, tests), "unit": unit,
               "query": request.GET.urlencode()}
    template = "ammunition/_test_rows.html" if request.htmx else "ammunition/test_list.html"
    return render(request, template, context)


@login_required
@require_GET
def test_export(request: AuthedRequest) -> FileResponse:
    unit, form, tests = _tests(request)
    columns = [Column(_("Test date")), Column(_("Equipment type")), Column(_("Lot number")),
               Column(_("Kind of test")), Column(_("Samples taken")),
               Column(_("Samples failed")), Column(_("Conclusion")), Column(_("Results")),
               Column(_("Performed by")), Column(_("Testing facility")),
               Column(_("Recording unit"))]

    def rows():
        for test in tests.iterator(chunk_size=500):
            yield [test.tested_on, test.lot.type.name, test.lot.lot_number, test.kind.name,
                   test.samples_taken, test.samples_failed, test.conclusion.name, test.results,
                   test.performed_by, test.facility.name if test.facility else "",
                   test.unit.name]

    return xlsx_response(title=_("Lot tests"), unit=unit, form=form, count=tests.count(),
                         columns=columns, rows=rows(), stem="kiem-tra-lo-dan")

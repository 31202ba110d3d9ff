"""The ammunition lot register, a lot's page with its history, and the forms that record a
test, an isolation, a release and a shelf-life extension."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from kythuat.core.forms import add_service_error
from kythuat.core.htmx import redirect_after_post
from kythuat.core.quick_select import quick_filters
from kythuat.core.types import AuthedRequest
from kythuat.core.xlsx import Column
from kythuat.holdings.choices import LotStatus
from kythuat.holdings.kept import paginate_kept_order
from kythuat.holdings.models import Lot
from kythuat.org.models import Role
from kythuat.org.selectors import default_unit

from .. import selectors, services
from ..forms import ExtensionForm, IsolationForm, LotFilterForm, LotTestForm, ReleaseForm
from ..models import LotIsolation
from .common import cleaned, qty, screen_unit, visible_lot, xlsx_response


def _register(request: AuthedRequest):
    unit = screen_unit(request)
    form = LotFilterForm(request.GET, user=request.user)
    return unit, form, selectors.lot_register(unit=unit, filters=cleaned(form))


@login_required
@vary_on_headers("HX-Request")
def lot_list(request: AuthedRequest) -> HttpResponse:
    unit, form, lots = _register(request)
    quick_filters(form, request.user)  # not every unit of the subtree as an option
    # The register's order is kept until something is written; a page reads its 50 rows.
    page = paginate_kept_order(request, lots, "ammunition-lots",
                               lambda ids: selectors.lot_rows(unit=unit, ids=ids))
    page.object_list = selectors.with_state(page.object_list)
    context = {"form": form, "page": page, "unit": unit, "query": request.GET.urlencode()}
    template = "ammunition/_lot_rows.html" if request.htmx else "ammunition/lot_list.html"
    return render(request, template, context)


@login_required
@require_GET
def lot_export(request: AuthedRequest) -> FileResponse:
    unit, form, lots = _register(request)
    columns = [Column(_("Equipment type")), Column(_("Lot number")), Column(_("Manufacturer")),
               Column(_("Year of manufacture"), number_format="0"), Column(_("Expiry date")),
               Column(_("Days left")), Column(_("Status")), Column(_("Last test")),
               Column(_("Next re-test")), Column(_("On hand")), Column(_("Unit of measure"))]

    def rows():
        for lot in lots.iterator(chunk_size=500):
            state = selectors.lot_state(lot)
            yield [lot.type.name, lot.lot_number, lot.manufacturer, lot.manufactured_year,
                   lot.expiry_date, state.days_left, lot.get_status_display(), lot.last_tested,
                   state.next_retest, qty(lot.on_hand), lot.type.uom]

    return xlsx_response(title=_("Ammunition lots"), unit=unit, form=form, count=lots.count(),
                         columns=columns, rows=rows(), stem="lo-dan")


def _can(request: AuthedRequest) -> dict:
    return {"can_record": request.user.has_role(Role.CLERK),
            "can_decide": request.user.has_role(Role.OFFICER)}


@login_required
def lot_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    lot = visible_lot(request, pk)
    annotated = selectors.lot_register(unit=default_unit(request.user)).filter(pk=lot.pk).first()
    history = selectors.lot_history(lot=lot, user=request.user)
    context = {
        "lot": annotated or lot,
        "state": selectors.lot_state(annotated or lot),
        "open_isolation": next((i for i in history["isolations"] if i.is_open), None),
        "on_hand": qty(getattr(annotated, "on_hand", None)),
        "is_ammunition": annotated is not None,
        **history,
        **_can(request),
    }
    return render(request, "ammunition/lot_detail.html", context)


@login_required
@require_GET
def lot_panel(request: AuthedRequest, pk: int) -> HttpResponse:
    """The ammunition panel on the holdings lot page (loaded with htmx)."""
    lot = visible_lot(request, pk)
    annotated = selectors.lot_register(unit=default_unit(request.user)).filter(pk=lot.pk).first()
    history = selectors.lot_history(lot=lot, user=request.user)
    test_count = history["tests"].count()
    if annotated is None and not test_count and lot.status == LotStatus.NORMAL:
        return HttpResponse("")  # not ammunition (spare parts …): no panel
    context = {
        "lot": annotated or lot,
        "state": selectors.lot_state(annotated or lot),
        "last_test": history["tests"].first(),
        "open_isolation": history["isolations"].filter(released_on__isnull=True).first(),
        "extension": history["extensions"].first(),
        "test_count": test_count,
    }
    return render(request, "ammunition/_lot_panel.html", context)


def _initial_unit(request: AuthedRequest, lot: Lot) -> dict:
    unit = request.user.unit
    if unit is not None and Lot.objects.within(unit).filter(pk=lot.pk).exists():
        return {"unit": unit.pk}
    return {}


def _form_page(request: AuthedRequest, form, *, lot: Lot, title: str, action) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect_after_post(request, _lot_url(lot))
    context = {"form": form, "lot": lot, "title": title}
    return render(request, "ammunition/lot_form.html", context)


def _lot_url(lot: Lot) -> str:
    return reverse("ammunition:lot-detail", args=[lot.pk])


@login_required
@require_http_methods(["GET", "POST"])
def test_create(request: AuthedRequest, pk: int) -> HttpResponse:
    lot = visible_lot(request, pk)
    if not request.user.has_role(Role.CLERK):
        raise PermissionDenied(_("Only a clerk or an officer may record lot tests."))
    initial = {**_initial_unit(request, lot), "tested_on": timezone.localdate()}
    form = LotTestForm(request.POST or None, initial=initial, user=request.user)
    return _form_page(
        request, form, lot=lot, title=_("Record a test of lot %(lot)s") % {"lot": lot.lot_number},
        action=lambda data: services.lot_test_record(actor=request.user, lot=lot, **data))


@login_required
@require_http_methods(["GET", "POST"])
def lot_isolate(request: AuthedRequest, pk: int) -> HttpResponse:
    lot = visible_lot(request, pk)
    if not request.user.has_role(Role.OFFICER):
        raise PermissionDenied(_("Only an officer may isolate a lot."))
    initial = {**_initial_unit(request, lot), "isolated_on": timezone.localdate()}
    form = IsolationForm(request.POST or None, initial=initial, user=request.user)
    return _form_page(
        request, form, lot=lot, title=_("Isolate lot %(lot)s") % {"lot": lot.lot_number},
        action=lambda data: services.lot_isolate(actor=request.user, lot=lot, **data))


@login_required
@require_http_methods(["GET", "POST"])
def isolation_release(request: AuthedRequest, pk: int) -> HttpResponse:
    isolations = LotIsolation.objects.visible_to(request.user).select_related("lot", "unit")
    isolation = get_object_or_404(isolations, pk=pk)
    if not request.user.has_role(Role.OFFICER):
        raise PermissionDenied(_("Only an officer may release a lot."))
    form = ReleaseForm(request.POST or None, initial={"released_on": timezone.localdate()})
    lot = isolation.lot
    return _form_page(
        request, form, lot=lot,
        title=_("Release lot %(lot)s from isolation") % {"lot": lot.lot_number},
        action=lambda data: services.lot_release(actor=request.user, isolation=isolation,
                                                 **data))


@login_required
@require_http_methods(["GET", "POST"])
def lot_extend(request: AuthedRequest, pk: int) -> HttpResponse:
    lot = visible_lot(request, pk)
    if not request.user.has_role(Role.OFFICER):
        raise PermissionDenied(_("Only an officer may record a shelf-life extension."))
    initial = {**_initial_unit(request, lot), "decided_on": timezone.localdate()}
    form = ExtensionForm(request.POST or None, initial=initial, user=request.user)
    return _form_page(
        request, form, lot=lot,
        title=_("Extend the shelf life of lot %(lot)s") % {"lot": lot.lot_number},
        action=lambda data: services.shelf_life_extend(actor=request.user, lot=lot, **data))

